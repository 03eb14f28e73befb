import { and, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { floatingIps, instances, loadBalancers, networks, ports, routers, subnets } from "@/db/schema";
import type { AmphoraRows, FixedIp, NetworkRows } from "./desired";

// Everything desiredPlan needs, read in a handful of queries whatever the size of the cloud: the
// reconciler's full pass at 500 load balancers is six selects, not one per load balancer.

const fixedIp = { port_id: ports.id, network_id: ports.network_id, subnet_id: ports.subnet_id, ip_address: ports.ip_address };

const strip = <T extends FixedIp>(row: T): FixedIp => ({ port_id: row.port_id, network_id: row.network_id, subnet_id: row.subnet_id, ip_address: row.ip_address });

export async function loadNetworkRows(db: Db): Promise<NetworkRows> {
  const [networkRows, subnetRows, routerRows, routerPorts, fipRows, instanceRows] = await Promise.all([
    db.select({ id: networks.id, segmentation_id: networks.segmentation_id }).from(networks),
    db.select({ id: subnets.id, network_id: subnets.network_id, cidr: subnets.cidr, gateway_ip: subnets.gateway_ip }).from(subnets),
    db.select({ id: routers.id, enable_snat: routers.enable_snat }).from(routers),
    db
      .select({ ...fixedIp, device_id: ports.device_id, device_owner: ports.device_owner })
      .from(ports)
      .where(inArray(ports.device_owner, ["network:router_gateway", "network:router_interface"])),
    db
      .select({ id: floatingIps.id, floating_ip_address: floatingIps.floating_ip_address, fixed_ip_address: floatingIps.fixed_ip_address, router_id: floatingIps.router_id, status: floatingIps.status })
      .from(floatingIps)
      .where(and(isNotNull(floatingIps.router_id), isNotNull(floatingIps.fixed_ip_address))),
    db.select({ id: instances.id, ...fixedIp }).from(instances).innerJoin(ports, eq(instances.port_id, ports.id)),
  ]);
  // Grouped once: a lookup per router over every router port would grow with their product.
  const gateways = new Map<string, FixedIp>();
  const interfaces = new Map<string, FixedIp[]>();
  for (const p of routerPorts) {
    if (!p.device_id) continue;
    if (p.device_owner === "network:router_gateway") gateways.set(p.device_id, strip(p));
    else interfaces.set(p.device_id, [...(interfaces.get(p.device_id) ?? []), strip(p)]);
  }
  return {
    networks: networkRows,
    subnets: subnetRows,
    routers: routerRows.map((r) => ({ ...r, gateway: gateways.get(r.id) ?? null, interfaces: interfaces.get(r.id) ?? [] })),
    floatingIps: fipRows.flatMap((f) => (f.router_id && f.fixed_ip_address ? [{ ...f, router_id: f.router_id, fixed_ip_address: f.fixed_ip_address }] : [])),
    instances: instanceRows.map((i) => ({ id: i.id, port: strip(i) })),
  };
}

/**
 * The rows of one amphora, for plugging it without reading the whole cloud: its load balancer's
 * VIP port, its member `legs` (as syncAmphoraLegs left them), their subnets and networks, and
 * the external subnet (the host's address on it walls an amphora with a port there). Null when
 * the load balancer has no VIP port.
 */
export async function loadAmphoraRows(db: Db, amphora: { id: string; loadbalancer_id: string }, legs: FixedIp[], externalCidr: string): Promise<AmphoraRows | null> {
  const [vip] = await db.select(fixedIp).from(loadBalancers).innerJoin(ports, eq(loadBalancers.vip_port_id, ports.id)).where(eq(loadBalancers.id, amphora.loadbalancer_id));
  if (!vip) return null;
  const own = [vip, ...legs];
  const [subnetRows, networkRows] = await Promise.all([
    db
      .select({ id: subnets.id, network_id: subnets.network_id, cidr: subnets.cidr, gateway_ip: subnets.gateway_ip })
      .from(subnets)
      .where(or(inArray(subnets.id, own.map((p) => p.subnet_id)), eq(subnets.cidr, externalCidr))),
    db.select({ id: networks.id, segmentation_id: networks.segmentation_id }).from(networks).where(inArray(networks.id, own.map((p) => p.network_id))),
  ]);
  return { amphora_id: amphora.id, vip: strip(vip), legs, networks: networkRows, subnets: subnetRows };
}

/**
 * Floating IPs a pass has just made real go ACTIVE (Neutron's L3 agent reports the same): each
 * only if it still forwards to the address the pass carried, so a change made meanwhile waits
 * for the next pass.
 */
export async function markFloatingIpsActive(db: Db, carried: NetworkRows["floatingIps"]): Promise<void> {
  // Only those still DOWN: an idle pass writes nothing.
  for (const f of carried.filter((c) => c.status === "DOWN")) {
    await db
      .update(floatingIps)
      .set({ status: "ACTIVE" })
      .where(and(eq(floatingIps.id, f.id), eq(floatingIps.status, "DOWN"), eq(floatingIps.fixed_ip_address, f.fixed_ip_address), eq(floatingIps.router_id, f.router_id)));
  }
}
