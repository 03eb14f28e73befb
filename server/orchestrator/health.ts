import type { WorkerCounters } from "@/amphora/driver";
import { expandStats } from "@/amphora/stat-report";
import { deriveOperatingStatus, type ListenerStats, loadBalancerStats, type StatRow } from "@/amphora/stats";
import { eq } from "drizzle-orm";
import { loadBalancers, type OperatingStatus, type ResourceType } from "@/db/schema";
import { setOperatingStatus } from "@/server/services/status";
import type { AmphoraReports } from "./amphora-reports";
import { mapBounded } from "./bounded";
import { type ControllerDeps, driverOf } from "./deps";
import { pruneSamples, writeStatistics } from "./statistics";
import { type LoadedTree, loadTree } from "./tree";

// The health manager: takes every ACTIVE amphora's stats, derives the operating statuses from
// them (amphora/stats.ts has Octavia's rules) and writes only what changed, each change an
// event, and keeps the listeners' counters as lasting statistics.
//
// With heartbeats (amphora-reports.ts), as Octavia's health manager: which amphorae run, and
// their stats, come from what their hosts send; an amphora is read through its agent only when it
// reported a change on the health log, or when a beat of its host heard whole, begun after this
// manager last saw the amphora change, leaves it out (it is dead if the agent says so too), and
// no request is made to any host otherwise. Without heartbeats (a driver used directly), the rest
// of this comment holds:
//
// What costs is what changes. The tree of each load balancer is kept in memory with the
// statuses last written, and read again from the database only when the load balancer's row
// changed (every change to a tree passes through its load balancer's status lock, which
// updates that row). An amphora's stats are read when it reported a change (health-log.ts),
// when its tree changed, and otherwise once per sweep; with no push channel, as often as its
// fastest health monitor checks (HAProxy changes a server's state only at a check) and at least
// once per statistics sample. Whether its HAProxy still runs is asked of the host's agent once
// per pass for all of its amphorae (a signal-0 syscall per amphora there). An idle pass is one
// small query and one request per host.

export interface ActiveLoadBalancer {
  id: string;
  /** The row's updated_at: the version of the cached tree. */
  version: string;
  /** The host its amphora was placed on; null: not placed (restarted, which places it). */
  host: string | null;
}

interface Cached {
  version: string;
  /** When its stats were last read (performance.now()). */
  readAt: number;
  tree: LoadedTree;
  /** Operating statuses as last read or written, by `type:id`. */
  statuses: Map<string, OperatingStatus>;
  /** Listener counters as last added to the stored statistics (a JSON text, to compare). */
  counters: string;
  /** When the stored statistics last got a sample (performance.now()). */
  sampledAt: number;
  /** The worker whose counters were last kept, and those counters: a report older than them is not kept. */
  kept: { worker: number; listeners: Record<string, ListenerStats> } | null;
}

/** Where the manager stands with an amphora's reports since it last saw the amphora change. */
interface Seen {
  version: string;
  host: string;
  /** The host's beats heard by then: only later ones tell about the amphora as it is now. */
  beat: number;
  /** The revision of the report last used. */
  used: number | null;
}

export interface HealthPass {
  /** ACTIVE load balancers whose HAProxy is not running: the controller restarts them. */
  dead: string[];
  /** Status changes written. */
  written: number;
}

/** How many stats sockets are read at once. */
const READ_CONCURRENCY = 16;

/** Samples of a busy listener's totals are this far apart at least: the charts' resolution. */
const SAMPLE_EVERY_MS = 5_000;
/** Old samples are deleted this often. */
const PRUNE_EVERY_MS = 60_000;

export class HealthManager {
  private readonly cache = new Map<string, Cached>();
  /** Master pids as last seen: checked with signal 0 each pass, read again when gone. */
  private readonly masters = new Map<string, number>();
  /** Amphorae that reported a change since their last read. */
  private readonly dirty = new Set<string>();
  private prunedAt = performance.now();
  private readonly seen = new Map<string, Seen>();

  /**
   * `sweepMs`: how old an amphora's last read may get before it is read with no news.
   * `reports`: the hosts' heartbeats, when the manager has them.
   */
  constructor(
    private readonly deps: ControllerDeps,
    public sweepMs = 0,
    private readonly reports: AmphoraReports | null = null,
  ) {}

