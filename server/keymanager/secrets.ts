import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { listeners, pools, type SecretKind, secrets } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";
import { ConflictError, NotFoundError, ValidationError } from "@/server/kernel/errors";
import type { SecretCreateInput } from "@/server/services/schemas/secret";
import { type ParsedSecret, parseSecretPayload } from "./certificates";
import { decryptPayload, encryptPayload, secretKey } from "./crypto";
import { secretIdOf, secretRef } from "./refs";

// The key manager: Barbican's secrets, scoped to a project. Payloads are checked and
// normalized at upload (certificates.ts) and stored encrypted (crypto.ts); reads answer
// metadata only. Listeners and pools name secrets by secret_ref and are refused another
// project's, and a secret in use cannot be deleted.

type SecretRow = typeof secrets.$inferSelect;

export function secretView(row: SecretRow, origin: string | null) {
  const { encrypted_payload: _payload, ...fields } = row;
  return { ...fields, secret_ref: secretRef(origin, row.id), status: "ACTIVE" as const };
}
export type SecretView = ReturnType<typeof secretView>;

/**
 * Checks and normalizes an upload's payload. Slow for a PKCS12 archive (decoded in a worker
 * thread): the secret router calls it before the mutation's transaction opens.
 */
export function decodeSecretPayload(input: SecretCreateInput): Promise<ParsedSecret> {
  return parseSecretPayload(input.payload, input.payload_content_type);
}

/** Stores an upload decoded by decodeSecretPayload. */
export async function createSecret(ctx: ServiceContext, input: SecretCreateInput, parsed: ParsedSecret, origin: string | null) {
  const id = randomUUID();
  const { pem, ...metadata } = parsed;
  const [row] = await ctx.db
    .insert(secrets)
    .values({
      id,
      project_id: ctx.projectId,
      name: input.name ?? "",
      payload_content_type: input.payload_content_type,
      payload_content_encoding: input.payload_content_encoding ?? null,
      encrypted_payload: encryptPayload(secretKey(), id, pem),
      ...metadata,
    })
    .returning();
  if (!row) throw new Error("secret insert returned no row");
  return secretView(row, origin);
}

export async function listSecrets(ctx: ServiceContext, origin: string | null) {
  const rows = await ctx.db.select().from(secrets).where(eq(secrets.project_id, ctx.projectId)).orderBy(desc(secrets.created_at), desc(secrets.id));
  return rows.map((r) => secretView(r, origin));
}

async function findSecret(ctx: ServiceContext, id: string, lock?: "update" | "share"): Promise<SecretRow> {
  const query = ctx.db.select().from(secrets).where(and(eq(secrets.id, id), eq(secrets.project_id, ctx.projectId)));
  const [row] = lock ? await query.for(lock) : await query;
  if (!row) throw new NotFoundError("Secret", id);
  return row;
}

export async function getSecret(ctx: ServiceContext, id: string, origin: string | null) {
  return secretView(await findSecret(ctx, id), origin);
}

/** Listeners and pools of the project that name secret `id`, as "listener <name or id>". */
async function usersOf(ctx: ServiceContext, id: string): Promise<string[]> {
  const names = (what: string, rows: { id: string; name: string; refs: (string | null)[] }[]) =>
    rows.filter((r) => r.refs.some((ref) => ref !== null && secretIdOf(ref) === id)).map((r) => `${what} ${r.name || r.id}`);
  const ls = await ctx.db
    .select()
    .from(listeners)
    .where(and(eq(listeners.project_id, ctx.projectId), ne(listeners.provisioning_status, "DELETED")));
  const ps = await ctx.db
    .select()
    .from(pools)
    .where(and(eq(pools.project_id, ctx.projectId), ne(pools.provisioning_status, "DELETED")));
  return [
    ...names(
      "listener",
      ls.map((l) => ({ id: l.id, name: l.name, refs: [l.default_tls_container_ref, l.client_ca_tls_container_ref, l.client_crl_container_ref, ...l.sni_container_refs] })),
    ),
    ...names("pool", ps.map((p) => ({ id: p.id, name: p.name, refs: [p.tls_container_ref, p.ca_tls_container_ref, p.crl_container_ref] }))),
  ];
}

export async function deleteSecret(ctx: ServiceContext, id: string): Promise<void> {
  // The row lock orders this delete after any listener or pool change that took the secret
  // (they lock it for share), so the check below sees theirs.
  await findSecret(ctx, id, "update");
  const users = await usersOf(ctx, id);
  if (users.length > 0) throw new ConflictError(`Secret ${id} is in use by ${users.join(", ")}; change or delete ${users.length > 1 ? "them" : "it"} first.`);
  await ctx.db.delete(secrets).where(eq(secrets.id, id));
}

const KIND_NAMES: Record<SecretKind, string> = {
  certificate: "a certificate with its private key",
  ca: "CA certificates",
  crl: "a certificate revocation list",
};

/**
 * The secret a listener or pool field names, locked for share until the change commits. Octavia's
 * "Could not retrieve certificate" for a ref that is not ours or not the project's.
 */
export async function resolveSecretRef(ctx: ServiceContext, ref: string, field: string, kinds: readonly SecretKind[]): Promise<SecretRow> {
  const id = secretIdOf(ref);
  const row = id ? await findSecret(ctx, id, "share").catch(() => null) : null;
  if (!row) throw new ValidationError(`Could not retrieve certificate: ${ref}`, field);
  if (!kinds.includes(row.kind)) {
    throw new ValidationError(
      `Validation failure: The secret ${ref} holds ${KIND_NAMES[row.kind]}; ${field} needs ${kinds.map((k) => KIND_NAMES[k]).join(" or ")}.`,
      field,
    );
  }
  return row;
}

/** Decrypted PEM payloads by secret id, for the controller's rendering. Not project-scoped: the API already checked each ref. */
export async function secretPayloads(db: ServiceContext["db"], ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: secrets.id, encrypted_payload: secrets.encrypted_payload }).from(secrets).where(inArray(secrets.id, ids));
  const key = secretKey();
  return new Map(rows.map((r) => [r.id, decryptPayload(key, r.id, r.encrypted_payload)]));
}
