import { and, eq, sql } from "drizzle-orm";
import { floatingIps, ports, subnets } from "@/db/schema";
import { type ServiceContext, withTransaction } from "@/server/kernel/context";
import { announceNetworkChange } from "@/server/network/changes";
import { ConflictError, NotFoundError, ValidationError } from "@/server/kernel/errors";
import { findVisibleSubnet } from "@/server/services/lookup";
import { allocatePort } from "./ipam";
import { findRouter, INTERFACE_OWNER } from "./routerLookup";
import type { RouterRemoveInterfaceInput } from "./routerSchemas";

// A router's interfaces: one port per tenant subnet, holding the subnet's gateway_ip (Neutron's
// add_router_interface by subnet), so the subnet's hosts route through the router. Neutron's
// refusals and words: no gateway_ip, a second port on one subnet, the gateway address taken, two
// interfaces whose CIDRs overlap (the router could not tell them apart), and an interface that
// floating IPs are forwarded through.

/** Neutron's 404s for an interface the router does not have, in its own words. */
class InterfaceNotFoundError extends NotFoundError {
  constructor(message: string) {
    super("Router interface", "");
    this.message = message;
  }
}

/** Neutron's answer to add/remove_router_interface. */
function interfaceInfo(router: { id: string; project_id: string }, port: { id: string; subnet_id: string; network_id: string }) {
  return {
    id: router.id,
    tenant_id: router.project_id,
    project_id: router.project_id,
    port_id: port.id,
    subnet_id: port.subnet_id,
    subnet_ids: [port.subnet_id],
    network_id: port.network_id,
  };
}

/** A subnet of the project's own networks or a shared one (not found otherwise), but not an external one. */
async function attachableSubnet(ctx: ServiceContext, subnetId: string) {
  const { subnet, network } = await findVisibleSubnet(ctx, subnetId);
  if (network.router_external) {
    throw new ValidationError(`Bad router request: Subnet ${subnetId} is on external network ${network.id}; set it as the router's gateway instead.`, "subnet_id");
  }
  return subnet;
}

export function addRouterInterface(ctx: ServiceContext, input: { id: string; subnet_id: string }) {
  return withTransaction(ctx, async (tx) => {
    const router = await findRouter(tx, input.id, { forChange: true });
    const subnet = await attachableSubnet(tx, input.subnet_id);
    if (!subnet.gateway_ip) throw new ValidationError("Bad router request: Subnet for router interface must have a gateway IP.", "subnet_id");
    const mine = and(eq(ports.device_id, router.id), eq(ports.device_owner, INTERFACE_OWNER));
    const [onSubnet] = await tx.db.select({ id: ports.id }).from(ports).where(and(mine, eq(ports.subnet_id, subnet.id))).limit(1);
    if (onSubnet) throw new ValidationError(`Bad router request: Router already has a port on subnet ${subnet.id}.`, "subnet_id");
    const [overlap] = await tx.db
      .select({ id: subnets.id, cidr: subnets.cidr })
      .from(ports)
      .innerJoin(subnets, eq(ports.subnet_id, subnets.id))
      .where(and(mine, sql`${subnets.cidr}::inet && ${subnet.cidr}::inet`))
      .limit(1);
    if (overlap) {
      throw new ValidationError(`Bad router request: Cidr ${subnet.cidr} of subnet ${subnet.id} overlaps with cidr ${overlap.cidr} of subnet ${overlap.id}.`, "subnet_id");
    }
    // The gateway address is held by one port at most: another router's interface, or a port
    // made before the subnet had this gateway.
    const [holder] = await tx.db
      .select({ id: ports.id })
      .from(ports)
      .where(and(eq(ports.network_id, subnet.network_id), eq(ports.ip_address, subnet.gateway_ip)))
      .limit(1);
    if (holder) throw new ConflictError(`IP address ${subnet.gateway_ip} already allocated in subnet ${subnet.id}`, "subnet_id");
    const port = await allocatePort(tx.db, { subnet, project_id: router.project_id, device_owner: INTERFACE_OWNER, device_id: router.id, ip_address: subnet.gateway_ip });
    await announceNetworkChange(tx.db);
    return interfaceInfo(router, port);
  });
}

export function removeRouterInterface(ctx: ServiceContext, input: RouterRemoveInterfaceInput) {
  return withTransaction(ctx, async (tx) => {
    const router = await findRouter(tx, input.id, { forChange: true });
    const conditions = [eq(ports.device_id, router.id), eq(ports.device_owner, INTERFACE_OWNER)];
    if (input.subnet_id) conditions.push(eq(ports.subnet_id, input.subnet_id));
    if (input.port_id) conditions.push(eq(ports.id, input.port_id));
    const [port] = await tx.db.select().from(ports).where(and(...conditions));
    if (!port) {
      throw new InterfaceNotFoundError(
        input.port_id ? `Router ${router.id} does not have an interface with id ${input.port_id}` : `Router ${router.id} has no interface on subnet ${input.subnet_id ?? ""}`,
      );
    }
    // A floating IP forwarded to a port on this subnet through this router needs the interface.
    const [usedBy] = await tx.db
      .select({ id: floatingIps.id })
      .from(floatingIps)
      .innerJoin(ports, eq(floatingIps.port_id, ports.id))
      .where(and(eq(floatingIps.router_id, router.id), eq(ports.subnet_id, port.subnet_id)))
      .limit(1);
    if (usedBy) {
      throw new ConflictError(`Router interface for subnet ${port.subnet_id} on router ${router.id} cannot be deleted, as it is required by one or more floating IPs.`);
    }
    await tx.db.delete(ports).where(eq(ports.id, port.id));
    await announceNetworkChange(tx.db);
    return interfaceInfo(router, port);
  });
}
