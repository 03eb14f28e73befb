import { eq, inArray } from "drizzle-orm";
import type { AmphoraDriver } from "@/amphora/driver";
import { renderConfig } from "@/amphora/render";
import { busy, type Database, type Db } from "@/db/client";
import { amphorae, floatingIps, healthMonitors, listeners, loadBalancers, members, pools, ports, type ResourceType } from "@/db/schema";
import { setStatus } from "@/server/services/status";
import { type LoadedTree, loadTree } from "./tree";

// The controller's reconciler: drives one load balancer from what its rows ask for to what runs.
// Every step is idempotent, so a pass interrupted at any point (a crash, a kill) is simply run
// again: HAProxy is only told the rendered config, and the rows only move forward once it runs.

export interface ControllerDeps {
  database: Database;
  driver: AmphoraDriver;
  log: (message: string) => void;
}

const PENDING = ["PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE"] as const;

interface Row {
  resource_type: ResourceType;
  id: string;
  provisioning_status: string;
}

/** Every row of the tree, children before parents (the order deletes must go in). */
function treeRows(tree: LoadedTree): Row[] {
  return [
    ...tree.rows.members.map((r) => ({ resource_type: "member" as const, ...r })),
    ...tree.rows.healthMonitors.map((r) => ({ resource_type: "healthmonitor" as const, ...r })),
    ...tree.rows.listeners.map((r) => ({ resource_type: "listener" as const, ...r })),
    ...tree.rows.pools.map((r) => ({ resource_type: "pool" as const, ...r })),
  ];
}

const TABLES = { member: members, healthmonitor: healthMonitors, listener: listeners, pool: pools } as const;

/** Drives one load balancer if no other worker is driving it; returns false when it was busy. */
export async function driveLoadBalancer(deps: ControllerDeps, lbId: string): Promise<boolean> {
  const outcome = await deps.database.tryWithLock(`lb:${lbId}`, async () => {
    const tree = await loadTree(deps.database.db, lbId);
    if (!tree) return;
    if (tree.lb.provisioning_status === "PENDING_DELETE") await removeLoadBalancer(deps, tree);
    else if (tree.lb.provisioning_status === "PENDING_CREATE" || tree.lb.provisioning_status === "PENDING_UPDATE") {
      await applyTree(deps, tree, describePending(tree));
    }
  });
  return outcome !== busy;
}

/** The ids of load balancers with work to do. */
export async function pendingLoadBalancers(db: Db): Promise<string[]> {
  const rows = await db.select({ id: loadBalancers.id }).from(loadBalancers).where(inArray(loadBalancers.provisioning_status, [...PENDING]));
  return rows.map((r) => r.id);
}

function describePending(tree: LoadedTree): string {
  if (tree.lb.provisioning_status === "PENDING_CREATE") return "load balancer created";
  const changed = treeRows(tree).filter((r) => (PENDING as readonly string[]).includes(r.provisioning_status));
  const verb = { PENDING_CREATE: "created", PENDING_UPDATE: "updated", PENDING_DELETE: "deleted" } as Record<string, string>;
  const children = changed.filter((r) => !(r.resource_type === "pool" || r.resource_type === "listener") || r.provisioning_status !== "PENDING_UPDATE");
  return children.length ? children.map((r) => `${r.resource_type} ${r.id} ${verb[r.provisioning_status]}`).join(", ") : "load balancer updated";
}

/**
 * Renders and applies the tree. Success: rows PENDING_DELETE are removed, every other pending row
 * goes ACTIVE. Failure (HAProxy refused the config, or it would not start): the running config
 * stays, the changed children go ERROR with the reason, their parents go back to ACTIVE; a load
 * balancer that never ran goes ERROR (Octavia's rules).
 */
