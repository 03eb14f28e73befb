import { and, eq, sql } from "drizzle-orm";
import type { AmphoraDriver, ApplyResult } from "@/amphora/driver";
import { renderConfig } from "@/amphora/render";
import { tlsFiles } from "@/amphora/tls";
import type { Db } from "@/db/client";
import { amphorae, amphoraHosts, floatingIps, healthMonitors, isPending, l7policies, l7rules, listeners, loadBalancers, members, pools, ports, type ResourceType } from "@/db/schema";
import { announceNetworkChange } from "@/server/network/changes";
import { setOperatingStatus, setStatus } from "@/server/services/status";
import { type ControllerDeps, driverOf } from "./deps";
import { type ChosenHost, chooseHost, noHostMessage, placeAmphora, zoneOfLoadBalancer } from "@/server/services/amphora-hosts";
import { flushStatistics, keepCounters } from "./statistics";
import { type LoadedTree, loadTree } from "./tree";

// The controller's reconciler: drives one load balancer from what its rows ask for to what runs.
// Every step is idempotent, so a pass interrupted at any point (a crash, a kill) is simply run
// again: HAProxy is only told the rendered config, and the rows only move forward once it runs.
// Callers hold the load balancer's claim (claims.ts); nothing here locks.

interface Row {
  resource_type: ResourceType;
  id: string;
  provisioning_status: string;
  admin_state_up: boolean;
}

/** Every row of the tree, children before parents (the order deletes must go in). */
function treeRows(tree: LoadedTree): Row[] {
  return [
    ...tree.rows.l7rules.map((r) => ({ resource_type: "l7rule" as const, ...r })),
    ...tree.rows.l7policies.map((r) => ({ resource_type: "l7policy" as const, ...r })),
    ...tree.rows.members.map((r) => ({ resource_type: "member" as const, ...r })),
    ...tree.rows.healthMonitors.map((r) => ({ resource_type: "healthmonitor" as const, ...r })),
    ...tree.rows.listeners.map((r) => ({ resource_type: "listener" as const, ...r })),
    ...tree.rows.pools.map((r) => ({ resource_type: "pool" as const, ...r })),
  ];
}

const TABLES = { l7rule: l7rules, l7policy: l7policies, member: members, healthmonitor: healthMonitors, listener: listeners, pool: pools } as const;

/** Parents that go PENDING_UPDATE when a child of theirs changes. */
const PARENT_TYPES: readonly ResourceType[] = ["pool", "listener", "l7policy"];

/** L7 policies and rules have no health of their own: they are ONLINE when enabled (Octavia). */
const L7_TYPES: readonly ResourceType[] = ["l7policy", "l7rule"];

const lbTargetOf = (tree: LoadedTree) => ({
  resource_type: "loadbalancer" as const,
  id: tree.lb.id,
  loadbalancer_id: tree.lb.id,
  project_id: tree.lb.project_id,
});

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Where a load balancer's amphora is: its host (null before placement) and whether that host is DOWN. */
interface Placement {
  /** The amphora's own id (its namespace is named for it). */
  amphora: string | null;
  host: string | null;
  hostDown: boolean;
  failover: boolean;
}

async function placementOf(db: Db, lbId: string): Promise<Placement> {
  const [row] = await db
    .select({ id: amphorae.id, failover: amphorae.failover_requested, host: amphorae.compute_id, hostStatus: amphoraHosts.status })
    .from(amphorae)
    .leftJoin(amphoraHosts, eq(amphoraHosts.id, amphorae.compute_id))
    .where(eq(amphorae.loadbalancer_id, lbId));
  return { amphora: row?.id ?? null, host: row?.host ?? null, hostDown: row?.hostStatus === "DOWN", failover: row?.failover ?? false };
}

/**
 * The driver of the host an amphora runs on, for stopping it; null when that host is DOWN or
 * unknown here: nobody answers there, and the copy it may still run is removed when it is heard
 * from again (the controller's stale sweep).
 */
function reachableDriver(deps: ControllerDeps, placed: Placement, lbId: string): AmphoraDriver | null {
  if (!placed.host) return null;
  const driver = deps.hosts.get(placed.host);
  if (placed.hostDown || !driver) {
    deps.log(`load balancer ${lbId}: its amphora's host ${placed.host} is DOWN or unknown here: its copy there is removed when the host is back`);
    return null;
  }
  return driver;
}

