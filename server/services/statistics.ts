import { and, asc, eq, gte, lt } from "drizzle-orm";
import { type ListenerStats, loadBalancerStats } from "@/amphora/stats";
import type { Db } from "@/db/client";
import { listenerStatistics, listenerStatisticsSamples } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";
import { findListener, findLoadBalancer } from "./lookup";

// Octavia's listener statistics, kept across reloads, restarts and failovers. The database holds
// totals and the raw counters they were last brought up to (see db/schema/statistics.ts); a read
// adds what the running worker counted since, exactly as the controller will when it next
// writes, so an answer never goes backwards and never counts a byte twice.

export type StoredStatistics = Omit<typeof listenerStatistics.$inferSelect, "listener_id" | "loadbalancer_id" | "updated_at">;

const COUNTERS = ["bytes_in", "bytes_out", "total_connections", "request_errors"] as const;
const SEEN = { bytes_in: "seen_bytes_in", bytes_out: "seen_bytes_out", total_connections: "seen_total_connections", request_errors: "seen_request_errors" } as const;

export const ZERO_STATS: ListenerStats = { bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 0, request_errors: 0 };

const NOTHING_STORED: StoredStatistics = {
  bytes_in: 0,
  bytes_out: 0,
  total_connections: 0,
  request_errors: 0,
  active_connections: 0,
  worker_pid: null,
  seen_bytes_in: 0,
  seen_bytes_out: 0,
  seen_total_connections: 0,
  seen_request_errors: 0,
};

/**
 * The stored totals brought up to `raw`, the counters worker `workerPid` shows now. The same
 * worker's counters only grow, so it adds their growth; a new worker (or counters that went
 * down, should a reload slip between reading the pid and the counters) started from zero, so it
 * adds them whole.
 */
export function accumulate(stored: StoredStatistics | undefined, workerPid: number, raw: ListenerStats): StoredStatistics {
  const base = stored ?? NOTHING_STORED;
  const sameWorker = base.worker_pid === workerPid && COUNTERS.every((k) => raw[k] >= base[SEEN[k]]);
  const next: StoredStatistics = { ...base, worker_pid: workerPid, active_connections: raw.active_connections };
  for (const k of COUNTERS) {
    next[k] = base[k] + (sameWorker ? raw[k] - base[SEEN[k]] : raw[k]);
    next[SEEN[k]] = raw[k];
  }
  return next;
}

export const totalsOf = (s: StoredStatistics): ListenerStats => ({
  bytes_in: s.bytes_in,
  bytes_out: s.bytes_out,
  active_connections: s.active_connections,
  total_connections: s.total_connections,
  request_errors: s.request_errors,
});

export async function storedStatistics(db: Db, lbId: string): Promise<Map<string, StoredStatistics>> {
  const rows = await db.select().from(listenerStatistics).where(eq(listenerStatistics.loadbalancer_id, lbId));
  return new Map(rows.map(({ listener_id, loadbalancer_id: _lb, updated_at: _u, ...stored }) => [listener_id, stored]));
}

/** The running worker's counters by listener, or null when no amphora answers. */
async function liveCounters(ctx: ServiceContext, lbId: string): Promise<{ workerPid: number; listeners: Record<string, ListenerStats> } | null> {
  if (!ctx.dataPlane || !(await ctx.dataPlane.status(lbId)).running) return null;
  try {
    const counters = await ctx.dataPlane.counters(lbId);
    return { workerPid: counters.worker_pid, listeners: loadBalancerStats(counters.stats).listeners };
  } catch {
    return null; // it stopped between the two reads: the stored totals are the answer
  }
}

/** Octavia's load balancer stats: the sum over its listeners, with each listener's own. */
export async function getLoadBalancerStats(ctx: ServiceContext, id: string) {
  const lb = await findLoadBalancer(ctx, id);
  const stored = await storedStatistics(ctx.db, lb.id);
  const live = await liveCounters(ctx, lb.id);
  const listeners: Record<string, ListenerStats> = {};
  for (const [listenerId, s] of stored) listeners[listenerId] = { ...totalsOf(s), active_connections: live ? 0 : s.active_connections };
  for (const [listenerId, raw] of Object.entries(live?.listeners ?? {})) {
    listeners[listenerId] = totalsOf(accumulate(stored.get(listenerId), live!.workerPid, raw));
  }
  const stats = { ...ZERO_STATS };
  for (const s of Object.values(listeners)) for (const k of Object.keys(stats) as (keyof ListenerStats)[]) stats[k] += s[k];
  return { stats, listeners };
}

