import { and, eq } from "drizzle-orm";
import { floatingIps, networks, ports, routers, subnets } from "@/db/schema";
import { quotaDefaults } from "@/server/env";
import { consumeQuota } from "@/server/identity/quotas";
import { type ServiceContext, withTransaction } from "@/server/kernel/context";
import { announceNetworkChange } from "@/server/network/changes";
import { ConflictError, NotFoundError, ValidationError } from "@/server/kernel/errors";
import { allocatePort } from "./ipam";
import { findRouter, GATEWAY_OWNER, INTERFACE_OWNER, portsOf, routerView, viewOf } from "./routerLookup";
import type { GatewayInfoInput, RouterCreateInput, RouterUpdateInput } from "./routerSchemas";
import { type ListScopeInput, listedProject } from "./scope";

// Neutron's routers: create, update, delete, and the external gateway (a port on an external
// network, its address from IPAM). Interfaces are in routerInterfaces.ts. The data plane derives
// each router's namespace (SNAT out through the gateway, floating IPs' DNAT in) from these rows.

type RouterRow = typeof routers.$inferSelect;

export async function listRouters(ctx: ServiceContext, input: ListScopeInput = {}) {
  const projectId = listedProject(ctx, input);
  const rows = await ctx.db
    .select()
    .from(routers)
    .where(projectId === null ? undefined : eq(routers.project_id, projectId))
    .orderBy(routers.created_at, routers.id);
  const routerPorts = await portsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => routerView(r, routerPorts.filter((p) => p.device_id === r.id)));
}

export async function getRouter(ctx: ServiceContext, id: string) {
  return viewOf(ctx, await findRouter(ctx, id));
}

/** Neutron's refusal to move or drop a gateway that floating IPs are forwarded through. */
async function refuseIfFloatingIpsUse(ctx: ServiceContext, router: RouterRow): Promise<void> {
  const [used] = await ctx.db.select({ id: floatingIps.id }).from(floatingIps).where(eq(floatingIps.router_id, router.id)).limit(1);
  if (used) {
    throw new ConflictError(
      `Gateway cannot be updated for router ${router.id}, since a gateway to external network ${router.gw_network_id} is required by one or more floating IPs.`,
    );
  }
}

async function removeGatewayPort(ctx: ServiceContext, routerId: string): Promise<void> {
  await ctx.db.delete(ports).where(and(eq(ports.device_id, routerId), eq(ports.device_owner, GATEWAY_OWNER)));
}

/**
 * Puts the router's gateway on an external network the router's project may use (its own or a
 * shared one), or only changes SNAT when it is already there. Must run in a transaction.
 */
async function placeGateway(ctx: ServiceContext, router: RouterRow, info: GatewayInfoInput): Promise<void> {
  const enable_snat = info.enable_snat ?? true;
  if (router.gw_network_id === info.network_id) {
    await ctx.db.update(routers).set({ enable_snat }).where(eq(routers.id, router.id));
    return;
  }
  const [network] = await ctx.db.select().from(networks).where(eq(networks.id, info.network_id));
  if (!network || !(network.shared || network.project_id === router.project_id)) throw new NotFoundError("Network", info.network_id);
  if (!network.router_external) throw new ValidationError(`Bad router request: Network ${network.id} is not an external network.`, "external_gateway_info.network_id");
  const [subnet] = await ctx.db.select().from(subnets).where(eq(subnets.network_id, network.id)).orderBy(subnets.created_at).limit(1);
  if (!subnet) throw new ValidationError(`Bad router request: No subnet on external network ${network.id}.`, "external_gateway_info.network_id");
  if (router.gw_network_id) {
    await refuseIfFloatingIpsUse(ctx, router);
    await removeGatewayPort(ctx, router.id);
  }
  await allocatePort(ctx.db, { subnet, project_id: router.project_id, device_owner: GATEWAY_OWNER, device_id: router.id });
  await ctx.db.update(routers).set({ gw_network_id: network.id, enable_snat }).where(eq(routers.id, router.id));
}

async function dropGateway(ctx: ServiceContext, router: RouterRow): Promise<void> {
  if (!router.gw_network_id) return;
  await refuseIfFloatingIpsUse(ctx, router);
  await removeGatewayPort(ctx, router.id);
  await ctx.db.update(routers).set({ gw_network_id: null }).where(eq(routers.id, router.id));
}

export function createRouter(ctx: ServiceContext, input: RouterCreateInput) {
  return withTransaction(ctx, async (tx) => {
    await consumeQuota(tx.db, tx.projectId, "router", quotaDefaults());
    const [row] = await tx.db
      .insert(routers)
      .values({ project_id: tx.projectId, name: input.name ?? "", description: input.description ?? "", admin_state_up: input.admin_state_up ?? true })
      .returning();
    if (!row) throw new Error("router insert returned no row");
    if (input.external_gateway_info) await placeGateway(tx, row, input.external_gateway_info);
    // The router's namespace, gateway and NAT follow from the rows: the network reconciler hears it.
    await announceNetworkChange(tx.db);
    return viewOf(tx, await findRouter(tx, row.id));
  });
}

export function updateRouter(ctx: ServiceContext, input: RouterUpdateInput) {
  return withTransaction(ctx, async (tx) => {
    const router = await findRouter(tx, input.id, { forChange: true });
    const { id, external_gateway_info, ...fields } = input;
    if (Object.keys(fields).length > 0) await tx.db.update(routers).set(fields).where(eq(routers.id, id));
    if (external_gateway_info === null) await dropGateway(tx, router);
    else if (external_gateway_info) await placeGateway(tx, router, external_gateway_info);
    await announceNetworkChange(tx.db);
    return viewOf(tx, await findRouter(tx, id));
  });
}

export const setRouterGateway = (ctx: ServiceContext, input: { id: string } & GatewayInfoInput) =>
  updateRouter(ctx, { id: input.id, external_gateway_info: { network_id: input.network_id, ...(input.enable_snat === undefined ? {} : { enable_snat: input.enable_snat }) } });

export const clearRouterGateway = (ctx: ServiceContext, input: { id: string }) => updateRouter(ctx, { id: input.id, external_gateway_info: null });

/** Neutron's rule: a router with interfaces is refused (RouterInUse); its gateway goes with it. */
export function deleteRouter(ctx: ServiceContext, id: string) {
  return withTransaction(ctx, async (tx) => {
    const router = await findRouter(tx, id, { forChange: true });
    const [iface] = await tx.db
      .select({ id: ports.id })
      .from(ports)
      .where(and(eq(ports.device_id, id), eq(ports.device_owner, INTERFACE_OWNER)))
      .limit(1);
    if (iface) throw new ConflictError(`Router ${id} still has ports`);
    await dropGateway(tx, router);
    await tx.db.delete(routers).where(eq(routers.id, id));
    await announceNetworkChange(tx.db);
    return { id };
  });
}
