import { Address4 } from "ip-address";
import * as names from "./names";
import type { BridgePlan, HostNetworkPlan, NamespacePlan, PortPlan, RoutePlan } from "./plan";
import { hostWallRuleset, routerRuleset } from "./router-rules";

// The host's network as the rows describe it: Neutron's inventory (networks, subnets, routers,
// floating IPs, instances) and Octavia's amphorae, turned into bridges and namespaces. Pure:
// the same rows always give the same plan, so the engine can compare and leave alone what is
// already right. Rows come from IPAM and are valid by construction; the names come from ids.

export interface SubnetRow {
  id: string;
  network_id: string;
  cidr: string;
  gateway_ip: string | null;
}

/** A port with its one fixed IP, as IPAM holds it. */
export interface FixedIp {
  port_id: string;
  network_id: string;
  subnet_id: string;
  ip_address: string;
}

export interface RouterRow {
  id: string;
  enable_snat: boolean;
  gateway: FixedIp | null;
  interfaces: FixedIp[];
}

export interface NetworkRows {
  networks: { id: string }[];
  subnets: SubnetRow[];
  routers: RouterRow[];
  /** Associated floating IPs only. */
  floatingIps: { id: string; floating_ip_address: string; fixed_ip_address: string; router_id: string; status: string }[];
  instances: { id: string; port: FixedIp }[];
  /** Every load balancer that has (or is getting) an amphora: its VIP and its member legs. */
  amphorae: { loadbalancer_id: string; vip: FixedIp; legs: FixedIp[] }[];
}

export interface NetworkSettings {
  prefix: string;
  /** The external network's CIDR; the host's address on it is that subnet's gateway_ip. */
  externalCidr: string;
  /** A router's default route beyond the external subnet: an operator's choice, none by default. */
  upstreamGateway: string | null;
}

/**
 * A port's MAC: `fa:16` (Neutron's locally administered prefix) and the four bytes of its primary
 * address. An address is unique on its network, so is the MAC on its bridge; and an address that
 * passes to a new port (a VIP freed and taken again, an amphora rebuilt) keeps its MAC, so the
 * router's and the members' ARP caches stay right instead of pointing at a port that is gone.
 */
export function portMac(address: string): string {
  return `fa:16:${new Address4(address).toArray().map((b) => b.toString(16).padStart(2, "0")).join(":")}`;
}

const prefixLength = (cidr: string) => new Address4(cidr).subnetMask;

export function desiredPlan(rows: NetworkRows, settings: NetworkSettings): HostNetworkPlan {
  const { prefix } = settings;
  const subnets = new Map(rows.subnets.map((s) => [s.id, s]));
  const subnetOf = (ip: FixedIp) => {
    const subnet = subnets.get(ip.subnet_id);
    if (!subnet) throw new Error(`port ${ip.port_id} is on subnet ${ip.subnet_id}, which has no row`);
    return subnet;
  };
  const withLength = (ip: FixedIp) => `${ip.ip_address}/${prefixLength(subnetOf(ip).cidr)}`;
  const external = rows.subnets.find((s) => s.cidr === settings.externalCidr);
  const hostAddress = external?.gateway_ip ?? null;

  const bridges: BridgePlan[] = rows.networks.map((n) => ({
    name: names.bridgeName(prefix, n.id),
    ...(external && n.id === external.network_id && hostAddress && { hostAddress: `${hostAddress}/${prefixLength(external.cidr)}` }),
  }));
  const bridgeOf = (ip: FixedIp) => names.bridgeName(prefix, ip.network_id);
  const onExternal = (ip: FixedIp) => external !== undefined && ip.network_id === external.network_id;

  const port = (ns: string, ifname: string, ips: FixedIp[]): PortPlan => ({
    ifname,
    hostIfname: names.hostVethName(prefix, ns, ifname),
    bridge: bridgeOf(ips[0]!),
    addresses: ips.map(withLength),
    mac: portMac(ips[0]!.ip_address),
  });
  /** A default route through the subnet's gateway, unless the port is on the external network (nothing beyond it). */
  const defaultVia = (ip: FixedIp): RoutePlan[] => {
    const gateway = subnetOf(ip).gateway_ip;
    return gateway && !onExternal(ip) ? [{ destination: "default", via: gateway }] : [];
  };
  const wall = (ips: FixedIp[]) => (hostAddress && ips.some(onExternal) ? hostWallRuleset(hostAddress) : null);

  const namespaces: NamespacePlan[] = [];

  for (const router of rows.routers) {
    const ns = names.namespaceName(prefix, "router", router.id);
    const ports: PortPlan[] = [];
    const fips = rows.floatingIps.filter((f) => f.router_id === router.id);
    if (router.gateway) {
      const gw = port(ns, names.routerGatewayIfname(router.gateway.port_id), [router.gateway]);
      // A floating IP is an address of the gateway port: the router answers ARP for it (Neutron's qg-).
      gw.addresses.push(...fips.map((f) => `${f.floating_ip_address}/32`));
      ports.push(gw);
    }
    for (const itf of router.interfaces) ports.push(port(ns, names.routerInterfaceIfname(itf.port_id), [itf]));
    const routes: RoutePlan[] = router.gateway && settings.upstreamGateway ? [{ destination: "default", via: settings.upstreamGateway }] : [];
    namespaces.push({
      name: ns,
      kind: "router",
      ports,
      routes,
      forwarding: true,
      nftables: router.gateway
        ? routerRuleset({
            gatewayIfname: names.routerGatewayIfname(router.gateway.port_id),
            gatewayAddress: router.gateway.ip_address,
            enableSnat: router.enable_snat,
            subnets: router.interfaces.map((i) => subnetOf(i).cidr),
            floatingIps: fips.map((f) => ({ floating: f.floating_ip_address, fixed: f.fixed_ip_address })),
            hostAddress,
          })
        : null,
    });
  }

  for (const instance of rows.instances) {
    const ns = names.namespaceName(prefix, "instance", instance.id);
    namespaces.push({
      name: ns,
      kind: "instance",
      ports: [port(ns, "eth0", [instance.port])],
      routes: defaultVia(instance.port),
      forwarding: false,
      nftables: wall([instance.port]),
    });
  }

  for (const amphora of rows.amphorae) {
    const ns = names.namespaceName(prefix, "amphora", amphora.loadbalancer_id);
    // Octavia's amphora: the VIP on eth1, then one leg per other network with members, named for
    // its network so a leg that comes or goes never renames another. A member subnet on the
    // VIP's own network is one more address on eth1 (one bridge, one port).
    const byNetwork = new Map<string, FixedIp[]>([[amphora.vip.network_id, [amphora.vip]]]);
    for (const leg of [...amphora.legs].sort((a, b) => a.port_id.localeCompare(b.port_id))) {
      byNetwork.set(leg.network_id, [...(byNetwork.get(leg.network_id) ?? []), leg]);
    }
    const ports = [...byNetwork.entries()].map(([networkId, ips]) =>
      port(ns, networkId === amphora.vip.network_id ? "eth1" : names.amphoraLegIfname(networkId), ips),
    );
    namespaces.push({
      name: ns,
      kind: "amphora",
      ports,
      routes: defaultVia(amphora.vip),
      forwarding: false,
      nftables: wall([amphora.vip, ...amphora.legs]),
    });
  }

  return { prefix, bridges, namespaces };
}