export async function getListenerStats(ctx: ServiceContext, id: string) {
  const listener = await findListener(ctx, id);
  const { listeners } = await getLoadBalancerStats(ctx, listener.loadbalancer_id);
  return { stats: listeners[listener.id] ?? { ...ZERO_STATS } };
}

/** One point of a rate chart: per second over the bucket ending at `at`, and connections open then. */
export interface StatsPoint {
  at: string;
  connections_per_second: number;
  bytes_per_second: number;
  active_connections: number;
}

export const HISTORY_BUCKET_SECONDS = 10;
export const HISTORY_BUCKETS = 30;

/**
 * The last five minutes as rates, for the load balancer and each listener, from the samples the
 * controller writes when counters move. Totals only grow, so a bucket's rate is the growth of
 * the last total known at its end over the last known at its start; a quiet stretch, which
 * writes no sample, reads as zero.
 */
export async function getStatsHistory(ctx: ServiceContext, id: string, now = Date.now()) {
  const lb = await findLoadBalancer(ctx, id);
  const step = HISTORY_BUCKET_SECONDS * 1000;
  const end = Math.floor(now / step) * step;
  const start = end - HISTORY_BUCKETS * step;
  const windowed = (from: number) =>
    ctx.db
      .select()
      .from(listenerStatisticsSamples)
      .where(and(eq(listenerStatisticsSamples.loadbalancer_id, lb.id), gte(listenerStatisticsSamples.at, new Date(from).toISOString())))
      .orderBy(asc(listenerStatisticsSamples.at));
  // The last sample before the window too: the totals the first bucket starts from.
  const before = await ctx.db
    .selectDistinctOn([listenerStatisticsSamples.listener_id])
    .from(listenerStatisticsSamples)
    .where(and(eq(listenerStatisticsSamples.loadbalancer_id, lb.id), lt(listenerStatisticsSamples.at, new Date(start).toISOString())))
    .orderBy(listenerStatisticsSamples.listener_id, listenerStatisticsSamples.at);
  const samples = [...before, ...(await windowed(start))];
  const byListener = new Map<string, typeof samples>();
  for (const s of samples) byListener.set(s.listener_id, [...(byListener.get(s.listener_id) ?? []), s]);

  const bucketEnds = Array.from({ length: HISTORY_BUCKETS }, (_, i) => start + (i + 1) * step);
  const listeners: Record<string, StatsPoint[]> = {};
  for (const [listenerId, rows] of byListener) listeners[listenerId] = seriesOf(rows, bucketEnds, step);
  const total = bucketEnds.map((at, i) => {
    const points = Object.values(listeners).map((series) => series[i]!);
    return {
      at: new Date(at).toISOString(),
      connections_per_second: points.reduce((sum, p) => sum + p.connections_per_second, 0),
      bytes_per_second: points.reduce((sum, p) => sum + p.bytes_per_second, 0),
      active_connections: points.reduce((sum, p) => sum + p.active_connections, 0),
    };
  });
  return { bucket_seconds: HISTORY_BUCKET_SECONDS, loadbalancer: total, listeners };
}

type Sample = { at: string; bytes_in: number; bytes_out: number; total_connections: number; active_connections: number };

/**
 * Rates per bucket from samples of totals. Totals between two samples are interpolated: samples
 * come when the controller reads (every sweep, and on news), not on the buckets' edges, and a
 * step function would show a steady flow as alternating zeros and doubles. Before the first
 * sample and after the last, the totals stand still.
 */
export function seriesOf(samples: Sample[], bucketEnds: number[], step: number): StatsPoint[] {
  const sorted = samples.map((s) => ({ ...s, t: Date.parse(s.at) })).sort((a, b) => a.t - b.t);
  const totalAt = (t: number, k: "bytes_in" | "bytes_out" | "total_connections"): number => {
    const next = sorted.findIndex((s) => s.t >= t);
    if (next === -1) return sorted.at(-1)?.[k] ?? 0;
    const after = sorted[next]!;
    const before = sorted[next - 1];
    if (!before || after.t === t) return after[k];
    return before[k] + ((after[k] - before[k]) * (t - before.t)) / (after.t - before.t);
  };
  const activeAt = (t: number) => sorted.filter((s) => s.t <= t).at(-1)?.active_connections ?? 0;
  const seconds = step / 1000;
  const rate = (endAt: number, k: "bytes_in" | "bytes_out" | "total_connections") => (totalAt(endAt, k) - totalAt(endAt - step, k)) / seconds;
  return bucketEnds.map((endAt) => ({
    at: new Date(endAt).toISOString(),
    connections_per_second: rate(endAt, "total_connections"),
    bytes_per_second: rate(endAt, "bytes_in") + rate(endAt, "bytes_out"),
    active_connections: activeAt(endAt),
  }));
}