/** Drives one pending load balancer to ACTIVE, ERROR or gone. */
export async function driveLoadBalancer(deps: ControllerDeps, lbId: string): Promise<void> {
  const tree = await loadTree(deps.database.db, lbId);
  if (!tree) return;
  const placed = await placementOf(deps.database.db, lbId);
  if (tree.lb.provisioning_status === "PENDING_DELETE") await removeLoadBalancer(deps, tree, placed);
  else if (tree.lb.provisioning_status === "PENDING_CREATE" || tree.lb.provisioning_status === "PENDING_UPDATE") {
    // An amphora on a host that went DOWN is rebuilt elsewhere, whatever else changed meanwhile.
    if (placed.failover || placed.hostDown) {
      // A failover replaces the amphora: the old HAProxy goes, a new one starts from the config.
      // Its host is chosen first: with nowhere to go, the old one is left as it is (serving, if
      // its host is only cut off from the controller).
      const reason = "amphora failover";
      const zone = await zoneOfLoadBalancer(deps.database.db, lbId);
      const next = await chooseHost(deps.database.db, [...deps.hosts.keys()], { zone, exclude: placed.hostDown ? placed.host : null });
      if (!next) {
        deps.log(`load balancer ${lbId}: failover: ${noHostMessage(zone)}`);
        await markFailed(deps.database.db, tree, reason, noHostMessage(zone));
        return;
      }
      deps.log(`load balancer ${lbId}: failover: replacing its amphora${placed.hostDown ? ` (its host ${placed.host} is DOWN)` : ""}`);
      const old = reachableDriver(deps, placed, lbId);
      if (old) {
        await flushStatistics(deps, old, lbId);
        await old.stop(lbId);
      }
      // The new amphora gets a namespace of its own (named for it) too: nothing of the old one is
      // carried over. A host of another machine that does not answer keeps the old one until it
      // returns (stopStrays); one of this machine is fenced (unplugAmphora).
      await deps.network.unplugAmphora(lbId, old, placed);
      await replaceAmphoraRow(deps.database.db, lbId, next);
      await applyPending(deps, tree, reason, next.id);
    } else {
      await applyPending(deps, tree, describePending(tree), placed.host);
    }
  }
}

function describePending(tree: LoadedTree): string {
  if (tree.lb.provisioning_status === "PENDING_CREATE") return "load balancer created";
  const changed = treeRows(tree).filter((r) => isPending(r.provisioning_status));
  const verb = { PENDING_CREATE: "created", PENDING_UPDATE: "updated", PENDING_DELETE: "deleted" } as Record<string, string>;
  const children = changed.filter((r) => !PARENT_TYPES.includes(r.resource_type) || r.provisioning_status !== "PENDING_UPDATE");
  return children.length ? children.map((r) => `${r.resource_type} ${r.id} ${verb[r.provisioning_status]}`).join(", ") : "load balancer updated";
}

/** Applies the tree through the driver of the amphora's host. */
async function applyConfig(deps: ControllerDeps, tree: LoadedTree, reason: string, driver: AmphoraDriver): Promise<ApplyResult> {
  // The namespace first: HAProxy starts inside it, and binds a VIP only once it is there. A
  // member on a new subnet gets its leg here, before the config that sends traffic to it.
  await deps.network.plugAmphora(tree.lb.id, driver);
  const paths = driver.paths(tree.lb.id);
  const text = renderConfig(tree.model, paths, deps.render);
  // The certificates the config names must be on disk before HAProxy checks or loads it.
  await driver.uploadCertificates(tree.lb.id, tlsFiles(tree.model, paths));
  // A reload replaces the worker, which takes its counters with it: keep them.
  return driver.apply(tree.lb.id, text, reason, (last) => keepCounters(deps, tree.lb.id, last));
}

/**
 * Renders and applies the tree. Success: rows PENDING_DELETE are removed, every other pending row
 * goes ACTIVE. Failure (HAProxy refused the config, or it would not start): the running config
 * stays, the changed children go ERROR with the reason (and are left out of every later config
 * until they change), their parents go back to ACTIVE; a load balancer that never ran goes
 * ERROR (Octavia's rules).
 */
async function applyPending(deps: ControllerDeps, tree: LoadedTree, reason: string, host: string | null): Promise<void> {
  let applied: ApplyResult;
  let driver: AmphoraDriver;
  try {
    // `host` null: a new amphora (a new load balancer's, a failover's), placed first.
    driver = driverOf(deps, host ?? (await placeAmphora(deps.database.db, tree.lb.id, [...deps.hosts.keys()])));
    applied = await applyConfig(deps, tree, reason, driver);
  } catch (err) {
    // Whatever failed, the next try plugs the amphora again (its namespace may be what was missing).
    deps.network.forgetPlug(tree.lb.id);
    deps.log(`load balancer ${tree.lb.id}: apply failed (${reason}): ${messageOf(err)}`);
    await markFailed(deps.database.db, tree, reason, messageOf(err));
    return;
  }
  // A member that leaves may have been the last on its subnet: the amphora's leg there goes once
  // the config without it runs, before the change is reported done.
  if (tree.rows.members.some((m) => m.provisioning_status === "PENDING_DELETE")) {
    await deps.network.plugAmphora(tree.lb.id, driver, { settled: true }).catch((err: unknown) => deps.log(`load balancer ${tree.lb.id}: unplugging a leg failed (the next apply retries): ${messageOf(err)}`));
  }
  await markApplied(deps.database.db, tree, reason, applied);
}

