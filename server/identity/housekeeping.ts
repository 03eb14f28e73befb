import { lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { purgeExpiredSessions, type SessionSettings } from "./sessions";
import { purgeExpiredTokens } from "./tokens";

// What identity leaves behind and nobody needs: audit records past their retention, tokens past
// their expiry, sessions past their absolute or idle end. Purged on an interval by every web
// server (server/runtime.ts); the deletes are idempotent, so several servers may run them.

export interface HousekeepingSettings {
  auditRetentionDays: number;
  sessions: SessionSettings;
}

/** Purges once; returns how many rows of each kind went. */
export async function purgeIdentityLeftovers(db: Db, settings: HousekeepingSettings, now = new Date()) {
  const cutoff = new Date(now.getTime() - settings.auditRetentionDays * 86_400_000).toISOString();
  const audit = (await db.delete(auditLog).where(lt(auditLog.at, cutoff)).returning({ id: auditLog.id })).length;
  const tokens = await purgeExpiredTokens(db, now);
  const sessions = await purgeExpiredSessions(db, settings.sessions, now);
  return { audit, tokens, sessions };
}

/** Every hour (and once now); stop() ends it. A failed pass is logged and tried again next time. */
export function startIdentityHousekeeping(db: Db, settings: HousekeepingSettings, intervalMs = 3_600_000): { stop(): void } {
  const pass = () =>
    void purgeIdentityLeftovers(db, settings).catch((err: unknown) => console.error("[housekeeping] identity purge failed:", err));
  pass();
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
