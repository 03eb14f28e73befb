import { and, eq, ne, or } from "drizzle-orm";
import { healthMonitors, l7policies, l7rules, listeners, loadBalancers, members, networks, pools, subnets } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";
import { NotFoundError } from "@/server/kernel/errors";

// Project-scoped reads by id. Another project's id answers exactly like a missing one.

type ScopedTable = typeof loadBalancers | typeof listeners | typeof pools | typeof members | typeof healthMonitors | typeof l7policies | typeof l7rules;

async function findScoped<T extends ScopedTable>(ctx: ServiceContext, table: T, label: string, id: string) {
  // Drizzle cannot select from a union of tables; every member of the union has these columns.
  const t = table as typeof loadBalancers;
  const [row] = await ctx.db
    .select()
    .from(t)
    .where(and(eq(t.id, id), eq(t.project_id, ctx.projectId), ne(t.provisioning_status, "DELETED")));
  if (!row) throw new NotFoundError(label, id);
  return row as unknown as T["$inferSelect"];
}

export const findLoadBalancer = (ctx: ServiceContext, id: string) => findScoped(ctx, loadBalancers, "Load Balancer", id);
export const findListener = (ctx: ServiceContext, id: string) => findScoped(ctx, listeners, "Listener", id);
export const findPool = (ctx: ServiceContext, id: string) => findScoped(ctx, pools, "Pool", id);
export const findMember = (ctx: ServiceContext, id: string) => findScoped(ctx, members, "Member", id);
export const findHealthMonitor = (ctx: ServiceContext, id: string) => findScoped(ctx, healthMonitors, "Health Monitor", id);
export const findL7Policy = (ctx: ServiceContext, id: string) => findScoped(ctx, l7policies, "L7 Policy", id);
export const findL7Rule = (ctx: ServiceContext, id: string) => findScoped(ctx, l7rules, "L7 Rule", id);

/** A subnet the project may use: on one of its own networks or on a shared one. */
export async function findVisibleSubnet(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db
    .select({ subnet: subnets, network: networks })
    .from(subnets)
    .innerJoin(networks, eq(subnets.network_id, networks.id))
    .where(and(eq(subnets.id, id), or(eq(networks.project_id, ctx.projectId), eq(networks.shared, true))));
  if (!row) throw new NotFoundError("Subnet", id);
  return row;
}

export async function findVisibleNetwork(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db
    .select()
    .from(networks)
    .where(and(eq(networks.id, id), or(eq(networks.project_id, ctx.projectId), eq(networks.shared, true))));
  if (!row) throw new NotFoundError("Network", id);
  return row;
}
