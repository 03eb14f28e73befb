import { and, eq, or } from "drizzle-orm";
import { instances, networks, ports, subnets } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";
import { type ListScopeInput, listedProject } from "./scope";

// Read side of the demo cloud (Neutron networks, subnets and ports, Nova instances).

/** A project's own networks and the shared ones; every network when `projectId` is null (all projects). */
const visibleNetwork = (projectId: string | null) => (projectId === null ? undefined : or(eq(networks.project_id, projectId), eq(networks.shared, true)));

type NetworkRow = typeof networks.$inferSelect;
type SubnetRow = typeof subnets.$inferSelect;

/**
 * A network as Neutron shows it. Its segment (`provider:` attributes: the flat external network,
 * or a tenant network's VXLAN VNI) only to those who read every project, as Neutron's policy
 * keeps provider attributes to admins.
 */
export const networkView = (n: NetworkRow, subnetIds: string[], ctx: Pick<ServiceContext, "readScope">) => ({
  id: n.id,
  name: n.name,
  project_id: n.project_id,
  status: n.status,
  shared: n.shared,
  "router:external": n.router_external,
  subnets: subnetIds,
  created_at: n.created_at,
  ...(ctx.readScope.kind === "all" && {
    "provider:network_type": n.router_external ? "flat" : "vxlan",
    "provider:physical_network": n.router_external ? "public" : null,
    "provider:segmentation_id": n.router_external ? null : n.segmentation_id,
  }),
});

export const subnetView = (subnet: SubnetRow, network: Pick<NetworkRow, "name" | "router_external">) => ({
  ...subnet,
  network_name: network.name,
  "router:external": network.router_external,
});

export async function listNetworks(ctx: ServiceContext, input: ListScopeInput = {}) {
  const rows = await ctx.db.select().from(networks).where(visibleNetwork(listedProject(ctx, input))).orderBy(networks.name);
  const subnetRows = await ctx.db.select({ id: subnets.id, network_id: subnets.network_id }).from(subnets);
  return rows.map((n) => networkView(n, subnetRows.filter((s) => s.network_id === n.id).map((s) => s.id), ctx));
}

export async function listSubnets(ctx: ServiceContext, filter: { network_id?: string } & ListScopeInput) {
  const conditions = [visibleNetwork(listedProject(ctx, filter))];
  if (filter.network_id) conditions.push(eq(subnets.network_id, filter.network_id));
  const rows = await ctx.db
    .select({ subnet: subnets, network: networks })
    .from(subnets)
    .innerJoin(networks, eq(subnets.network_id, networks.id))
    .where(and(...conditions))
    .orderBy(networks.name, subnets.name);
  return rows.map(({ subnet, network }) => subnetView(subnet, network));
}

/** The wizard's "available instances": with subnet_id, only those with an address on that subnet. */
export async function listInstances(ctx: ServiceContext, filter: { subnet_id?: string }) {
  const conditions = [eq(instances.project_id, ctx.projectId)];
  if (filter.subnet_id) conditions.push(eq(ports.subnet_id, filter.subnet_id));
  const rows = await ctx.db
    .select({ instance: instances, port: ports })
    .from(instances)
    .innerJoin(ports, eq(instances.port_id, ports.id))
    .where(and(...conditions))
    .orderBy(instances.name);
  return rows.map(({ instance, port }) => ({
    id: instance.id,
    name: instance.name,
    status: instance.status,
    port_id: port.id,
    subnet_id: port.subnet_id,
    network_id: port.network_id,
    fixed_ip: port.ip_address,
    service_port: instance.service_port,
    created_at: instance.created_at,
  }));
}

/**
 * The project's ports (instances', VIPs', floating IPs' own), oldest first: Neutron's port list.
 * An instance's port is named by the instance (instances.port_id, the one link between them), so
 * its device_id is read from there.
 */
export async function listPorts(ctx: ServiceContext, input: ListScopeInput = {}) {
  const projectId = listedProject(ctx, input);
  const rows = await ctx.db
    .select({ port: ports, instanceId: instances.id })
    .from(ports)
    .leftJoin(instances, eq(instances.port_id, ports.id))
    .where(projectId === null ? undefined : eq(ports.project_id, projectId))
    .orderBy(ports.created_at, ports.id);
  return rows.map(({ port, instanceId }) => ({ ...port, device_id: port.device_id ?? instanceId }));
}
