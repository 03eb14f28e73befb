import { eq } from "drizzle-orm";
import { amphorae, loadBalancers } from "@/db/schema";
import { type ServiceContext, withTransaction } from "@/server/kernel/context";
import { ConflictError, NotFoundError } from "@/server/kernel/errors";
import { lbTarget } from "./locks";
import { invalidStateMessage, LOCKABLE_FROM } from "./lock-rules";
import { setStatus } from "./status";

// Octavia's failover, for operators: the amphora of a load balancer is replaced (its HAProxy
// stopped and started afresh from the rendered config) rather than reloaded. Allowed from ACTIVE
// and from ERROR, which is how a load balancer in ERROR is recovered without deleting it. The
// load balancer goes PENDING_UPDATE and back, with events, like any other change.

async function requestFailover(ctx: ServiceContext, lbId: string) {
  return withTransaction(ctx, async (tx) => {
    // Admins act on any project: the lookup is by id alone (the policy table let only admins here).
    const [lb] = await tx.db.select().from(loadBalancers).where(eq(loadBalancers.id, lbId));
    if (!lb) throw new NotFoundError("Load Balancer", lbId);
    const locked = await setStatus(tx.db, lbTarget(lb), { provisioning_status: "PENDING_UPDATE", reason: "failover requested" }, LOCKABLE_FROM.failover);
    if (!locked) throw new ConflictError(invalidStateMessage(lb.provisioning_status, lb.id));
    await tx.db
      .insert(amphorae)
      .values({ loadbalancer_id: lb.id, status: "ALLOCATED", failover_requested: true })
      .onConflictDoUpdate({ target: amphorae.loadbalancer_id, set: { failover_requested: true } });
    return { id: lb.id };
  });
}

export function failoverLoadBalancer(ctx: ServiceContext, lbId: string) {
  return requestFailover(ctx, lbId);
}

export async function failoverAmphora(ctx: ServiceContext, amphoraId: string) {
  const [amphora] = await ctx.db.select().from(amphorae).where(eq(amphorae.id, amphoraId));
  if (!amphora) throw new NotFoundError("Amphora", amphoraId);
  await requestFailover(ctx, amphora.loadbalancer_id);
  return { id: amphora.id, loadbalancer_id: amphora.loadbalancer_id };
}

/** The HAProxy config an amphora runs, as the operator's "view config". */
export async function amphoraConfig(ctx: ServiceContext, amphoraId: string) {
  const [amphora] = await ctx.db.select().from(amphorae).where(eq(amphorae.id, amphoraId));
  if (!amphora) throw new NotFoundError("Amphora", amphoraId);
  const config = (await ctx.dataPlane?.readConfig(amphora.loadbalancer_id)) ?? null;
  return { id: amphora.id, loadbalancer_id: amphora.loadbalancer_id, config };
}
