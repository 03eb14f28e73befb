import { and, eq, gt, inArray, isNull, ne, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { amphorae, amphoraHosts, controllerClaims, loadBalancers, PENDING_STATUSES } from "@/db/schema";
import type { StatusFeed } from "@/server/events/statusFeed";
import { type ClaimOwner, claim, LEASE_MS, newOwner, release, releaseDeadOwners, renew } from "./claims";
import type { AmphoraReports } from "./amphora-reports";
import { HealthManager } from "./health";
import { type HealthLog, listenForHealthLog } from "./health-log";
import type { ControllerDeps } from "./deps";
import { failOverDownHosts, stopStrays } from "./host-failover";
import { driveLoadBalancer, restartAmphora } from "./reconciler";

// The controller's two loops.
// Work: woken by every status event (a service just wrote a PENDING_* row), by a job finishing,
// and at least once a second, it fills its `concurrency` slots with load balancers that have
// work (pending rows, or an amphora to restart) and that no other controller has claimed. A
// slow apply occupies one slot; the others go on.
// Watch: every `watchIntervalMs` a full pass checks that every ACTIVE amphora runs (handing the
// dead ones to the work loop) and reads the health of those due (health.ts); between full
// passes, an amphora's report wakes a pass over the reporters only. Each full pass also hands
// the amphorae of DOWN hosts to failover, and every 30 s (and when a host's status changes) it
// stops each HAProxy that no row places where it runs (host-failover.ts).

export interface Controller {
  /** A host went DOWN or came back: fail its amphorae over, or remove its stale copies, now. */
  hostsChanged(): void;
  stop(): Promise<void>;
}

export interface ControllerOptions extends ControllerDeps {
  feed: StatusFeed;
  /** How often the watch loop reads health. Default 1 s. */
  watchIntervalMs?: number;
  /** Load balancers applied at once by this process. Default 4. */
  concurrency?: number;
  /**
   * The unix socket (absolute path) where amphorae forward their server state changes
   * (health-log.ts). Without it every amphora's stats are read every pass.
   */
  healthLog?: { socket: string };
  /** With a health log: how often an amphora that reported nothing is read anyway. Default 10 s. */
  healthSweepMs?: number;
  /**
   * What the hosts' heartbeats say of their amphorae (server/agents/host-heartbeats.ts): with
   * them, health and statistics come from there. Without them, every host is asked.
   */
  reports?: AmphoraReports;
}

/** Passes woken by amphorae's reports run at most this often. */
const MIN_PASS_SPACING_MS = 100;

/** How often amphorae no row places where they run are looked for (it lists every amphora of every host). */
const STRAY_SWEEP_MS = 30_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

/** A wake-up that is not lost when it rings while nobody waits. */
class Doorbell {
  private rung = false;
  private waiter: (() => void) | null = null;
  ring() {
    this.rung = true;
    this.waiter?.();
  }
  wait(signal: AbortSignal): Promise<void> {
    if (this.rung || signal.aborted) {
      this.rung = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        this.waiter = null;
        this.rung = false;
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.waiter = done;
      signal.addEventListener("abort", done, { once: true });
    });
  }
}

type Job = "drive" | "restart";

