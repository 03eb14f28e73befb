import { ipBatch, ipv4Addresses, isUp, type IpLink } from "./iproute";
import type { BridgePlan, VxlanPlan } from "./plan";

// A network's Linux bridge: made when missing, brought up, given the host's address when it is
// the external bridge (or the underlay's) and no other. The host takes no IPv6 link-local address
// on a bridge or a veth end (addrgenmode none), so it never appears on a tenant segment at all.
// A bridge may have a VXLAN endpoint (the network's segment over the underlay) or an uplink (an
// amphora host's provider port) as a port; both are checked and corrected with it.

export type Outcome = "created" | "changed" | "unchanged";

/** The links a bridge's plan names: the bridge, its VXLAN endpoint, its uplink. */
export const bridgeLinkNames = (bridge: BridgePlan) => [bridge.name, ...(bridge.vxlan ? [bridge.vxlan.name] : []), ...(bridge.uplink ? [bridge.uplink] : [])];

/** Whether an existing VXLAN link is the planned endpoint (its VNI, addresses, port and underlay link). */
function vxlanMatches(plan: VxlanPlan, link: IpLink | undefined): boolean {
  const data = link?.linkinfo?.info_data;
  return (
    link?.linkinfo?.info_kind === "vxlan" &&
    data?.id === plan.vni &&
    data.local === plan.local &&
    data.group === plan.group &&
    data.port === plan.port &&
    data.link === plan.device
  );
}

function vxlanCommands(bridge: BridgePlan, links: Map<string, IpLink>): string[] {
  const plan = bridge.vxlan;
  if (!plan) return [];
  const link = links.get(plan.name);
  if (!vxlanMatches(plan, link)) {
    return [
      ...(link ? [`link del ${plan.name}`] : []),
      // Learning on: a peer's MACs are learnt from what it sends; only floods go to the group.
      `link add ${plan.name} type vxlan id ${plan.vni} local ${plan.local} group ${plan.group} dev ${plan.device} dstport ${plan.port}`,
      `link set ${plan.name} addrgenmode none`,
      `link set ${plan.name} master ${bridge.name} up`,
    ];
  }
  return link!.master === bridge.name && isUp(link!) ? [] : [`link set ${plan.name} master ${bridge.name} up`];
}

function uplinkCommands(bridge: BridgePlan, links: Map<string, IpLink>): string[] {
  if (!bridge.uplink) return [];
  const link = links.get(bridge.uplink);
  if (!link) throw new Error(`bridge ${bridge.name}: its uplink ${bridge.uplink} does not exist`);
  return link.master === bridge.name && isUp(link) ? [] : [`link set ${bridge.uplink} master ${bridge.name} up`];
}

/**
 * The `ip` commands (for one `ip -batch -`) that make the bridge and its ports what `bridge`
 * says, given the links of bridgeLinkNames(bridge) as they are now; none when they already are.
 */
export function bridgeCommands(bridge: BridgePlan, links: Map<string, IpLink>): { lines: string[]; outcome: Outcome } {
  const link = links.get(bridge.name);
  const wanted = bridge.hostAddress ? [bridge.hostAddress] : [];
  const ports = [...vxlanCommands(bridge, links), ...uplinkCommands(bridge, links)];
  if (link === undefined || link.linkinfo?.info_kind !== "bridge") {
    return {
      outcome: "created",
      lines: [
        ...(link ? [`link del ${link.ifname}`] : []),
        `link add ${bridge.name}${bridge.mtu ? ` mtu ${bridge.mtu}` : ""} type bridge${bridge.snooping === false ? " mcast_snooping 0" : ""}`,
        `link set ${bridge.name} addrgenmode none`,
        `link set ${bridge.name} up`,
        ...wanted.map((a) => `addr add ${a} dev ${bridge.name}`),
        ...ports,
      ],
    };
  }
  const have = ipv4Addresses(link);
  const lines = [
    ...(isUp(link) ? [] : [`link set ${bridge.name} up`]),
    ...(bridge.mtu && link.mtu !== bridge.mtu ? [`link set ${bridge.name} mtu ${bridge.mtu}`] : []),
    ...have.filter((a) => !wanted.includes(a)).map((a) => `addr del ${a} dev ${bridge.name}`),
    ...wanted.filter((a) => !have.includes(a)).map((a) => `addr add ${a} dev ${bridge.name}`),
    ...ports,
  ];
  return { lines, outcome: lines.length ? "changed" : "unchanged" };
}

/** Makes one bridge as planned, given the links it names as they are now; `at`: in that namespace. */
export async function convergeBridge(bridge: BridgePlan, links: Map<string, IpLink>, at?: string): Promise<Outcome> {
  const { lines, outcome } = bridgeCommands(bridge, links);
  await ipBatch(lines, at);
  return outcome;
}