async function markFailed(db: Db, tree: LoadedTree, reason: string, message: string): Promise<void> {
  const lbTarget = lbTargetOf(tree);
  const created = tree.lb.provisioning_status === "PENDING_CREATE";
  await db.transaction(async (tx) => {
    for (const row of treeRows(tree)) {
      if (!isPending(row.provisioning_status)) continue;
      // A listener or pool that is only PENDING_UPDATE because a child of it changed goes back to ACTIVE.
      const parent = row.provisioning_status === "PENDING_UPDATE" && PARENT_TYPES.includes(row.resource_type);
      const failed = !parent || created;
      await setStatus(tx, { ...lbTarget, resource_type: row.resource_type, id: row.id }, {
        provisioning_status: failed ? "ERROR" : "ACTIVE",
        reason: failed && !created ? `${message} (left out of the running config until it is changed or deleted)` : message,
      });
    }
    await setStatus(tx, lbTarget, { provisioning_status: created ? "ERROR" : "ACTIVE", reason: message });
    await recordAmphora(tx, tree.lb.id, { status: "ERROR", last_reload_reason: `${reason}: ${message}`, failover_requested: false });
  });
}

async function markApplied(db: Db, tree: LoadedTree, reason: string, applied: ApplyResult): Promise<void> {
  const lbTarget = lbTargetOf(tree);
  await db.transaction(async (tx) => {
    for (const row of treeRows(tree)) {
      const target = { ...lbTarget, resource_type: row.resource_type, id: row.id };
      if (row.provisioning_status === "PENDING_DELETE") {
        await setStatus(tx, target, { provisioning_status: "DELETED" });
        const table = TABLES[row.resource_type as keyof typeof TABLES];
        await tx.delete(table).where(eq(table.id, row.id));
      } else if (row.provisioning_status === "PENDING_CREATE" || row.provisioning_status === "PENDING_UPDATE") {
        await setStatus(tx, target, {
          provisioning_status: "ACTIVE",
          ...(L7_TYPES.includes(row.resource_type) && { operating_status: row.admin_state_up ? "ONLINE" : "OFFLINE" }),
        });
      }
    }
    await setStatus(tx, lbTarget, {
      provisioning_status: "ACTIVE",
      ...(tree.lb.operating_status === "OFFLINE" && tree.lb.admin_state_up && { operating_status: "ONLINE" }),
      reason: applied.action === "unchanged" ? null : `${applied.action}: ${reason}`,
    });
    await recordApplied(tx, tree.lb.id, applied, reason);
  });
}

/** The amphora record after HAProxy took a config: running, and no failure to back off from. */
function recordApplied(db: Db, lbId: string, applied: ApplyResult, reason: string) {
  return recordAmphora(db, lbId, {
    status: "ALLOCATED",
    pid: applied.pid,
    config_hash: applied.config_hash,
    failures: 0,
    retry_at: null,
    failover_requested: false,
    // Only a start or reload counts as one: a runtime change keeps the same workers.
    ...((applied.action === "started" || applied.action === "reloaded") && {
      last_reload_at: new Date().toISOString(),
      last_reload_reason: reason,
    }),
  });
}

/** The longest pause between two attempts to restart an amphora that will not start. */
export const MAX_RESTART_BACKOFF_MS = 60_000;

export function restartBackoffMs(failures: number): number {
  return Math.min(MAX_RESTART_BACKOFF_MS, 1000 * 2 ** Math.max(0, failures - 1));
}

/**
 * Restarts the amphora of an ACTIVE load balancer whose HAProxy is gone; the event says so. One
 * that will not start is tried again with a growing pause (amphorae.retry_at), and its load
 * balancer goes operating ERROR once: a repeated failure writes no new event.
 */