export async function applyTree(deps: ControllerDeps, tree: LoadedTree, reason: string): Promise<void> {
  const { db } = deps.database;
  const lbTarget = { resource_type: "loadbalancer" as const, id: tree.lb.id, loadbalancer_id: tree.lb.id, project_id: tree.lb.project_id };
  let applied: Awaited<ReturnType<AmphoraDriver["apply"]>>;
  try {
    const text = renderConfig(tree.model, deps.driver.paths(tree.lb.id));
    applied = await deps.driver.apply(tree.lb.id, text, reason);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.log(`load balancer ${tree.lb.id}: apply failed (${reason}): ${message}`);
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      for (const row of treeRows(tree)) {
        if (!(PENDING as readonly string[]).includes(row.provisioning_status)) continue;
        const parent = row.provisioning_status === "PENDING_UPDATE" && (row.resource_type === "pool" || row.resource_type === "listener");
        await setStatus(tx, { ...lbTarget, resource_type: row.resource_type, id: row.id }, {
          provisioning_status: parent && tree.lb.provisioning_status !== "PENDING_CREATE" ? "ACTIVE" : "ERROR",
          reason: message,
        });
      }
      await setStatus(tx, lbTarget, {
        provisioning_status: tree.lb.provisioning_status === "PENDING_CREATE" ? "ERROR" : "ACTIVE",
        reason: message,
      });
      await recordAmphora(tx, tree.lb.id, { status: "ERROR", last_reload_reason: `${reason}: ${message}` });
    });
    return;
  }
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    for (const row of treeRows(tree)) {
      const target = { ...lbTarget, resource_type: row.resource_type, id: row.id };
      if (row.provisioning_status === "PENDING_DELETE") {
        await setStatus(tx, target, { provisioning_status: "DELETED" });
        await tx.delete(TABLES[row.resource_type as keyof typeof TABLES]).where(eq(TABLES[row.resource_type as keyof typeof TABLES].id, row.id));
      } else if (row.provisioning_status === "PENDING_CREATE" || row.provisioning_status === "PENDING_UPDATE") {
        await setStatus(tx, target, { provisioning_status: "ACTIVE" });
      }
    }
    await setStatus(tx, lbTarget, {
      provisioning_status: "ACTIVE",
      ...(tree.lb.operating_status === "OFFLINE" && tree.lb.admin_state_up && { operating_status: "ONLINE" }),
      reason: applied.action === "unchanged" ? null : `${applied.action}: ${reason}`,
    });
    await recordAmphora(tx, tree.lb.id, {
      status: "ALLOCATED",
      pid: applied.pid,
      config_hash: applied.config_hash,
      // Only a start or reload counts as one: a runtime change keeps the same workers.
      ...((applied.action === "started" || applied.action === "reloaded") && {
        last_reload_at: new Date().toISOString(),
        last_reload_reason: reason,
      }),
    });
  });
}

/** Restarts the amphora of an ACTIVE load balancer whose HAProxy is gone; the event says so. */
export async function restartAmphora(deps: ControllerDeps, lbId: string): Promise<void> {
  await deps.database.tryWithLock(`lb:${lbId}`, async () => {
    const tree = await loadTree(deps.database.db, lbId);
    if (!tree || tree.lb.provisioning_status !== "ACTIVE") return;
    if ((await deps.driver.status(lbId)).running) return;
    deps.log(`load balancer ${lbId}: HAProxy is gone, restarting it`);
    await applyTree(deps, tree, "amphora restarted: its HAProxy process was gone");
  });
}

/** Cascade delete: stop HAProxy, remove every row (each with a DELETED event), free the VIP. */
async function removeLoadBalancer(deps: ControllerDeps, tree: LoadedTree): Promise<void> {
  await deps.driver.stop(tree.lb.id);
  const lbTarget = { resource_type: "loadbalancer" as const, id: tree.lb.id, loadbalancer_id: tree.lb.id, project_id: tree.lb.project_id };
  await deps.database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
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
        .set({ port_id: null, fixed_ip_address: null, status: "DOWN" })
        .where(eq(floatingIps.port_id, tree.lb.vip_port_id));
      await tx.delete(ports).where(eq(ports.id, tree.lb.vip_port_id));
    }
  });
  deps.log(`load balancer ${tree.lb.id}: deleted`);
}

async function recordAmphora(
  db: Db,
  lbId: string,
  fields: Partial<Pick<typeof amphorae.$inferInsert, "status" | "pid" | "config_hash" | "last_reload_at" | "last_reload_reason">>,
): Promise<void> {
  await db
    .insert(amphorae)
    .values({ loadbalancer_id: lbId, status: fields.status ?? "ALLOCATED", ...fields })
    .onConflictDoUpdate({ target: amphorae.loadbalancer_id, set: fields });
}

/** Every load balancer the database knows, with its status: what amphorae may exist for. */
export async function knownLoadBalancers(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: loadBalancers.id, status: loadBalancers.provisioning_status }).from(loadBalancers);
  return new Map(rows.map((r) => [r.id, r.status]));
}