export function startController(opts: ControllerOptions): Controller {
  const abort = new AbortController();
  const { signal } = abort;
  const deps: ControllerDeps = { database: opts.database, hosts: opts.hosts, network: opts.network, log: opts.log, render: { ...opts.render } };
  const { db } = deps.database;
  const concurrency = opts.concurrency ?? 4;
  const owner = newOwner();
  const running = new Map<string, Promise<void>>();
  const restarts = new Set<string>();
  const doorbell = new Doorbell();
  const watchBell = new Doorbell();
  const health = new HealthManager(deps, opts.healthLog ? (opts.healthSweepMs ?? 10_000) : 0, opts.reports ?? null);
  let healthLog: HealthLog | null = null;

  const sweepMs = health.sweepMs;
  let heldElsewhere = false;
  /**
   * Listens on the health log socket unless another controller of this host does. Tried again on
   * every full pass while this one is not listening, so when the controller that listened stops
   * or dies, another takes over (its amphorae reconnect by themselves) instead of leaving
   * every report unheard. While nobody can listen at all, amphorae are read on their monitors' cadence (health.ts).
   */
  const listenForReports = async (socket: string) => {
    const onAmphora = (lbId: string) => {
      health.markDirty(lbId);
      watchBell.ring();
    };
    try {
      healthLog = await listenForHealthLog(socket, { onAmphora, log: opts.log });
    } catch (err) {
      if (health.sweepMs !== 0) opts.log(`health log ${socket} unavailable (${(err as Error).message}): reading amphorae on their monitors' cadence`);
      health.sweepMs = 0;
      return;
    }
    health.sweepMs = sweepMs;
    if (healthLog === null && !heldElsewhere) opts.log(`health log ${socket} is held by another controller on this host: it hears the amphorae`);
    if (healthLog !== null && heldElsewhere) opts.log(`health log ${socket}: the controller that held it is gone, listening here now`);
    heldElsewhere = healthLog === null;
  };

  // The health log listens before anything is applied: its path goes into every config.
  const ready = (async () => {
    if (!opts.healthLog) return;
    await listenForReports(opts.healthLog.socket);
    // Every controller renders the configured path, so configs do not change with who applied
    // them (nor with a failure here: HAProxy keeps reconnecting, and a later controller hears).
    deps.render = { ...deps.render, healthLog: opts.healthLog.socket };
  })();
  const guard = (name: string, step: () => Promise<void>) =>
    step().catch((err) => opts.log(`${name} pass failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));

  const runJob = (lbId: string, job: Job) => {
    const task = (async () => {
      try {
        if (job === "drive") await driveLoadBalancer(deps, lbId);
        else await restartAmphora(deps, lbId);
      } catch (err) {
        opts.log(`load balancer ${lbId}: ${job} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      } finally {
        await release(db, owner, lbId).catch(() => undefined); // an expired lease frees it anyway
        health.forget(lbId);
        running.delete(lbId);
        doorbell.ring();
      }
    })();
    running.set(lbId, task);
  };

  const fillSlots = async () => {
    let free = concurrency - running.size;
    if (free <= 0) return;
    const candidates: [string, Job][] = [
      ...(await claimablePending(db, owner, [...running.keys()], free * 2)).map((id) => [id, "drive"] as [string, Job]),
      ...[...restarts].filter((id) => !running.has(id)).map((id) => [id, "restart"] as [string, Job]),
    ];
    for (const [id, job] of candidates) {
      if (free <= 0 || signal.aborted) break;
      if (job === "restart") restarts.delete(id);
      if (running.has(id) || !(await claim(db, owner, id))) continue;
      runJob(id, job);
      free--;
    }
  };

  const work = (async () => {
    await ready;
    await guard("claim cleanup", async () => {
      const freed = await releaseDeadOwners(db);
      if (freed > 0) opts.log(`took back ${freed} claims of controller processes that are gone`);
    });
    const wakeup = opts.feed.subscribe();
    try {
      while (!signal.aborted) {
        await guard("work", fillSlots);
        // Sleep until a status event, a finished job or a second has passed, whichever is first.
        const tick = new AbortController();
        const stopTick = () => tick.abort();
        signal.addEventListener("abort", stopTick, { once: true });
        await Promise.race([wakeup.wait(tick.signal), doorbell.wait(tick.signal), sleep(1000, tick.signal)]);
        tick.abort();
        signal.removeEventListener("abort", stopTick);
      }
    } finally {
      wakeup.close();
    }
  })();

  const renewal = (async () => {
    while (!signal.aborted) {
      await sleep(LEASE_MS / 3, signal);
      await guard("lease renewal", () => renew(db, owner, [...running.keys()]));
    }
  })();

  let lastFull = -Infinity;
  let lastStraySweep = -Infinity;
  const watch = (async () => {
    await ready;
    while (!signal.aborted) {
      const started = performance.now();
      // A full pass once an interval; between them, woken by reports, only the reporters.
      const full = started - lastFull >= (opts.watchIntervalMs ?? 1000);
      await guard("watch", async () => {
        if (full && (await failOverDownHosts(db, [...deps.hosts.keys()], opts.log)) > 0) doorbell.ring();
        const reported = full ? null : health.reported();
        if (reported?.length === 0) return;
        const rows = await db
          .select({ id: loadBalancers.id, status: loadBalancers.provisioning_status, version: loadBalancers.updated_at, host: amphorae.compute_id, hostStatus: amphoraHosts.status })
          .from(loadBalancers)
          .leftJoin(amphorae, eq(amphorae.loadbalancer_id, loadBalancers.id))
          .leftJoin(amphoraHosts, eq(amphoraHosts.id, amphorae.compute_id))
          .where(reported ? inArray(loadBalancers.id, reported) : undefined);
        // An amphora on a DOWN host is failover's, above: nobody there answers.
        const active = rows.filter((lb) => lb.status === "ACTIVE" && lb.hostStatus !== "DOWN" && !running.has(lb.id)).map((lb) => ({ id: lb.id, version: lb.version, host: lb.host }));
        const { dead } = await health.pass(active, full);
        if (full) lastFull = started;
        if (dead.length > 0) {
          for (const id of dead) restarts.add(id);
          doorbell.ring();
        }
        if (full && opts.healthLog && healthLog === null) await listenForReports(opts.healthLog.socket);
        if (full && started - lastStraySweep >= STRAY_SWEEP_MS) {
          lastStraySweep = started;
          await stopStrays(deps);
        }
      });
      const tick = new AbortController();
      const stopTick = () => tick.abort();
      signal.addEventListener("abort", stopTick, { once: true });
      await Promise.race([sleep(Math.max(0, lastFull + (opts.watchIntervalMs ?? 1000) - performance.now()), tick.signal), watchBell.wait(tick.signal)]);
      tick.abort();
      signal.removeEventListener("abort", stopTick);
      await sleep(Math.max(0, MIN_PASS_SPACING_MS - (performance.now() - started)), signal);
    }
  })();

  return {
    hostsChanged: () => {
      lastFull = -Infinity;
      lastStraySweep = -Infinity;
      watchBell.ring();
    },
    stop: async () => {
      abort.abort();
      await Promise.all([work, watch, renewal]);
      await Promise.all(running.values());
      await (healthLog as HealthLog | null)?.close();
    },
  };
}

/** Pending load balancers no other owner holds a live claim on, oldest change first (fair). */
async function claimablePending(db: Db, owner: ClaimOwner, exclude: string[], limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: loadBalancers.id })
    .from(loadBalancers)
    .leftJoin(
      controllerClaims,
      and(eq(controllerClaims.loadbalancer_id, loadBalancers.id), gt(controllerClaims.expires_at, sql`now()`), ne(controllerClaims.owner, owner.id)),
    )
    .where(
      and(
        inArray(loadBalancers.provisioning_status, [...PENDING_STATUSES]),
        isNull(controllerClaims.loadbalancer_id),
        exclude.length > 0 ? notInArray(loadBalancers.id, exclude) : undefined,
      ),
    )
    .orderBy(loadBalancers.updated_at)
    .limit(limit);
  return rows.map((r) => r.id);
}
