import { and, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { floatingIps, instances, loadBalancers, networks, ports, routers, subnets } from "@/db/schema";
import { LEG_PORT_NAME } from "./amphora-legs";
import type { FixedIp, NetworkRows } from "./desired";

// Everything desiredPlan needs, read in a handful of queries whatever the size of the cloud: the
// reconciler's full pass at 500 load balancers is seven selects, not one per load balancer.

const fixedIp = { port_id: ports.id, network_id: ports.network_id, subnet_id: ports.subnet_id, ip_address: ports.ip_address };

const strip = <T extends FixedIp>(row: T): FixedIp => ({ port_id: row.port_id, network_id: row.network_id, subnet_id: row.subnet_id, ip_address: row.ip_address });

export async function loadNetworkRows(db: Db): Promise<NetworkRows> {
  const [networkRows, subnetRows, routerRows, routerPorts, fipRows, instanceRows, vipRows, legRows] = await Promise.all([
    db.select({ id: networks.id }).from(networks),
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
    db.select({ loadbalancer_id: loadBalancers.id, ...fixedIp }).from(loadBalancers).innerJoin(ports, eq(loadBalancers.vip_port_id, ports.id)),
    db
      .select({ device_id: ports.device_id, ...fixedIp })
      .from(ports)
      .where(and(eq(ports.device_owner, "Octavia"), eq(ports.name, LEG_PORT_NAME))),
  ]);
  const legsByLb = new Map<string, FixedIp[]>();
  for (const leg of legRows) {
    if (!leg.device_id) continue;
    legsByLb.set(leg.device_id, [...(legsByLb.get(leg.device_id) ?? []), strip(leg)]);
  }
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
    amphorae: vipRows.map((v) => ({ loadbalancer_id: v.loadbalancer_id, vip: strip(v), legs: legsByLb.get(v.loadbalancer_id) ?? [] })),
  };
}

/**
 * The rows of one amphora alone, for plugging it without reading the whole cloud: its VIP port,
 * its member `legs` (as syncAmphoraLegs left them), their subnets and networks, and the external
 * subnet (the host's address on it walls an amphora with a port there). desiredPlan turns them
 * into the same namespace the full pass plans. Null when the load balancer has no VIP port.
 */
export async function loadAmphoraRows(db: Db, lbId: string, legs: FixedIp[], externalCidr: string): Promise<NetworkRows | null> {
  const [vip] = await db.select(fixedIp).from(loadBalancers).innerJoin(ports, eq(loadBalancers.vip_port_id, ports.id)).where(eq(loadBalancers.id, lbId));
  if (!vip) return null;
  const own = [vip, ...legs];
  const subnetRows = await db
    .select({ id: subnets.id, network_id: subnets.network_id, cidr: subnets.cidr, gateway_ip: subnets.gateway_ip })
    .from(subnets)
    .where(or(inArray(subnets.id, own.map((p) => p.subnet_id)), eq(subnets.cidr, externalCidr)));
  return {
    networks: [...new Set(own.map((p) => p.network_id))].map((id) => ({ id })),
    subnets: subnetRows,
    routers: [],
    floatingIps: [],
    instances: [],
    amphorae: [{ loadbalancer_id: lbId, vip: strip(vip), legs }],
  };
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