  /** An amphora said something changed: read it at the next pass. */
  markDirty(lbId: string): void {
    this.dirty.add(lbId);
  }

  /** The amphora of `lbId` was just changed or restarted: what its host said before is not about it. */
  forget(lbId: string): void {
    this.seen.delete(lbId);
  }

  /** Where the manager stands with the reports of `lb`, started again when it changed since. */
  private seenOf(lb: ActiveLoadBalancer & { host: string }, reports: AmphoraReports): Seen {
    const seen = this.seen.get(lb.id);
    if (seen && seen.version === lb.version && seen.host === lb.host) return seen;
    const fresh = { version: lb.version, host: lb.host, beat: reports.beats(lb.host), used: null };
    this.seen.set(lb.id, fresh);
    return fresh;
  }

  /**
   * What the heartbeats said, with each amphora they leave out asked of its host: a beat may have
   * been begun before the amphora started (an agent lists its amphorae first, then reads their
   * stats), and a restart of one that runs would be an outage of its own. So an amphora is dead
   * only when its host's agent says so too; one whose host does not answer is unknown.
   */
  private async confirmed(heard: { running: Set<string>; unknown: Set<string> }, active: ActiveLoadBalancer[]) {
    const suspects = active.filter((lb) => lb.host !== null && !heard.running.has(lb.id) && !heard.unknown.has(lb.id));
    if (suspects.length === 0) return heard;
    const asked = await this.running(suspects);
    return { running: new Set([...heard.running, ...asked.running]), unknown: new Set([...heard.unknown, ...asked.unknown]) };
  }

  /**
   * Which of `active` run, from their hosts' heartbeats: one is a suspect when a beat heard whole
   * and begun since it last changed leaves it out; before such a beat, it is unknown.
   */
  private heard(active: ActiveLoadBalancer[], reports: AmphoraReports): { running: Set<string>; unknown: Set<string> } {
    const running = new Set<string>();
    const unknown = new Set<string>();
    for (const lb of active) {
      if (lb.host === null) continue;
      const seen = this.seenOf({ ...lb, host: lb.host }, reports);
      const whole = reports.lastWhole(lb.host, lb.id);
      if (whole?.runs) running.add(lb.id);
      else if (!whole || whole.beat <= seen.beat) unknown.add(lb.id);
    }
    return { running, unknown };
  }

  /**
   * Which of `active` still run, in one call per host (one request to each agent): a master seen
   * before is checked by the cheapest means that can tell, the others read again. `unknown`: the
   * amphorae of a host that did not answer (or that this controller has no client for), which
   * are neither running nor dead; an amphora not placed anywhere runs nowhere.
   */
  private async running(active: ActiveLoadBalancer[]): Promise<{ running: Set<string>; unknown: Set<string> }> {
    const running = new Set<string>();
    const unknown = new Set<string>();
    const byHost = new Map<string, ActiveLoadBalancer[]>();
    for (const lb of active) {
      if (lb.host === null) continue;
      const group = byHost.get(lb.host);
      if (group) group.push(lb);
      else byHost.set(lb.host, [lb]);
    }
    await Promise.all(
      [...byHost].map(async ([hostId, lbs]) => {
        const driver = this.deps.hosts.get(hostId);
        const known = Object.fromEntries(lbs.map((lb) => [lb.id, this.masters.get(lb.id) ?? null]));
        let found: Awaited<ReturnType<NonNullable<typeof driver>["running"]>>;
        try {
          if (!driver) throw new Error(`no agent client for host ${hostId}`);
          found = await driver.running(known);
        } catch (err) {
          // No answer from the host is not the death of its amphorae: nothing is restarted on it.
          this.deps.log(`health check: the amphorae of host ${hostId} could not be read: ${err instanceof Error ? err.message : String(err)}`);
          for (const lb of lbs) unknown.add(lb.id);
          return;
        }
        for (const lb of lbs) {
          const state = found[lb.id];
          if (state?.pid) this.masters.set(lb.id, state.pid);
          else this.masters.delete(lb.id);
          // Alive is not enough: a master left in a namespace deleted under it serves nothing.
          if (state?.running) running.add(lb.id);
        }
      }),
    );
    return { running, unknown };
  }

