import { and, eq, inArray } from "drizzle-orm";
import { ports, routers } from "@/db/schema";
import { covers } from "@/server/identity/policy";
import type { ServiceContext } from "@/server/kernel/context";
import { NotFoundError } from "@/server/kernel/errors";

// A router and its ports, read as Neutron shows a router: the gateway (its external network, SNAT,
// the gateway port's fixed IP) and the interfaces (one port each on a tenant subnet).

type RouterRow = typeof routers.$inferSelect;
type PortRow = typeof ports.$inferSelect;

export const GATEWAY_OWNER = "network:router_gateway";
export const INTERFACE_OWNER = "network:router_interface";

export function routerView(row: RouterRow, routerPorts: PortRow[]) {
  const gateway = routerPorts.filter((p) => p.device_owner === GATEWAY_OWNER);
  return {
    id: row.id,
    project_id: row.project_id,
    name: row.name,
    description: row.description,
    admin_state_up: row.admin_state_up,
    status: row.status,
    external_gateway_info: row.gw_network_id
      ? {
          network_id: row.gw_network_id,
          enable_snat: row.enable_snat,
          external_fixed_ips: gateway.map((p) => ({ subnet_id: p.subnet_id, ip_address: p.ip_address })),
        }
      : null,
    interfaces: routerPorts
      .filter((p) => p.device_owner === INTERFACE_OWNER)
      .map((p) => ({ port_id: p.id, subnet_id: p.subnet_id, network_id: p.network_id, ip_address: p.ip_address })),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
export type RouterView = ReturnType<typeof routerView>;

/** The ports of these routers (gateways and interfaces), oldest first. */
export async function portsOf(ctx: ServiceContext, routerIds: string[]): Promise<PortRow[]> {
  if (routerIds.length === 0) return [];
  return ctx.db
    .select()
    .from(ports)
    .where(and(inArray(ports.device_id, routerIds), inArray(ports.device_owner, [GATEWAY_OWNER, INTERFACE_OWNER])))
    .orderBy(ports.created_at, ports.id);
}

/**
 * The router, if the caller may see it: to read, one of a project the caller's read scope covers
 * (a global reader's every project); to change (`forChange`, which also locks the row so changes
 * to one router's ports queue one after another), one of the project in scope only, as every
 * change here. Another project's router is not found, as in Neutron.
 */
export async function findRouter(ctx: ServiceContext, id: string, opts: { forChange?: boolean } = {}): Promise<RouterRow> {
  const query = ctx.db.select().from(routers).where(eq(routers.id, id));
  const [row] = opts.forChange ? await query.for("update") : await query;
  const visible = row && (opts.forChange ? row.project_id === ctx.projectId : covers(ctx.readScope, row.project_id));
  if (!visible) throw new NotFoundError("Router", id);
  return row;
}

export async function viewOf(ctx: ServiceContext, row: RouterRow): Promise<RouterView> {
  return routerView(row, await portsOf(ctx, [row.id]));
}
