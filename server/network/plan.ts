// What the cloud's network should look like on this host, as plain data: derived from the
// database's rows (networks, routers, instances, amphorae) and made real by the network engine
// (apply.ts), which creates what is missing, corrects what differs and removes anything that
// carries the product's prefix and has no place here. Nothing in a plan is a user string: names
// come from ids (names.ts) and addresses from IPAM's validated rows.

export interface HostNetworkPlan {
  /** Every namespace and host link the product makes starts with this (names.ts). */
  prefix: string;
  bridges: BridgePlan[];
  namespaces: NamespacePlan[];
}

/** A Linux bridge: the external network, or one tenant network (one segment). */
export interface BridgePlan {
  /** At most 15 characters (IFNAMSIZ), starting with the prefix. */
  name: string;
  /**
   * The host's own address on this bridge in CIDR form ("198.18.0.1/24"): the external
   * bridge only. Tenant bridges carry no host address, so the host never joins a tenant subnet.
   */
  hostAddress?: string;
}

/** A network namespace: a router (`qrouter-`), an amphora or an instance. */
export interface NamespacePlan {
  /** The full namespace name, starting with the prefix. */
  name: string;
  kind: "router" | "amphora" | "instance";
  ports: PortPlan[];
  /** Routes inside the namespace beyond the connected ones. */
  routes: RoutePlan[];
  /** IPv4 forwarding inside the namespace (routers): the namespace's own sysctl, never the host's. */
  forwarding: boolean;
  /**
   * The namespace's whole nftables ruleset (`nft -f` text, tables only, no `flush ruleset`),
   * replaced atomically when it differs; null: the namespace has no rules.
   */
  nftables: string | null;
}

/** A veth pair: one end inside the namespace, the other on the host enslaved to a bridge. */
export interface PortPlan {
  /** The end inside the namespace (unique within it, at most 15 characters), e.g. `eth1`, `qg-1a2b3c4d5e`. */
  ifname: string;
  /** The end left on the host (unique on the host, at most 15 characters, starting with the prefix). */
  hostIfname: string;
  /** The bridge the host end is a port of. */
  bridge: string;
  /** Addresses inside, CIDR form; the first is the primary (a floating IP is a /32 on a router's gateway port). */
  addresses: string[];
  /** A fixed MAC ("fa:16:3e:…" as Neutron's), so a rebuilt port keeps its neighbours' ARP entries valid. */
  mac?: string;
}

export interface RoutePlan {
  /** "default" or a CIDR. */
  destination: string;
  via: string;
}
