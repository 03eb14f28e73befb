import { eq } from "drizzle-orm";
import { isPending, listeners, type loadBalancers, type pools } from "@/db/schema";
import type { ServiceContext } from "./context";
import { ConflictError } from "./errors";
import { LOCKABLE_FROM } from "./lock-rules";
import { setStatus } from "./status";

// Octavia's status lock: a change compare-and-sets its load balancer from ACTIVE to
// PENDING_UPDATE in the same transaction as its validation. A second change finds it PENDING_*
// and is refused with CONFLICT, until the controller sets the tree ACTIVE again.

type LoadBalancerRow = typeof loadBalancers.$inferSelect;
type PoolRow = typeof pools.$inferSelect;

export const lbTarget = (lb: Pick<LoadBalancerRow, "id" | "project_id">) => ({
  resource_type: "loadbalancer" as const,
  id: lb.id,
  loadbalancer_id: lb.id,
  project_id: lb.project_id,
});

/** Locks the tree above a listener, pool, member or monitor that is about to change. */
export async function lockForChildChange(
  ctx: ServiceContext,
  lb: LoadBalancerRow,
  above: { pool?: PoolRow; listenerIds?: string[] } = {},
): Promise<void> {
  const locked = await setStatus(ctx.db, lbTarget(lb), { provisioning_status: "PENDING_UPDATE" }, LOCKABLE_FROM.update);
  if (!locked) throw new ConflictError(`Load Balancer ${lb.id} is immutable and cannot be updated.`);
  if (above.pool) {
    if (isPending(above.pool.provisioning_status)) {
      throw new ConflictError(`Pool ${above.pool.id} is immutable and cannot be updated.`);
    }
    await setStatus(
      ctx.db,
      { resource_type: "pool", id: above.pool.id, loadbalancer_id: lb.id, project_id: lb.project_id },
      { provisioning_status: "PENDING_UPDATE" },
    );
  }
  const listenerIds = above.listenerIds ?? (above.pool ? await listenersUsingPool(ctx, above.pool.id) : []);
  for (const id of listenerIds) {
    await setStatus(
      ctx.db,
      { resource_type: "listener", id, loadbalancer_id: lb.id, project_id: lb.project_id },
      { provisioning_status: "PENDING_UPDATE" },
    );
  }
}

/** Locks a load balancer for its own update or delete. A load balancer in ERROR may only be deleted. */
export async function lockLoadBalancer(
  ctx: ServiceContext,
  lb: LoadBalancerRow,
  to: "PENDING_UPDATE" | "PENDING_DELETE",
): Promise<void> {
  const allowed = LOCKABLE_FROM[to === "PENDING_DELETE" ? "delete" : "update"];
  const locked = await setStatus(ctx.db, lbTarget(lb), { provisioning_status: to }, allowed);
  if (!locked) throw new ConflictError(`Invalid state ${lb.provisioning_status} of loadbalancer resource ${lb.id}`);
}

export async function listenersUsingPool(ctx: ServiceContext, poolId: string): Promise<string[]> {
  const rows = await ctx.db.select({ id: listeners.id }).from(listeners).where(eq(listeners.default_pool_id, poolId));
  return rows.map((r) => r.id);
}
