import { Address4 } from "ip-address";

// A router namespace's nftables ruleset, Neutron's L3 agent in nftables words: SNAT for the
// subnets behind it (when enable_snat), a DNAT and a matching SNAT per floating IP, and a wall
// between the tenants and the host: a tenant may answer the host (a floating IP the host
// reached), never open a connection to it. Everything here comes from IPAM's rows and from
// names the engine derives from ids; each value is checked again before it enters the text, so
// nothing a user typed can reach nft's parser.

export interface RouterRulesInput {
  /** The gateway port's name inside the namespace (`qg-…`). */
  gatewayIfname: string;
  /** The gateway port's own address on the external network. */
  gatewayAddress: string;
  /** SNAT for the subnets behind the router (Neutron's enable_snat). */
  enableSnat: boolean;
  /** The CIDRs of the subnets the router has an interface on. */
  subnets: string[];
  floatingIps: { floating: string; fixed: string }[];
  /** The host's own address on the external network: tenants must not open connections to it. */
  hostAddress: string | null;
}

const IFNAME = /^[a-z][a-z0-9-]{0,14}$/;

function address(value: string): string {
  if (value.includes("/") || !Address4.isValid(value)) throw new Error(`router rules: ${JSON.stringify(value)} is not an IPv4 address`);
  return new Address4(value).correctForm();
}

function cidr(value: string): string {
  if (!value.includes("/") || !Address4.isValid(value)) throw new Error(`router rules: ${JSON.stringify(value)} is not an IPv4 CIDR`);
  const net = new Address4(value);
  return `${net.startAddress().correctForm()}/${net.subnetMask}`;
}

function ifname(value: string): string {
  if (!IFNAME.test(value)) throw new Error(`router rules: ${JSON.stringify(value)} is not an interface name`);
  return value;
}

/** The ruleset text for `nft -f` (one table; the engine replaces it atomically). */
export function routerRuleset(input: RouterRulesInput): string {
  const gw = `oifname "${ifname(input.gatewayIfname)}"`;
  // Sorted, so the same rows always give the same text and an unchanged router is left alone.
  const fips = [...input.floatingIps].map((f) => ({ floating: address(f.floating), fixed: address(f.fixed) })).sort((a, b) => a.floating.localeCompare(b.floating));
  const subnets = [...new Set(input.subnets.map(cidr))].sort();
  const lines = [
    "table ip qrouter {",
    "  chain prerouting {",
    "    type nat hook prerouting priority dstnat; policy accept;",
    ...fips.map((f) => `    ip daddr ${f.floating} dnat to ${f.fixed}`),
    "  }",
    "  chain postrouting {",
    "    type nat hook postrouting priority srcnat; policy accept;",
    // A floating IP's own port leaves as its floating IP, before the subnet's SNAT would catch it.
    ...fips.map((f) => `    ${gw} ip saddr ${f.fixed} snat to ${f.floating}`),
    ...(input.enableSnat ? subnets.map((s) => `    ${gw} ip saddr ${s} snat to ${address(input.gatewayAddress)}`) : []),
    "  }",
    "  chain forward {",
    "    type filter hook forward priority filter; policy accept;",
    ...(input.hostAddress ? [`    ip daddr ${address(input.hostAddress)} ct state new drop`] : []),
    "  }",
    "}",
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * The wall of an amphora or instance namespace that sits on the external network itself (a VIP
 * on `public`): it reaches the host's address only to answer, as behind a router.
 */
export function hostWallRuleset(hostAddress: string): string {
  return [
    "table ip hostwall {",
    "  chain output {",
    "    type filter hook output priority filter; policy accept;",
    `    ip daddr ${address(hostAddress)} ct state new drop`,
    "  }",
    "}",
    "",
  ].join("\n");
}
