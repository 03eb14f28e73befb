import { eq, lt, sql } from "drizzle-orm";
import type { AmphoraDriver, WorkerCounters } from "@/amphora/driver";
import { type ListenerStats, loadBalancerStats } from "@/amphora/stats";
import type { Db } from "@/db/client";
import { listenerStatistics, listenerStatisticsSamples, listeners, loadBalancers } from "@/db/schema";
import { accumulate, storedStatistics } from "@/server/services/statistics";
import type { ControllerDeps } from "./deps";

// The controller's half of lasting statistics: it brings the stored totals up to the running
// worker's counters whenever it reads them (health.ts), and once more just before it reloads or
// replaces a worker (reconciler.ts), so what the old worker counted is kept.

/** How long samples are kept: the dashboard draws the last five minutes. */
export const SAMPLE_RETENTION_MS = 60 * 60 * 1000;

/**
 * Adds `raw` (worker `workerPid`'s counters by listener) to the stored totals, and with `sample`
 * records the new totals as a sample. Skipped for a load balancer being deleted: its row is taken
 * first, as every status change takes it, so this never deadlocks with the cascade.
 */
export async function writeStatistics(db: Db, lbId: string, workerPid: number, raw: Record<string, ListenerStats>, sample: boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [lb] = await tx.select({ status: loadBalancers.provisioning_status }).from(loadBalancers).where(eq(loadBalancers.id, lbId)).for("update");
    if (!lb || lb.status === "PENDING_DELETE") return false;
    const known = new Set((await tx.select({ id: listeners.id }).from(listeners).where(eq(listeners.loadbalancer_id, lbId))).map((r) => r.id));
    const stored = await storedStatistics(tx, lbId);
    const rows = Object.entries(raw)
      .filter(([listenerId]) => known.has(listenerId))
      .map(([listenerId, counters]) => ({ listener_id: listenerId, loadbalancer_id: lbId, ...accumulate(stored.get(listenerId), workerPid, counters) }));
    if (rows.length === 0) return false;
    const { listener_id: _l, loadbalancer_id: _lb, ...columns } = rows[0]!;
    const set = Object.fromEntries(Object.keys(columns).map((column) => [column, sql.raw(`excluded.${column}`)]));
    await tx
      .insert(listenerStatistics)
      .values(rows)
      .onConflictDoUpdate({ target: listenerStatistics.listener_id, set: { ...set, updated_at: sql`now()` } });
    if (sample) {
      await tx.insert(listenerStatisticsSamples).values(
        rows.map((r) => ({
          listener_id: r.listener_id,
          loadbalancer_id: lbId,
          bytes_in: r.bytes_in,
          bytes_out: r.bytes_out,
          total_connections: r.total_connections,
          active_connections: r.active_connections,
        })),
      );
    }
    return true;
  });
}

/** Reads the running worker and keeps what it counted; nothing to keep when none runs. */
export async function flushStatistics(deps: ControllerDeps, driver: AmphoraDriver, lbId: string): Promise<void> {
  let last: WorkerCounters;
  try {
    last = await driver.counters(lbId);
  } catch {
    return; // not running (a first start, a dead worker): it has nothing more to give
  }
  await keepCounters(deps, lbId, last);
}

/** Keeps what a worker counted, e.g. the one a reload is about to replace. */
export async function keepCounters(deps: ControllerDeps, lbId: string, last: WorkerCounters): Promise<void> {
  await writeStatistics(deps.database.db, lbId, last.worker_pid, loadBalancerStats(last.stats).listeners, true);
}

export async function pruneSamples(db: Db, now = Date.now()): Promise<void> {
  await db.delete(listenerStatisticsSamples).where(lt(listenerStatisticsSamples.at, new Date(now - SAMPLE_RETENTION_MS).toISOString()));
}
