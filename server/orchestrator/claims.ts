import os from "node:os";
import { randomBytes } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { controllerClaims } from "@/db/schema";

// Per-load-balancer mutual exclusion between controller processes, as rows rather than locks.
// Taking a claim is one statement that succeeds only when the claim is free or its lease ran
// out; the work then runs with no transaction or connection held, so it can use every pooled
// connection it needs. A live owner renews its leases; a dead one's expire and the work is
// picked up again (every step of it is idempotent).

export const LEASE_MS = 30_000;

export interface ClaimOwner {
  /** host/pid/random: unique per controller instance, and says which process held a claim. */
  id: string;
}

export function newOwner(): ClaimOwner {
  return { id: `${os.hostname()}/${process.pid}/${randomBytes(4).toString("hex")}` };
}

/** Takes the claim on `lbId` when no other owner holds a live lease on it. False when busy or gone. */
export async function claim(db: Db, owner: ClaimOwner, lbId: string): Promise<boolean> {
  try {
    const rows = await db
      .insert(controllerClaims)
      .values({ loadbalancer_id: lbId, owner: owner.id, expires_at: sql`now() + ${`${LEASE_MS} milliseconds`}::interval` })
      .onConflictDoUpdate({
        target: controllerClaims.loadbalancer_id,
        set: { owner: owner.id, expires_at: sql`excluded.expires_at` },
        // Our own claim too: a job that failed before it could release (the database was
        // restarting, say) is tried again at once instead of after its lease.
        setWhere: sql`${controllerClaims.expires_at} < now() or ${controllerClaims.owner} = excluded.owner`,
      })
      .returning({ id: controllerClaims.loadbalancer_id });
    return rows.length > 0;
  } catch (err) {
    // The load balancer was deleted in between (the claim's foreign key): nothing to do.
    if ((err as { code?: string }).code === "23503" || (err as { cause?: { code?: string } }).cause?.code === "23503") return false;
    throw err;
  }
}

/** Extends the leases this owner holds. */
export async function renew(db: Db, owner: ClaimOwner, lbIds: string[]): Promise<void> {
  if (lbIds.length === 0) return;
  await db
    .update(controllerClaims)
    .set({ expires_at: sql`now() + ${`${LEASE_MS} milliseconds`}::interval` })
    .where(and(eq(controllerClaims.owner, owner.id), inArray(controllerClaims.loadbalancer_id, lbIds)));
}

export async function release(db: Db, owner: ClaimOwner, lbId: string): Promise<void> {
  await db.delete(controllerClaims).where(and(eq(controllerClaims.owner, owner.id), eq(controllerClaims.loadbalancer_id, lbId)));
}

/**
 * Frees the claims of earlier processes on this host that are no longer running, so a
 * restarted controller does not wait out their leases.
 */
export async function releaseDeadOwners(db: Db): Promise<number> {
  const host = `${os.hostname()}/`;
  const rows = await db.select({ owner: controllerClaims.owner }).from(controllerClaims);
  const dead = [...new Set(rows.map((r) => r.owner))].filter((owner) => {
    if (!owner.startsWith(host)) return false;
    const pid = Number(owner.slice(host.length).split("/")[0]);
    return pid !== process.pid && !alive(pid);
  });
  if (dead.length === 0) return 0;
  const freed = await db.delete(controllerClaims).where(inArray(controllerClaims.owner, dead)).returning({ id: controllerClaims.loadbalancer_id });
  return freed.length;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
