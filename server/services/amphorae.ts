import { loadBalancerStats } from "@/amphora/stats";
import { amphorae } from "@/db/schema";
import type { ServiceContext } from "./context";
import { ForbiddenError } from "./errors";
import { findLoadBalancer } from "./lookup";

// Amphorae are the operator's view (Octavia's admin API); statistics are the tenant's.

export async function listAmphorae(ctx: ServiceContext) {
  if (!ctx.isAdmin) throw new ForbiddenError("Listing amphorae needs the admin role.");
  return ctx.db.select().from(amphorae).orderBy(amphorae.created_at);
}

const ZERO = { bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 0, request_errors: 0 };

/** Octavia's load balancer stats, summed over its listeners, read live from the amphora. */
export async function getLoadBalancerStats(ctx: ServiceContext, id: string) {
  const lb = await findLoadBalancer(ctx, id);
  if (!ctx.dataPlane) return { stats: ZERO, listeners: {} };
  if (!(await ctx.dataPlane.status(lb.id)).running) return { stats: ZERO, listeners: {} };
  const { total, listeners } = loadBalancerStats(await ctx.dataPlane.showStat(lb.id));
  return { stats: total, listeners };
}
