import type { Database } from "@/db/client";
import * as engine from "./apply";
import { syncAmphoraLegs } from "./amphora-legs";
import { NETWORK_CHANNEL } from "./changes";
import { desiredPlan, type NetworkSettings } from "./desired";
import * as names from "./names";
import { loadNetworkRows, markFloatingIpsActive } from "./rows";

// The network's reconciler, the network half of the controller: the host's bridges and
// namespaces are derived from the rows, never the other way round. A full pass (at start, when a
// change is announced on NETWORK_CHANNEL, and every interval) reads every row and makes the host
// match: what is missing is made, what differs is corrected, and what carries the product's
// prefix with no row behind it is removed. A load balancer's own amphora is plugged and unplugged
// by the controller that drives it, without waiting for a full pass. All of it is serialised in
// this process, so a pass never judges a namespace plugged after it read the rows an orphan.

export interface NetworkReconciler {
  /** A full pass now; resolves when it is done. */
  pass(): Promise<engine.ApplyReport>;
  /**
   * Gives the load balancer's amphora its namespace: the VIP and one leg per member network.
   * `settled`: its config without the members being deleted runs, so their legs may go.
   */
  plugAmphora(lbId: string, opts?: { settled?: boolean }): Promise<void>;
  /** Removes the amphora's namespace and its member legs' ports (the VIP's port goes with the row). */
  unplugAmphora(lbId: string): Promise<void>;
  /** The namespace HAProxy of this load balancer runs in. */
  amphoraNamespace(lbId: string): string;
  stop(): Promise<void>;
}

export interface NetworkReconcilerOptions {
  database: Database;
  settings: NetworkSettings;
  log: (message: string) => void;
  /** How often a full pass runs with no announced change. Default 30 s. */
  intervalMs?: number;
  /**
   * Runs after every full pass: the compute agent's sync, so an instance whose namespace a pass
   * just made (a new instance, a rebuilt namespace) gets its servers in it.
   */
  afterPass?: () => Promise<void>;
}

export async function startNetworkReconciler(opts: NetworkReconcilerOptions): Promise<NetworkReconciler> {
  const { db } = opts.database;
  const { prefix } = opts.settings;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.catch(() => undefined).then(fn);
    queue = next;
    return next;
  };

  const plan = async () => desiredPlan(await loadNetworkRows(db), opts.settings);
  const fullPass = () =>
    serial(async () => {
      const rows = await loadNetworkRows(db);
      let report: engine.ApplyReport;
      let failed = new Set<string>();
      try {
        report = await engine.applyPlan(desiredPlan(rows, opts.settings));
      } catch (err) {
        // Everything else was made: the namespaces that failed are retried at the next pass.
        if (!(err instanceof engine.ApplyError)) throw err;
        opts.log(`network pass: ${err.message}`);
        report = err.report;
        failed = new Set(err.failures.map((f) => f.namespace));
      }
      // A floating IP goes ACTIVE only once its router's namespace carries it.
      await markFloatingIpsActive(db, rows.floatingIps.filter((f) => !failed.has(names.namespaceName(prefix, "router", f.router_id))));
      if (report.created + report.changed + report.removed > 0) {
        opts.log(`network: ${report.created} made, ${report.changed} corrected, ${report.removed} removed in ${Math.round(report.ms)} ms`);
      }
      await opts.afterPass?.().catch((err: unknown) => opts.log(`after the network pass: ${err instanceof Error ? err.message : String(err)}`));
      return report;
    });

  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  // Announcements coalesce: a burst of changes heard while a pass runs is one more pass after it
  // (that pass reads the rows after every one of them committed), never none.
  const schedule = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    void fullPass()
      .catch((err: unknown) => opts.log(`network pass failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = false;
        if (again) schedule();
      });
  };
  const unlisten = await opts.database.listen(NETWORK_CHANNEL, schedule);
  await fullPass();
  const tick = () => {
    timer = setTimeout(() => {
      schedule();
      tick();
    }, opts.intervalMs ?? 30_000);
    timer.unref();
  };
  tick();

  const amphoraNamespace = (lbId: string) => names.namespaceName(prefix, "amphora", lbId);

  return {
    pass: fullPass,
    amphoraNamespace,
    plugAmphora: (lbId, plugOpts) =>
      serial(async () => {
        await syncAmphoraLegs(db, lbId, plugOpts);
        const desired = await plan();
        const ns = desired.namespaces.find((n) => n.name === amphoraNamespace(lbId));
        if (!ns) throw new Error(`load balancer ${lbId} has no VIP port: nothing to plug`);
        await engine.ensureNamespace(prefix, ns, desired.bridges);
      }),
    unplugAmphora: (lbId) =>
      serial(async () => {
        await engine.removeNamespace(prefix, amphoraNamespace(lbId));
      }),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await unlisten();
      await queue.catch(() => undefined);
    },
  };
}
