import { eq, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Role, tokens, users } from "@/db/schema";
import { holdsCloudAdminGrant, type Identity, scopedIdentity } from "./identity";
import { announceAccessChange } from "./revocations";
import { hashSecret, newSecret } from "./secrets";

// Keystone tokens for API clients: random, stored as hashes, with an expiry. Scoped to a project
// (the only kind Octavia and Neutron accept), to the Default domain (the cloud admin's), or
// unscoped (a password login without a scope, good only for listing one's projects and
// rescoping with the token method).
//
// The table has no scope column: a token not scoped to its project carries `scope:domain` or
// `scope:unscoped` among its methods (no Keystone method has that name) and still names one of
// the user's projects, which the row's foreign key requires but nothing reads (deleting that
// project ends the token too, which Keystone's would survive: the client logs in again).

export type TokenScope = "project" | "domain" | "unscoped";

const SCOPE_MARK = "scope:";
const stored = (methods: string[], scope: TokenScope) => (scope === "project" ? methods : [...methods, `${SCOPE_MARK}${scope}`]);
const scopeOfRow = (methods: string[]): TokenScope => (methods.find((m) => m.startsWith(SCOPE_MARK))?.slice(SCOPE_MARK.length) as TokenScope | undefined) ?? "project";
const methodsOfRow = (methods: string[]) => methods.filter((m) => !m.startsWith(SCOPE_MARK));

export interface IssuedToken {
  secret: string;
  issued_at: string;
  expires_at: string;
  methods: string[];
}

/**
 * A new token of `userId` for `projectId` (for a domain-scoped or unscoped token, any project of
 * the user's: see above), living `ttlMs` but never past `notAfter` (a rescoped token ends no
 * later than the one it came from, as Keystone's).
 */
export async function issueToken(
  db: Db,
  userId: string,
  projectId: string,
  methods: string[],
  ttlMs: number,
  opts: { scope?: TokenScope; notAfter?: string } = {},
): Promise<IssuedToken> {
  const secret = newSecret();
  const issued = new Date();
  const expires = new Date(Math.min(issued.getTime() + ttlMs, opts.notAfter ? Date.parse(opts.notAfter) : Infinity));
  await db.insert(tokens).values({
    id_hash: hashSecret(secret),
    user_id: userId,
    project_id: projectId,
    methods: stored(methods, opts.scope ?? "project"),
    issued_at: issued.toISOString(),
    expires_at: expires.toISOString(),
  });
  return { secret, issued_at: issued.toISOString(), expires_at: expires.toISOString(), methods };
}

/** What a domain-scoped token carries: the cloud admin's role, held on the Default domain. */
export const DOMAIN_ROLE: Role = "admin";

/** Who holds a live token of any scope, and what it is scoped to. */
export interface TokenHolder {
  user: { id: string; name: string };
  cloudAdmin: boolean;
  /** The project-scoped identity; null for a domain-scoped or unscoped token. */
  identity: Identity | null;
  scope: TokenScope;
  /** The roles the token carries: the project's, `admin` on the cloud admin's domain, none unscoped. */
  roles: Role[];
  token: Omit<IssuedToken, "secret">;
}

/**
 * The holder of a live token of any scope (Keystone's own calls: validation, rescoping, one's
 * projects); null when unknown, expired, revoked, or no longer valid: the user disabled, a
 * project-scoped token's role or project gone, a domain-scoped token's holder no longer the cloud admin.
 */
export async function resolveTokenHolder(db: Db, secret: string): Promise<TokenHolder | null> {
  const [row] = await db.select().from(tokens).where(eq(tokens.id_hash, hashSecret(secret)));
  if (!row || Date.parse(row.expires_at) <= Date.now()) return null;
  const token = { issued_at: new Date(row.issued_at).toISOString(), expires_at: new Date(row.expires_at).toISOString(), methods: methodsOfRow(row.methods) };
  const scope = scopeOfRow(row.methods);
  if (scope === "project") {
    const identity = await scopedIdentity(db, row.user_id, row.project_id);
    return identity && { user: identity.user, cloudAdmin: identity.cloudAdmin, identity, scope, roles: identity.roles, token };
  }
  const [user] = await db.select({ id: users.id, name: users.name, enabled: users.enabled }).from(users).where(eq(users.id, row.user_id));
  if (!user?.enabled) return null;
  const cloudAdmin = await holdsCloudAdminGrant(db, user.id);
  if (scope === "domain" && !cloudAdmin) return null;
  return { user: { id: user.id, name: user.name }, cloudAdmin, identity: null, scope, roles: scope === "domain" ? [DOMAIN_ROLE] : [], token };
}

/**
 * The identity a live project-scoped token carries, with its times; null when unknown, expired,
 * revoked or no longer valid, and for a domain-scoped or unscoped token, which Octavia and
 * Neutron refuse as Keystone's middleware leaves them no project.
 */
export async function resolveToken(db: Db, secret: string): Promise<{ identity: Identity; token: Omit<IssuedToken, "secret"> } | null> {
  const holder = await resolveTokenHolder(db, secret);
  return holder?.identity ? { identity: holder.identity, token: holder.token } : null;
}

export async function revokeToken(db: Db, secret: string): Promise<boolean> {
  const rows = await db.delete(tokens).where(eq(tokens.id_hash, hashSecret(secret))).returning({ user_id: tokens.user_id });
  for (const row of rows) announceAccessChange(row.user_id);
  return rows.length > 0;
}

/** Revokes every token of a user (password changed, account disabled), as Keystone does. */
export async function revokeTokensOf(db: Db, userId: string): Promise<void> {
  await db.delete(tokens).where(eq(tokens.user_id, userId));
}

/** Deletes the expired tokens. Returns how many. */
export async function purgeExpiredTokens(db: Db, now = new Date()): Promise<number> {
  return (await db.delete(tokens).where(lte(tokens.expires_at, now.toISOString())).returning({ id: tokens.id_hash })).length;
}
