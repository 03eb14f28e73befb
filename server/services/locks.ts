import { eq } from "drizzle-orm";
import { isPending, listeners, type loadBalancers, type pools } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";
import { ConflictError } from "@/server/kernel/errors";
import { immutableMessage, invalidStateMessage, LOCKABLE_FROM } from "./lock-rules";
import { findListener, findLoadBalancer } from "./lookup";
import { setStatus, statusTarget } from "./status";

// Octavia's status lock: a change compare-and-sets its load balancer from ACTIVE to
// PENDING_UPDATE in the same transaction as its validation. A second change finds it PENDING_*
// and is refused with CONFLICT, until the controller sets the tree ACTIVE again.

type LoadBalancerRow = typeof loadBalancers.$inferSelect;
type PoolRow = typeof pools.$inferSelect;

export const lbTarget = (lb: Pick<LoadBalancerRow, "id" | "project_id">) => statusTarget("loadbalancer", lb, lb.id);

/** Locks the tree above a listener, pool, member or monitor that is about to change. */
export async function lockForChildChange(
  ctx: ServiceContext,
  lb: LoadBalancerRow,
  above: { pool?: PoolRow; listenerIds?: string[] } = {},
): Promise<void> {
  const locked = await setStatus(ctx.db, lbTarget(lb), { provisioning_status: "PENDING_UPDATE" }, LOCKABLE_FROM.update);
  if (!locked) throw new ConflictError(immutableMessage("Load Balancer", lb.id));
  if (above.pool) {
    if (isPending(above.pool.provisioning_status)) {
      throw new ConflictError(immutableMessage("Pool", above.pool.id));
    }
    await setStatus(ctx.db, statusTarget("pool", above.pool, lb.id), { provisioning_status: "PENDING_UPDATE" });
  }
  const listenerIds = above.listenerIds ?? (above.pool ? await listenersUsingPool(ctx, above.pool.id) : []);
  for (const id of listenerIds) {
    await setStatus(ctx.db, statusTarget("listener", { id, project_id: lb.project_id }, lb.id), { provisioning_status: "PENDING_UPDATE" });
  }
}

/**
 * The lock taken by every change to a child of a load balancer, in one place: finds the load
 * balancer `child` lies under and locks the tree above the child. Returns the load balancer.
 */
export async function lockParentsOf(
  ctx: ServiceContext,
  child: { loadbalancer_id: string },
  above: { pool?: PoolRow; listenerIds?: string[] } = {},
): Promise<LoadBalancerRow> {
  const lb = await findLoadBalancer(ctx, child.loadbalancer_id);
  await lockForChildChange(ctx, lb, above);
  return lb;
}

/** Locks the tree above a pool's member or monitor: the pool, its listeners, its load balancer. */
export const lockPoolParents = (ctx: ServiceContext, pool: PoolRow) => lockParentsOf(ctx, pool, { pool });

/**
 * Locks the tree above a listener's L7 policy (or rule): the listener and its load balancer (a
 * listener can only be PENDING_* while its load balancer is, so the load balancer's lock decides).
 */
export async function lockListenerParents(ctx: ServiceContext, listenerId: string) {
  const listener = await findListener(ctx, listenerId);
  const lb = await lockParentsOf(ctx, listener, { listenerIds: [listener.id] });
  return { listener, lb };
}

/** Locks a load balancer for its own update or delete. A load balancer in ERROR may only be deleted. */
export async function lockLoadBalancer(
  ctx: ServiceContext,
  lb: LoadBalancerRow,
  to: "PENDING_UPDATE" | "PENDING_DELETE",
): Promise<void> {
  const allowed = LOCKABLE_FROM[to === "PENDING_DELETE" ? "delete" : "update"];
  const locked = await setStatus(ctx.db, lbTarget(lb), { provisioning_status: to }, allowed);
  if (!locked) throw new ConflictError(invalidStateMessage(lb.provisioning_status, lb.id));
}

export async function listenersUsingPool(ctx: ServiceContext, poolId: string): Promise<string[]> {
  const rows = await ctx.db.select({ id: listeners.id }).from(listeners).where(eq(listeners.default_pool_id, poolId));
  return rows.map((r) => r.id);
}
