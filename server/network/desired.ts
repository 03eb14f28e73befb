import { Address4 } from "ip-address";
import * as names from "./names";
import type { BridgePlan, HostNetworkPlan, NamespacePlan, PortPlan, RoutePlan, VxlanPlan } from "./plan";
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
  /** Each network with its VXLAN VNI (Neutron's provider:segmentation_id). */
  networks: { id: string; segmentation_id: number }[];
  subnets: SubnetRow[];
  routers: RouterRow[];
  /** Associated floating IPs only. */
  floatingIps: { id: string; floating_ip_address: string; fixed_ip_address: string; router_id: string; status: string }[];
  instances: { id: string; port: FixedIp }[];
}

/** One amphora's rows: its VIP and its member legs (amphora-legs.ts), with their subnets and networks. */
export interface AmphoraRows {
  /** The amphora's own id: its namespace is named for it, so a replacement never shares a name with what it replaces. */
  amphora_id: string;
  vip: FixedIp;
  legs: FixedIp[];
  networks: NetworkRows["networks"];
  /** The subnets of its ports, and the external subnet. */
  subnets: SubnetRow[];
}

/** An amphora host of this machine: a namespace on the underlay (its own address) and on the flat external network. */
export interface LocalHostNet {
  id: string;
  /** Its address on the underlay, without prefix length. */
  address: string;
}

export interface NetworkSettings {
  prefix: string;
  /** The external network's CIDR; the host's address on it is that subnet's gateway_ip. */
  externalCidr: string;
  /** A router's default route beyond the external subnet: an operator's choice, none by default. */
  upstreamGateway: string | null;
  /** The underlay between the network node (this host, the subnet's first address) and the amphora hosts. */
  underlayCidr: string;
  /** The tenant networks' VXLAN: its UDP port and the multicast group floods go to. */
  vxlan: { port: number; group: string };
}

/** The underlay's MTU: room for VXLAN's 50 bytes around a full 1500-byte frame. */
export const UNDERLAY_MTU = 9000;

/** The network node's address on the underlay (the subnet's first), in CIDR form. */
export function underlayNodeAddress(underlayCidr: string): string {
  const net = new Address4(underlayCidr);
  return `${Address4.fromBigInt(net.startAddress().bigInt() + 1n).correctForm()}/${net.subnetMask}`;
}

/** The underlay address of this machine's amphora host in `slot` (1, 2, …): the subnet's 10+slot-th. */
export function localHostUnderlayAddress(underlayCidr: string, slot: number): string {
  return Address4.fromBigInt(new Address4(underlayCidr).startAddress().bigInt() + BigInt(10 + slot)).correctForm();
}

/**
 * What an amphora's host is asked to plug (the agent's `PUT /1.0/plug/{lb}`): the amphora's
 * namespace, and each of its networks' segment, a VXLAN VNI or null for the flat external network.
 * The host makes each network's bridge and endpoint itself, with its own underlay address.
 */
