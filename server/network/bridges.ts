import { ipBatch, ipv4Addresses, isUp, type IpLink } from "./iproute";
import type { BridgePlan } from "./plan";

// A network's Linux bridge on the host: made when missing, brought up, given the host's address
// when it is the external bridge and no other. The host takes no IPv6 link-local address on a
// bridge or a veth end (addrgenmode none), so it never appears on a tenant segment at all.

export type Outcome = "created" | "changed" | "unchanged";

/** The `ip` commands (for one `ip -batch -`) that make `link` what `bridge` says; none when it already is. */
export function bridgeCommands(bridge: BridgePlan, link: IpLink | undefined): { lines: string[]; outcome: Outcome } {
  const wanted = bridge.hostAddress ? [bridge.hostAddress] : [];
  if (link === undefined || link.linkinfo?.info_kind !== "bridge") {
    return {
      outcome: "created",
      lines: [
        ...(link ? [`link del ${link.ifname}`] : []),
        `link add ${bridge.name} type bridge`,
        `link set ${bridge.name} addrgenmode none`,
        `link set ${bridge.name} up`,
        ...wanted.map((a) => `addr add ${a} dev ${bridge.name}`),
      ],
    };
  }
  const have = ipv4Addresses(link);
  const lines = [
    ...(isUp(link) ? [] : [`link set ${bridge.name} up`]),
    ...have.filter((a) => !wanted.includes(a)).map((a) => `addr del ${a} dev ${bridge.name}`),
    ...wanted.filter((a) => !have.includes(a)).map((a) => `addr add ${a} dev ${bridge.name}`),
  ];
  return { lines, outcome: lines.length ? "changed" : "unchanged" };
}

/** Makes one bridge as planned, given what the host has under its name now. */
export async function convergeBridge(bridge: BridgePlan, link: IpLink | undefined): Promise<Outcome> {
  const { lines, outcome } = bridgeCommands(bridge, link);
  await ipBatch(lines);
  return outcome;
}
