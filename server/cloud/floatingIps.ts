import { and, eq, ne, notLike } from "drizzle-orm";
import { floatingIps, networks, ports, subnets } from "@/db/schema";
import { quotaDefaults } from "@/server/env";
import { consumeQuota } from "@/server/identity/quotas";
import { type ServiceContext, withTransaction } from "@/server/kernel/context";
import { ConflictError, NotFoundError, ValidationError } from "@/server/kernel/errors";
import { announceNetworkChange } from "@/server/network/changes";
import { allocatePort, releasePort } from "./ipam";
import { routerCarrying } from "./routerPath";
import { type ListScopeInput, listedProject } from "./scope";

// Floating IPs: an address on an external network that forwards to a port (an instance's fixed
// IP or a load balancer's VIP) through a router (its gateway on that network, an interface on the
// port's subnet: router_id). The data plane picks associations up from the database.

type FloatingIpRow = typeof floatingIps.$inferSelect;

const view = (row: FloatingIpRow) => ({
  id: row.id,
  project_id: row.project_id,
  floating_ip_address: row.floating_ip_address,
  floating_network_id: row.floating_network_id,
  port_id: row.port_id,
  fixed_ip_address: row.fixed_ip_address,
  router_id: row.router_id,
  status: row.status,
  created_at: row.created_at,
});
export type FloatingIpView = ReturnType<typeof view>;

async function findFloatingIp(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db
    .select()
    .from(floatingIps)
    .where(and(eq(floatingIps.id, id), eq(floatingIps.project_id, ctx.projectId)));
  if (!row) throw new NotFoundError("Floating IP", id);
  return row;
}

export async function listFloatingIps(ctx: ServiceContext, input: ListScopeInput = {}) {
  const projectId = listedProject(ctx, input);
  const rows = await ctx.db
    .select()
    .from(floatingIps)
    .where(projectId === null ? undefined : eq(floatingIps.project_id, projectId))
    .orderBy(floatingIps.floating_ip_address);
  return rows.map(view);
}

export function allocateFloatingIp(ctx: ServiceContext, input: { floating_network_id: string }) {
  return withTransaction(ctx, async (tx) => {
    const [network] = await tx.db.select().from(networks).where(eq(networks.id, input.floating_network_id));
    if (!network || !(network.shared || network.project_id === tx.projectId)) {
      throw new NotFoundError("Network", input.floating_network_id);
    }
    if (!network.router_external) {
      throw new ValidationError(`Network ${network.name} is not an external network; floating IPs come from external networks.`, "floating_network_id");
    }
    const [subnet] = await tx.db.select().from(subnets).where(eq(subnets.network_id, network.id)).limit(1);
    if (!subnet) throw new ValidationError(`External network ${network.name} has no subnet.`, "floating_network_id");
    // The external subnet is shared by every project: the quota keeps one from taking it all.
    await consumeQuota(tx.db, tx.projectId, "floatingip", quotaDefaults());
    const port = await allocatePort(tx.db, { subnet, project_id: tx.projectId, device_owner: "network:floatingip" });
    const [row] = await tx.db
      .insert(floatingIps)
      .values({
        project_id: tx.projectId,
        floating_network_id: network.id,
        floating_ip_address: port.ip_address,
        floating_port_id: port.id,
      })
      .returning();
    if (!row) throw new Error("floating ip insert returned no row");
    await tx.db.update(ports).set({ device_id: row.id }).where(eq(ports.id, port.id));
    return view(row);
  });
}

/**
 * Forwards the floating IP to a port. A port here has one fixed IP, so `fixed_ip_address` (which
 * Neutron's clients send beside the port) is accepted when it is that IP and refused otherwise.
 */
export function associateFloatingIp(ctx: ServiceContext, input: { id: string; port_id: string; fixed_ip_address?: string }) {
  return withTransaction(ctx, async (tx) => {
    const fip = await findFloatingIp(tx, input.id);
    const [port] = await tx.db
      .select()
      .from(ports)
      // Neutron's own ports (a floating IP's, a router's gateway and interfaces) carry no floating IP.
      .where(and(eq(ports.id, input.port_id), eq(ports.project_id, tx.projectId), notLike(ports.device_owner, "network:%")));
    if (!port) throw new NotFoundError("Port", input.port_id);
    if (input.fixed_ip_address !== undefined && input.fixed_ip_address !== port.ip_address) {
      throw new ValidationError(`Bad floatingip request: Port ${port.id} does not have fixed ip ${input.fixed_ip_address}.`, "fixed_ip_address");
    }
    if (fip.port_id && fip.port_id !== port.id) {
      throw new ConflictError(`Floating IP ${fip.floating_ip_address} is already associated with port ${fip.port_id}; disassociate it first.`);
    }
    const [other] = await tx.db
      .select()
      .from(floatingIps)
      .where(and(eq(floatingIps.port_id, port.id), ne(floatingIps.id, fip.id)));
    if (other) {
      throw new ConflictError(
        `Cannot associate floating IP ${fip.floating_ip_address} with port ${port.id} using fixed IP ${port.ip_address}, as that fixed IP already has floating IP ${other.floating_ip_address}.`,
      );
    }
    const router_id = await routerCarrying(tx, fip, port);
    // DOWN until the router's namespace carries it: the network reconciler marks it ACTIVE then,
    // as Neutron's L3 agent does.
    const [row] = await tx.db
      .update(floatingIps)
      .set({ port_id: port.id, fixed_ip_address: port.ip_address, router_id, status: "DOWN" })
      .where(eq(floatingIps.id, fip.id))
      .returning();
    if (!row) throw new Error("floating ip update returned no row");
    await announceNetworkChange(tx.db);
    return view(row);
  });
}

export function disassociateFloatingIp(ctx: ServiceContext, input: { id: string }) {
  return withTransaction(ctx, async (tx) => {
    const fip = await findFloatingIp(tx, input.id);
    const [row] = await tx.db
      .update(floatingIps)
      .set({ port_id: null, fixed_ip_address: null, router_id: null, status: "DOWN" })
      .where(eq(floatingIps.id, fip.id))
      .returning();
    if (!row) throw new Error("floating ip update returned no row");
    await announceNetworkChange(tx.db);
    return view(row);
  });
}

export function releaseFloatingIp(ctx: ServiceContext, input: { id: string }) {
  return withTransaction(ctx, async (tx) => {
    const fip = await findFloatingIp(tx, input.id);
    await tx.db.delete(floatingIps).where(eq(floatingIps.id, fip.id));
    await releasePort(tx.db, fip.floating_port_id);
    if (fip.port_id) await announceNetworkChange(tx.db);
  });
}