export interface AmphoraPlug {
  namespace: NamespacePlan;
  segments: { network_id: string; vni: number | null }[];
  vxlan: { port: number; group: string };
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

/** What the network node's plan and an amphora's plug both build ports and rules with. */
function planner(subnetRows: SubnetRow[], settings: NetworkSettings) {
  const { prefix } = settings;
  const subnets = new Map(subnetRows.map((s) => [s.id, s]));
  const subnetOf = (ip: FixedIp) => {
    const subnet = subnets.get(ip.subnet_id);
    if (!subnet) throw new Error(`port ${ip.port_id} is on subnet ${ip.subnet_id}, which has no row`);
    return subnet;
  };
  const withLength = (ip: FixedIp) => `${ip.ip_address}/${prefixLength(subnetOf(ip).cidr)}`;
  const external = subnetRows.find((s) => s.cidr === settings.externalCidr);
  const hostAddress = external?.gateway_ip ?? null;
  const onExternal = (ip: FixedIp) => external !== undefined && ip.network_id === external.network_id;
  const port = (ns: string, ifname: string, ips: FixedIp[]): PortPlan => ({
    ifname,
    hostIfname: names.hostVethName(prefix, ns, ifname),
    bridge: names.bridgeName(prefix, ips[0]!.network_id),
    addresses: ips.map(withLength),
    mac: portMac(ips[0]!.ip_address),
  });
  return {
    subnetOf,
    external,
    hostAddress,
    onExternal,
    port,
    /** A default route through the subnet's gateway, unless the port is on the external network (nothing beyond it). */
    defaultVia(ip: FixedIp): RoutePlan[] {
      const gateway = subnetOf(ip).gateway_ip;
      return gateway && !onExternal(ip) ? [{ destination: "default", via: gateway }] : [];
    },
    wall: (ips: FixedIp[]) => (hostAddress && ips.some(onExternal) ? hostWallRuleset(hostAddress) : null),
  };
}

/**
 * The network node's plan (this host): every network's bridge, the tenant networks' VXLAN
 * endpoints on the underlay, routers, instances, and this machine's amphora hosts' namespaces
 * (their cables only). Amphorae are their hosts' to plug (amphoraPlug).
 */
export function desiredPlan(rows: NetworkRows, settings: NetworkSettings, localHosts: LocalHostNet[] = []): HostNetworkPlan {
  const { prefix } = settings;
  const p = planner(rows.subnets, settings);
  const underlay = underlayNodeAddress(settings.underlayCidr);
  const underlayBridge: BridgePlan = { name: names.underlayBridgeName(prefix), hostAddress: underlay, mtu: UNDERLAY_MTU, snooping: false };
  const bridges: BridgePlan[] = [
    underlayBridge,
    ...rows.networks.map((n): BridgePlan => {
      const name = names.bridgeName(prefix, n.id);
      if (p.external && n.id === p.external.network_id) {
        return { name, ...(p.hostAddress && { hostAddress: `${p.hostAddress}/${prefixLength(p.external.cidr)}` }) };
      }
      return { name, vxlan: vxlanOf(settings, n, underlay.split("/")[0]!, underlayBridge.name) };
    }),
  ];
  const namespaces: NamespacePlan[] = [];

  for (const router of rows.routers) {
    const ns = names.namespaceName(prefix, "router", router.id);
    const ports: PortPlan[] = [];
    const fips = rows.floatingIps.filter((f) => f.router_id === router.id);
    if (router.gateway) {
      const gw = p.port(ns, names.routerGatewayIfname(router.gateway.port_id), [router.gateway]);
      // A floating IP is an address of the gateway port: the router answers ARP for it (Neutron's qg-).
      gw.addresses.push(...fips.map((f) => `${f.floating_ip_address}/32`));
      ports.push(gw);
    }
    for (const itf of router.interfaces) ports.push(p.port(ns, names.routerInterfaceIfname(itf.port_id), [itf]));
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
            subnets: router.interfaces.map((i) => p.subnetOf(i).cidr),
            floatingIps: fips.map((f) => ({ floating: f.floating_ip_address, fixed: f.fixed_ip_address })),
            hostAddress: p.hostAddress,
          })
        : null,
    });
  }

  for (const instance of rows.instances) {
    const ns = names.namespaceName(prefix, "instance", instance.id);
    namespaces.push({
      name: ns,
      kind: "instance",
      ports: [p.port(ns, "eth0", [instance.port])],
      routes: p.defaultVia(instance.port),
      forwarding: false,
      nftables: p.wall([instance.port]),
    });
  }

  // This machine's amphora hosts: each a namespace cabled to the underlay (its address, jumbo
  // frames for VXLAN) and to the flat external network (its provider port, which its agent makes
  // a port of its own external bridge).
  const externalBridge = p.external ? names.bridgeName(prefix, p.external.network_id) : null;
  for (const host of localHosts) {
    const ns = names.namespaceName(prefix, "host", host.id);
    const cable = (ifname: string, bridge: string, addresses: string[], mtu?: number): PortPlan => ({
      ifname,
      hostIfname: names.hostCableName(prefix, ns, ifname),
      bridge,
      addresses,
      ...(mtu && { mtu }),
    });
    namespaces.push({
      name: ns,
      kind: "host",
      ports: [
        cable(names.HOST_UNDERLAY_IFNAME, underlayBridge.name, [`${host.address}/${prefixLength(settings.underlayCidr)}`], UNDERLAY_MTU),
        ...(externalBridge ? [cable(names.HOST_PROVIDER_IFNAME, externalBridge, [])] : []),
      ],
      routes: [],
      forwarding: false,
      nftables: null,
    });
  }

  return { prefix, bridges, namespaces };
}

/** A network's VXLAN endpoint at `local` on the underlay link `device`. */
export function vxlanOf(settings: Pick<NetworkSettings, "prefix" | "vxlan">, network: { id: string; segmentation_id: number }, local: string, device: string): VxlanPlan {
  return { name: names.vxlanName(settings.prefix, network.id), vni: network.segmentation_id, local, group: settings.vxlan.group, device, port: settings.vxlan.port };
}

/**
 * What an amphora's host plugs: Octavia's amphora, its VIP on eth1, then one leg per other
 * network with members, named for its network so a leg that comes or goes never renames
 * another; a member subnet on the VIP's own network is one more address on eth1 (one bridge, one
 * port). Its namespace is named for the amphora.
 */
export function amphoraPlug(rows: AmphoraRows, settings: NetworkSettings): AmphoraPlug {
  const p = planner(rows.subnets, settings);
  const ns = names.namespaceName(settings.prefix, "amphora", rows.amphora_id);
  const byNetwork = new Map<string, FixedIp[]>([[rows.vip.network_id, [rows.vip]]]);
  for (const leg of [...rows.legs].sort((a, b) => a.port_id.localeCompare(b.port_id))) {
    byNetwork.set(leg.network_id, [...(byNetwork.get(leg.network_id) ?? []), leg]);
  }
  const ports = [...byNetwork.entries()].map(([networkId, ips]) =>
    p.port(ns, networkId === rows.vip.network_id ? names.AMPHORA_VIP_IFNAME : names.amphoraLegIfname(networkId), ips),
  );
  const vni = new Map(rows.networks.map((n) => [n.id, n.segmentation_id]));
  return {
    namespace: { name: ns, kind: "amphora", ports, routes: p.defaultVia(rows.vip), forwarding: false, nftables: p.wall([rows.vip, ...rows.legs]) },
    segments: [...byNetwork.keys()].map((networkId) => {
      const onExternal = p.external?.network_id === networkId;
      const segment = vni.get(networkId);
      if (!onExternal && segment === undefined) throw new Error(`network ${networkId} has no row`);
      return { network_id: networkId, vni: onExternal ? null : segment! };
    }),
    vxlan: settings.vxlan,
  };
}
