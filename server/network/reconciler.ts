import { eq } from "drizzle-orm";
import type { AmphoraDriver } from "@/amphora/driver";
import type { Database } from "@/db/client";
import { amphorae } from "@/db/schema";
import * as engine from "./apply";
import { syncAmphoraLegs } from "./amphora-legs";
import { NETWORK_CHANNEL } from "./changes";
import { amphoraPlug, desiredPlan, type LocalHostNet, type NetworkSettings } from "./desired";
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
   * Has the amphora's host plug the load balancer's amphora (`host`, the host's driver): its
   * namespace, the VIP and one leg per member network. `settled`: its config without the members
   * being deleted runs, so their legs may go.
   */
  plugAmphora(lbId: string, host: AmphoraDriver, opts?: { settled?: boolean }): Promise<void>;
  /**
   * Has the host (when it answers: null for one that is gone) remove the amphora's namespace; the
   * member legs' ports go. `was`: where the amphora was. One on a host of this machine that does
   * not answer is fenced here, as a hypervisor destroys a failed amphora's VM: its namespace is
   * removed from the host's, so a copy still running there answers for its VIP no more.
   */
  unplugAmphora(lbId: string, host: AmphoraDriver | null, was?: { amphora: string | null; host: string | null }): Promise<void>;
  /** Forgets that the load balancer's amphora was plugged: its next apply plugs it again (after a failure). */
  forgetPlug(lbId: string): void;
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
  /** This machine's amphora hosts: each full pass makes their namespaces and cables. */
  localHosts?: LocalHostNet[];
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
        report = await engine.applyPlan(desiredPlan(rows, opts.settings, opts.localHosts));
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

  /** Amphorae (by id) this process had plugged by their hosts; a failover makes a new amphora, a failure forgets one. */
  const plugged = new Map<string, string>();

  return {
    pass: fullPass,
    async plugAmphora(lbId, host, plugOpts) {
      if (!host.plug) throw new Error(`the host of load balancer ${lbId} cannot plug networks`);
      const { legs, changed } = await syncAmphoraLegs(db, lbId, plugOpts);
      const [amphora] = await db.select({ id: amphorae.id, loadbalancer_id: amphorae.loadbalancer_id }).from(amphorae).where(eq(amphorae.loadbalancer_id, lbId));
      if (!amphora) throw new Error(`load balancer ${lbId} has no amphora to plug`);
      // An update that moved no leg has nothing to plug once this process had it plugged: its VIP
      // port never changes, and a failed apply forgets the plug, so the next one plugs again.
      if (!changed && plugged.get(lbId) === amphora.id) return;
      // Its own rows only: a create does not pay for the size of the cloud.
      const rows = await loadAmphoraRows(db, amphora, legs, opts.settings.externalCidr);
      if (!rows) throw new Error(`load balancer ${lbId} has no VIP port: nothing to plug`);
      await host.plug(lbId, amphoraPlug(rows, opts.settings));
      plugged.set(lbId, amphora.id);
    },
    async unplugAmphora(lbId, host, was) {
      plugged.delete(lbId);
      if (host) return host.unplug?.(lbId);
      if (!was?.amphora || !was.host || !opts.localHosts?.some((h) => h.id === was.host)) return;
      await engine.removeNamespace(prefix, names.namespaceName(prefix, "amphora", was.amphora), names.namespaceName(prefix, "host", was.host));
    },
    forgetPlug: (lbId) => void plugged.delete(lbId),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await unlisten();
      await lock.exclusive(async () => undefined).catch(() => undefined);
    },
  };
}
