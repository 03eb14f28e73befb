import { eq, lte, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sessions } from "@/db/schema";
import { type Identity, scopedIdentity } from "./identity";
import { announceAccessChange } from "./revocations";
import { hashSecret, newSecret } from "./secrets";

// Dashboard sessions: a fresh random id at every login (never reused across a login, so a
// session id planted before login is worthless), expiring after an idle time and after an
// absolute time, whichever comes first.

export interface SessionSettings {
  idleMs: number;
  absoluteMs: number;
}

/** How stale last_seen_at may get before a request writes it again (saves a write per request). */
const TOUCH_AFTER_MS = 60_000;

export async function createSession(db: Db, userId: string, projectId: string, settings: SessionSettings): Promise<{ secret: string; expiresAt: Date }> {
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + settings.absoluteMs);
  await db.insert(sessions).values({ id_hash: hashSecret(secret), user_id: userId, project_id: projectId, expires_at: expiresAt.toISOString() });
  return { secret, expiresAt };
}

export async function resolveSession(db: Db, secret: string, settings: SessionSettings): Promise<Identity | null> {
  const idHash = hashSecret(secret);
  const [row] = await db.select().from(sessions).where(eq(sessions.id_hash, idHash));
  if (!row) return null;
  const now = Date.now();
  if (Date.parse(row.expires_at) <= now || Date.parse(row.last_seen_at) + settings.idleMs <= now) {
    await db.delete(sessions).where(eq(sessions.id_hash, idHash));
    return null;
  }
  const identity = await scopedIdentity(db, row.user_id, row.project_id);
  if (!identity) return null;
  if (Date.parse(row.last_seen_at) + TOUCH_AFTER_MS <= now) {
    await db.update(sessions).set({ last_seen_at: new Date(now).toISOString() }).where(eq(sessions.id_hash, idHash));
  }
  return identity;
}

export async function setSessionProject(db: Db, secret: string, projectId: string): Promise<void> {
  await db.update(sessions).set({ project_id: projectId }).where(eq(sessions.id_hash, hashSecret(secret)));
}

export async function endSession(db: Db, secret: string): Promise<void> {
  const rows = await db.delete(sessions).where(eq(sessions.id_hash, hashSecret(secret))).returning({ user_id: sessions.user_id });
  for (const row of rows) announceAccessChange(row.user_id);
}

/** Ends every session of a user (password changed, account disabled). */
export async function endSessionsOf(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.user_id, userId));
}

/** Deletes the sessions past their absolute or idle expiry. Returns how many. */
export async function purgeExpiredSessions(db: Db, settings: SessionSettings, now = new Date()): Promise<number> {
  const idleSince = new Date(now.getTime() - settings.idleMs).toISOString();
  const rows = await db
    .delete(sessions)
    .where(or(lte(sessions.expires_at, now.toISOString()), lte(sessions.last_seen_at, idleSince)))
    .returning({ id: sessions.id_hash });
  return rows.length;
}