  /**
   * How old an amphora's last read may get with no news: the sweep with a push channel; without
   * one, its fastest enabled monitor's delay, and at most a statistics sample's spacing (a pool
   * without a monitor changes nothing but counters). Octavia hears the same every 10 s.
   */
  private readEvery(cached: Cached): number {
    if (this.sweepMs > 0) return this.sweepMs;
    const delays = cached.tree.rows.healthMonitors.filter((hm) => hm.admin_state_up).map((hm) => hm.delay * 1000);
    return Math.min(SAMPLE_EVERY_MS, ...delays);
  }

  /** The amphorae that reported since their last read. */
  reported(): string[] {
    return [...this.dirty];
  }

  /**
   * Checks `active`. A full pass is given every ACTIVE load balancer and forgets the others; a
   * pass over the reported ones only is given those.
   */
  async pass(active: ActiveLoadBalancer[], full = true): Promise<HealthPass> {
    if (full) {
      const ids = new Set(active.map((lb) => lb.id));
      for (const id of this.cache.keys()) if (!ids.has(id)) this.cache.delete(id);
      for (const id of this.masters.keys()) if (!ids.has(id)) this.masters.delete(id);
      for (const id of this.seen.keys()) if (!ids.has(id)) this.seen.delete(id);
      if (performance.now() - this.prunedAt >= PRUNE_EVERY_MS) {
        this.prunedAt = performance.now();
        await pruneSamples(this.deps.database.db).catch((err: unknown) => this.deps.log(`pruning statistics samples failed: ${String(err)}`));
      }
    }
    const dead: string[] = [];
    let written = 0;
    const { running, unknown } = this.reports ? await this.confirmed(this.heard(active, this.reports), active) : await this.running(active);
    const now = performance.now();
    await mapBounded(active, READ_CONCURRENCY, async (lb) => {
      try {
        if (unknown.has(lb.id)) return;
        if (!running.has(lb.id) || lb.host === null) {
          dead.push(lb.id);
          return;
        }
        if (this.reports && !this.dirty.has(lb.id)) {
          written += await this.fromReport({ ...lb, host: lb.host }, this.reports);
          return;
        }
        const cached = this.cache.get(lb.id);
        const due = !cached || cached.version !== lb.version || this.dirty.has(lb.id) || now - cached.readAt >= this.readEvery(cached);
        if (!due) return;
        this.dirty.delete(lb.id);
        const counters = await driverOf(this.deps, lb.host).counters(lb.id).catch(() => null);
        if (counters === null) {
          // No answer: it died just now, or is between start and ready. The next pass tells.
          this.masters.delete(lb.id);
          this.dirty.add(lb.id);
          return;
        }
        written += await this.update(lb, counters.stats);
        await this.keepCounters(lb, counters);
      } catch (err) {
        // One amphora's trouble must not skip the others.
        this.deps.log(`load balancer ${lb.id}: health check failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    return { dead, written };
  }

  /** Takes what the amphora's host said of it, when that is new and said since it last changed. */
  private async fromReport(lb: ActiveLoadBalancer & { host: string }, reports: AmphoraReports): Promise<number> {
    const seen = this.seenOf(lb, reports);
    const report = reports.report(lb.host, lb.id);
    if (!report?.stats || report.beat <= seen.beat || report.rev === seen.used) return 0;
    seen.used = report.rev;
    const stats = expandStats(report.stats);
    const written = await this.update(lb, stats);
    await this.keepCounters(lb, { worker_pid: report.stats.worker, stats }, true);
    return written;
  }

  private async update(lb: ActiveLoadBalancer, stats: StatRow[]): Promise<number> {
    const entry = await this.entry(lb);
    if (!entry) return 0;
    entry.readAt = performance.now();
    const { tree } = entry;
    const derived = deriveOperatingStatus(tree.model, stats);
    // Children first, so a stream reads bottom-up: member ERROR, then pool and load balancer DEGRADED.
    const next: { type: ResourceType; id: string; status: OperatingStatus | undefined }[] = [
      ...tree.rows.members.map((r) => ({ type: "member" as const, id: r.id, status: derived.members[r.id] })),
      // A monitor has nothing in the stats: it is ONLINE while enabled.
      ...tree.rows.healthMonitors.map((r) => ({
        type: "healthmonitor" as const,
        id: r.id,
        status: (r.admin_state_up ? "ONLINE" : "OFFLINE") as OperatingStatus,
      })),
      ...tree.rows.pools.map((r) => ({ type: "pool" as const, id: r.id, status: derived.pools[r.id] })),
      ...tree.rows.listeners.map((r) => ({ type: "listener" as const, id: r.id, status: derived.listeners[r.id] })),
      { type: "loadbalancer", id: tree.lb.id, status: derived.loadbalancer },
    ];
    const changes = next.filter((c) => c.status !== undefined && entry.statuses.get(`${c.type}:${c.id}`) !== c.status);
    if (changes.length === 0) return 0;
    let written = 0;
    await this.deps.database.db.transaction(async (tx) => {
      // The load balancer's row first, as every service's status lock takes it: children first
      // would deadlock with a delete that holds it and marks the children. A load balancer that
      // is no longer ACTIVE has a change under way, whose apply decides its statuses.
      const [row] = await tx.select({ status: loadBalancers.provisioning_status }).from(loadBalancers).where(eq(loadBalancers.id, tree.lb.id)).for("update");
      if (row?.status !== "ACTIVE") return;
      for (const c of changes) {
        const target = { resource_type: c.type, id: c.id, loadbalancer_id: tree.lb.id, project_id: tree.lb.project_id };
        if (await setOperatingStatus(tx, target, c.status as OperatingStatus)) written++;
      }
    });
    for (const c of changes) entry.statuses.set(`${c.type}:${c.id}`, c.status as OperatingStatus);
    return written;
  }

  /**
   * Adds what the worker counted since the last read to the stored statistics, when it counted
   * anything: an idle amphora costs no write. A report (`reported`) may have been read before a
   * read through the agent that was kept already: the same worker's counters lower than those
   * kept are older, not a new start, and are left.
   */
  private async keepCounters(lb: ActiveLoadBalancer, { worker_pid: workerPid, stats }: WorkerCounters, reported = false): Promise<void> {
    const entry = this.cache.get(lb.id);
    if (!entry) return;
    const raw: Record<string, ListenerStats> = loadBalancerStats(stats).listeners;
    const counters = JSON.stringify(raw);
    if (counters === entry.counters) return;
    if (reported && entry.kept && olderThan(workerPid, raw, entry.kept)) return;
    const now = performance.now();
    const sample = now - entry.sampledAt >= SAMPLE_EVERY_MS;
    if (await writeStatistics(this.deps.database.db, lb.id, workerPid, raw, sample)) {
      entry.counters = counters;
      entry.kept = { worker: workerPid, listeners: raw };
      if (sample) entry.sampledAt = now;
    }
  }

  /** The cached tree of `lb`, loaded again when the row changed since. Null when it is not ACTIVE any more. */
  private async entry(lb: ActiveLoadBalancer): Promise<Cached | null> {
    const cached = this.cache.get(lb.id);
    if (cached && cached.version === lb.version) return cached;
    const tree = await loadTree(this.deps.database.db, lb.id);
    if (!tree || tree.lb.provisioning_status !== "ACTIVE") {
      this.cache.delete(lb.id);
      return null;
    }
    const statuses = new Map<string, OperatingStatus>([
      [`loadbalancer:${tree.lb.id}`, tree.lb.operating_status],
      ...tree.rows.listeners.map((r) => [`listener:${r.id}`, r.operating_status] as const),
      ...tree.rows.pools.map((r) => [`pool:${r.id}`, r.operating_status] as const),
      ...tree.rows.members.map((r) => [`member:${r.id}`, r.operating_status] as const),
      ...tree.rows.healthMonitors.map((r) => [`healthmonitor:${r.id}`, r.operating_status] as const),
    ]);
    const entry = { version: tree.lb.updated_at, readAt: 0, tree, statuses, counters: "", sampledAt: -Infinity, kept: null };
    this.cache.set(lb.id, entry);
    return entry;
  }
}

/** Whether worker `worker`'s counters `raw` were read before `kept` (the same worker, some counter lower). */
export function olderThan(worker: number, raw: Record<string, ListenerStats>, kept: { worker: number; listeners: Record<string, ListenerStats> }): boolean {
  if (worker !== kept.worker) return false;
  return Object.entries(raw).some(([id, c]) => {
    const k = kept.listeners[id];
    return k !== undefined && (c.total_connections < k.total_connections || c.bytes_in < k.bytes_in || c.bytes_out < k.bytes_out || c.request_errors < k.request_errors);
  });
}
