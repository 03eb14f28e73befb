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
  /** The bridge's MTU, set rather than taken from its ports (the underlay's: jumbo, so VXLAN fits 1500-byte frames). */
  mtu?: number;
  /**
   * false: no multicast snooping, every group's frames go to every port (the underlay's: each
   * VXLAN flood reaches every endpoint, with no IGMP querier whose absence could prune it).
   */
  snooping?: false;
  /** The network's VXLAN endpoint, a port of this bridge: the tenant network carried over the underlay. */
  vxlan?: VxlanPlan;
  /** An existing link made a port of this bridge: an amphora host's provider port on the flat external network. */
  uplink?: string;
}

/**
 * A VXLAN endpoint: the network's segment (VNI) between this namespace and every other endpoint
 * of it, over the underlay. Flooding goes to a multicast group on the underlay, so an endpoint
 * needs no list of its peers: a host that comes or goes changes nothing elsewhere.
 */
export interface VxlanPlan {
  /** At most 15 characters, starting with the prefix (names.vxlanName). */
  name: string;
  /** The network's segmentation id, 1 to 16777215. */
  vni: number;
  /** This endpoint's address on the underlay. */
  local: string;
  /** The multicast group unknown and broadcast frames go to. */
  group: string;
  /** The underlay link the group is joined on. */
  device: string;
  /** The UDP port (4789 by default, IANA's). */
  port: number;
}

/**
 * A network namespace: a router (`qrouter-`), an amphora or an instance; or an amphora host of
 * this machine, whose plan holds only its cables (its underlay and provider ports): what else is
 * inside is its agent's, and a host namespace's other links are never removed as unplanned.
 */
export interface NamespacePlan {
  /** The full namespace name, starting with the prefix. */
  name: string;
  kind: "router" | "amphora" | "instance" | "host";
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
  /** Both ends' MTU; the kernel's default (1500) when not given. */
  mtu?: number;
}

export interface RoutePlan {
  /** "default" or a CIDR. */
  destination: string;
  via: string;
}
