import { deriveOperatingStatus, type StatRow } from "@/amphora/stats";
import type { Db } from "@/db/client";
import type { OperatingStatus, ResourceType } from "@/db/schema";
import { setOperatingStatus } from "@/server/services/status";
import { mapBounded } from "./bounded";
import type { ControllerDeps } from "./reconciler";
import { type LoadedTree, loadTree } from "./tree";

// The health manager: reads every ACTIVE amphora's `show stat`, derives the operating statuses
// from it (amphora/stats.ts has Octavia's rules) and writes only what changed, each change an
// event. Octavia learns this from heartbeats every 10 s; a local stats socket answers at once.
//
// What costs is what changes: the tree of each load balancer is kept in memory with the
// statuses last written, and read again from the database only when the load balancer's row
// changed (every change to a tree passes through its load balancer's status lock, which
// updates that row). An idle pass is one small query plus one socket read per amphora.

export interface ActiveLoadBalancer {
  id: string;
  /** The row's updated_at: the version of the cached tree. */
  version: string;
}

interface Cached {
  version: string;
  tree: LoadedTree;
  /** Operating statuses as last read or written, by `type:id`. */
  statuses: Map<string, OperatingStatus>;
}

export interface HealthPass {
  /** ACTIVE load balancers whose HAProxy is not running: the controller restarts them. */
  dead: string[];
  /** Status changes written. */
  written: number;
}

/** How many stats sockets are read at once. */
const READ_CONCURRENCY = 16;

export class HealthManager {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly deps: ControllerDeps) {}

  async pass(active: ActiveLoadBalancer[]): Promise<HealthPass> {
    const ids = new Set(active.map((lb) => lb.id));
    for (const id of this.cache.keys()) if (!ids.has(id)) this.cache.delete(id);
    const dead: string[] = [];
    let written = 0;
    await mapBounded(active, READ_CONCURRENCY, async (lb) => {
      try {
        const stats = await this.deps.driver.showStat(lb.id).catch(() => null);
        if (stats === null) {
          // No answer: a dead process, or one between start and ready. Only the first is ours.
          if (!(await this.deps.driver.status(lb.id)).running) dead.push(lb.id);
          return;
        }
        written += await this.update(lb, stats);
      } catch (err) {
        // One amphora's trouble must not skip the others.
        this.deps.log(`load balancer ${lb.id}: health check failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    return { dead, written };
  }

  private async update(lb: ActiveLoadBalancer, stats: StatRow[]): Promise<number> {
    const entry = await this.entry(lb);
    if (!entry) return 0;
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
    await this.deps.database.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      for (const c of changes) {
        const target = { resource_type: c.type, id: c.id, loadbalancer_id: tree.lb.id, project_id: tree.lb.project_id };
        if (await setOperatingStatus(tx, target, c.status as OperatingStatus)) written++;
      }
    });
    for (const c of changes) entry.statuses.set(`${c.type}:${c.id}`, c.status as OperatingStatus);
    return written;
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
    const entry = { version: tree.lb.updated_at, tree, statuses };
    this.cache.set(lb.id, entry);
    return entry;
  }
}