export async function restartAmphora(deps: ControllerDeps, lbId: string): Promise<void> {
  const { db } = deps.database;
  const [record] = await db.select().from(amphorae).where(eq(amphorae.loadbalancer_id, lbId));
  if (record?.retry_at && Date.parse(record.retry_at) > Date.now()) return;
  const tree = await loadTree(db, lbId);
  if (!tree || tree.lb.provisioning_status !== "ACTIVE") return;
  const placed = await placementOf(db, lbId);
  // An amphora whose host is DOWN is failed over to another host, not restarted where nobody answers.
  if (placed.hostDown) return;
  if (placed.host && (await driverOf(deps, placed.host).status(lbId)).running) return;
  const reason = "amphora restarted: its HAProxy process was gone";
  deps.log(`load balancer ${lbId}: HAProxy is gone, restarting it`);
  let applied: ApplyResult;
  try {
    const driver = driverOf(deps, placed.host ?? (await placeAmphora(db, lbId, [...deps.hosts.keys()])));
    // Plugged again: what took HAProxy away may have taken its namespace too (deleted by hand, a rebooted host).
    deps.network.forgetPlug(lbId);
    applied = await applyConfig(deps, tree, reason, driver);
  } catch (err) {
    deps.network.forgetPlug(lbId);
    const failures = (record?.failures ?? 0) + 1;
    const backoff = restartBackoffMs(failures);
    deps.log(`load balancer ${lbId}: restart ${failures} failed, next try in ${backoff} ms: ${messageOf(err)}`);
    await db.transaction(async (tx) => {
      await setOperatingStatus(tx, lbTargetOf(tree), "ERROR", `amphora restart failed: ${messageOf(err)}`);
      await recordAmphora(tx, lbId, {
        status: "ERROR",
        failures,
        retry_at: new Date(Date.now() + backoff).toISOString(),
        last_reload_reason: `${reason}: ${messageOf(err)}`,
      });
    });
    return;
  }
  await db.transaction(async (tx) => {
    // The health manager derives the operating status from the new process's first checks.
    await setStatus(tx, lbTargetOf(tree), { provisioning_status: "ACTIVE", reason: `${applied.action}: ${reason}` });
    await recordApplied(tx, lbId, applied, reason);
  });
}

/** Cascade delete: stop HAProxy, remove every row (each with a DELETED event), free the VIP. */
async function removeLoadBalancer(deps: ControllerDeps, tree: LoadedTree, placed: Placement): Promise<void> {
  const driver = reachableDriver(deps, placed, tree.lb.id);
  await driver?.stop(tree.lb.id);
  await deps.network.unplugAmphora(tree.lb.id, driver, placed);
  const lbTarget = lbTargetOf(tree);
  await deps.database.db.transaction(async (tx) => {
    for (const row of treeRows(tree)) {
      await setStatus(tx, { ...lbTarget, resource_type: row.resource_type, id: row.id }, { provisioning_status: "DELETED", operating_status: "OFFLINE" });
    }
    await setStatus(tx, lbTarget, { provisioning_status: "DELETED", operating_status: "OFFLINE" });
    // Listeners point at pools (default_pool_id); the load balancer row cascades to the rest.
    await tx.update(listeners).set({ default_pool_id: null }).where(eq(listeners.loadbalancer_id, tree.lb.id));
    await tx.delete(loadBalancers).where(eq(loadBalancers.id, tree.lb.id));
    if (tree.lb.vip_port_id) {
      await tx
        .update(floatingIps)
        .set({ port_id: null, fixed_ip_address: null, router_id: null, status: "DOWN" })
        .where(eq(floatingIps.port_id, tree.lb.vip_port_id));
      await tx.delete(ports).where(eq(ports.id, tree.lb.vip_port_id));
    }
    // The VIP port and the member legs: every port Octavia made for this load balancer.
    await tx.delete(ports).where(and(eq(ports.device_owner, "Octavia"), eq(ports.device_id, tree.lb.id)));
    // A floating IP it had is now free: its router's DNAT goes.
    await announceNetworkChange(tx);
  });
  deps.log(`load balancer ${tree.lb.id}: deleted`);
}

type AmphoraFields = Partial<
  Pick<
    typeof amphorae.$inferInsert,
    "status" | "pid" | "config_hash" | "last_reload_at" | "last_reload_reason" | "failures" | "retry_at" | "failover_requested"
  >
>;

/**
 * Octavia's failover replaces the amphora, so the new one has an id of its own and the old id is
 * gone (clients and Octavia's own suite tell a failover by the new id). It is BOOTING until its
 * apply ends; still marked for failover, so a crash before then fails it over again.
 */
async function replaceAmphoraRow(db: Db, lbId: string, host: ChosenHost): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(amphorae).where(eq(amphorae.loadbalancer_id, lbId));
    await tx.insert(amphorae).values({ loadbalancer_id: lbId, status: "BOOTING", failover_requested: true, compute_id: host.id, lb_network_ip: host.address });
  });
}

async function recordAmphora(db: Db, lbId: string, fields: AmphoraFields): Promise<void> {
  await db
    .insert(amphorae)
    .values({ loadbalancer_id: lbId, status: fields.status ?? "ALLOCATED", ...fields })
    .onConflictDoUpdate({ target: amphorae.loadbalancer_id, set: { ...fields, updated_at: sql`now()` } });
}
