import type { Database } from "@/db/client";
import * as engine from "./apply";
import { syncAmphoraLegs } from "./amphora-legs";
import { NETWORK_CHANNEL } from "./changes";
import { desiredPlan, type NetworkSettings } from "./desired";
import { namespaceListed } from "./iproute";
import * as names from "./names";
import { PassLock } from "./pass-lock";
import { loadAmphoraRows, loadNetworkRows, markFloatingIpsActive } from "./rows";

// The network's reconciler, the network half of the controller: the host's bridges and
// namespaces are derived from the rows, never the other way round. A full pass (at start, when a
// change is announced on NETWORK_CHANNEL, and every interval) reads every row and makes the host
// match: what is missing is made, what differs is corrected, and what carries the product's
// prefix with no row behind it is removed. A load balancer's own amphora is plugged and unplugged
// by the controller that drives it, without waiting for a full pass. A full pass runs alone in
// this process, so it never judges a namespace plugged after it read the rows an orphan; amphorae
// of distinct load balancers are plugged side by side (a failover of a host's fifty at once).

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
  const lock = new PassLock();

  const fullPass = () =>
    lock.exclusive(async () => {
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
  /** Amphorae this process made or checked as planned (incremental path); a failover forgets one. */
  const plugged = new Set<string>();

  return {
    pass: fullPass,
    amphoraNamespace,
    plugAmphora: (lbId, plugOpts) =>
      lock.shared(async () => {
        const { legs, changed } = await syncAmphoraLegs(db, lbId, plugOpts);
        // An update that moved no leg has nothing to plug once this process made the namespace:
        // its VIP port never changes, and drift (a subnet's gateway, a hand-made change) is the
        // full pass's to correct. A missing namespace is still seen here, without a process.
        if (!changed && plugged.has(lbId) && (await namespaceListed(amphoraNamespace(lbId)))) return;
        // Its own rows only: a create does not pay for the size of the cloud.
        const rows = await loadAmphoraRows(db, lbId, legs, opts.settings.externalCidr);
        if (!rows) throw new Error(`load balancer ${lbId} has no VIP port: nothing to plug`);
        const desired = desiredPlan(rows, opts.settings);
        await engine.ensureNamespace(prefix, desired.namespaces[0]!, desired.bridges);
        plugged.add(lbId);
      }),
    unplugAmphora: (lbId) =>
      lock.shared(async () => {
        plugged.delete(lbId);
        await engine.removeNamespace(prefix, amphoraNamespace(lbId));
      }),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await unlisten();
      await lock.exclusive(async () => undefined).catch(() => undefined);
    },
  };
}
