import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { amphoraHostJoinTokens, amphoraHosts } from "@/db/schema";
import { recordAudit } from "@/server/identity/audit";
import { issueHostCertificate } from "@/server/agents/pki";
import type { InnerContext } from "@/server/trpc/init";
import { ConflictError, UnauthorizedError, UnavailableError } from "@/server/kernel/errors";
import { registerHost } from "./amphora-hosts";

// Hosts on other machines join with a one-time token an admin made: the agent there sends it
// with its name and the address and port it will serve the controller on (`npm run agent --
// --controller … --join <token>`), and gets back its host id and a server certificate of the
// controller's CA for that address. From then on the controller reaches it like any host, from
// its row (server/agents/joined-hosts.ts). Only the token's sha256 is kept; it is good once, for
// an hour.

export const JOIN_TOKEN_TTL_MS = 3_600_000;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export async function createJoinToken(ctx: InnerContext, input: { availability_zone?: string | null | undefined }) {
  // Hex: a token is an argument on a command line, where one starting with "-" (1 in 32 of
  // base64url's) is taken for an option.
  const token = randomBytes(32).toString("hex");
  const expires_at = new Date(Date.now() + JOIN_TOKEN_TTL_MS).toISOString();
  await ctx.db.insert(amphoraHostJoinTokens).values({ token_sha256: sha256(token), availability_zone: input.availability_zone ?? null, expires_at });
  return { token, expires_at, availability_zone: input.availability_zone ?? null };
}

export interface JoinRequest {
  token: string;
  name: string;
  address: string;
  port: number;
}

/** Redeems a token: the host is registered (or its address renewed) and certified for its address. */
export async function joinHost(ctx: InnerContext, input: JoinRequest) {
  if (!ctx.agentPki) throw new UnavailableError("Hosts cannot join this deployment");
  const pki = ctx.agentPki();
  const joined = await ctx.db
    .transaction(async (tx) => {
    const [token] = await tx.select().from(amphoraHostJoinTokens).where(eq(amphoraHostJoinTokens.token_sha256, sha256(input.token))).for("update");
    if (!token || token.used_at !== null || Date.parse(token.expires_at) <= Date.now()) {
      throw new UnauthorizedError("The join token is not valid: unknown, used or expired");
    }
    const [existing] = await tx.select({ joined: amphoraHosts.joined }).from(amphoraHosts).where(eq(amphoraHosts.name, input.name));
    if (existing && !existing.joined) throw new ConflictError(`Amphora host ${input.name} already exists as one of the controller's own`);
    const hostId = await registerHost(tx, {
      name: input.name,
      address: input.address,
      agent_url: `https://${input.address}:${input.port}`,
      availability_zone: token.availability_zone,
    });
    // A new host is DOWN until its first heartbeat: nothing is placed on an agent nobody reached yet.
    await tx
      .update(amphoraHosts)
      .set({ joined: true, ...(!existing && { status: "DOWN" as const, last_seen_at: null }) })
      .where(eq(amphoraHosts.id, hostId));
    await tx.update(amphoraHostJoinTokens).set({ used_at: new Date().toISOString(), host_id: hostId }).where(eq(amphoraHostJoinTokens.id, token.id));
    await recordAudit(tx, { ctx, procedure: "amphoraHost.join", outcome: "success", resourceId: hostId, detail: `${input.name} at ${input.address}:${input.port}` });
    return hostId;
  })
    .catch(async (err: unknown) => {
      // A refused join is recorded too: who tried, from where, with what name.
      const detail = `${input.name} at ${input.address}:${input.port}: ${err instanceof Error ? err.message : String(err)}`;
      await recordAudit(ctx.db, { ctx, procedure: "amphoraHost.join", outcome: "failed", resourceId: null, detail });
      throw err;
    });
  const certificate = issueHostCertificate(pki, input.address);
  return { host_id: joined, certificate: certificate.cert, private_key: certificate.key, ca_certificate: pki.ca.cert };
}
