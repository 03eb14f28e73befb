import { eq, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tokens } from "@/db/schema";
import { type Identity, scopedIdentity } from "./identity";
import { announceAccessChange } from "./revocations";
import { hashSecret, newSecret } from "./secrets";

// Keystone tokens for API clients: project-scoped, random, stored as hashes, with an expiry.

export interface IssuedToken {
  secret: string;
  issued_at: string;
  expires_at: string;
  methods: string[];
}

export async function issueToken(db: Db, userId: string, projectId: string, methods: string[], ttlMs: number): Promise<IssuedToken> {
  const secret = newSecret();
  const issued = new Date();
  const expires = new Date(issued.getTime() + ttlMs);
  await db.insert(tokens).values({
    id_hash: hashSecret(secret),
    user_id: userId,
    project_id: projectId,
    methods,
    issued_at: issued.toISOString(),
    expires_at: expires.toISOString(),
  });
  return { secret, issued_at: issued.toISOString(), expires_at: expires.toISOString(), methods };
}

/** The identity a live token carries, with its times; null when unknown, expired, revoked or no longer valid. */
export async function resolveToken(db: Db, secret: string): Promise<{ identity: Identity; token: Omit<IssuedToken, "secret"> } | null> {
  const [row] = await db.select().from(tokens).where(eq(tokens.id_hash, hashSecret(secret)));
  if (!row || Date.parse(row.expires_at) <= Date.now()) return null;
  const identity = await scopedIdentity(db, row.user_id, row.project_id);
  if (!identity) return null;
  return {
    identity,
    token: { issued_at: new Date(row.issued_at).toISOString(), expires_at: new Date(row.expires_at).toISOString(), methods: row.methods },
  };
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
