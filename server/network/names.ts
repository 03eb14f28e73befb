import { createHash } from "node:crypto";

// Every name the network engine gives a namespace or a link, in one place. Names come from the
// prefix and from ids, never from user strings, and each function refuses what would not be a
// valid name, so nothing else has to check.
//
// Host links must fit the kernel's IFNAMSIZ (15 characters). They are `${prefix}-` followed by a
// kind letter and hex digits of a sha256 that fill the name to 15 characters (10 hex digits for
// the default prefix, 8 at the longest prefix). The dash after the prefix tells whose a name is
// without doubt: a prefix has no dash, so `t10-…` is never `t100`'s.

/** A prefix: a letter then 1 to 4 letters or digits (the default `lbq`; test worlds pass their own). */
export const PREFIX_PATTERN = /^[a-z][a-z0-9]{1,4}$/;
export const DEFAULT_PREFIX = "lbq";

/** The kernel's longest interface name (IFNAMSIZ less the terminating NUL). */
export const IFNAME_MAX = 15;
/** What the engine accepts as an interface name: lowercase letters, digits and dashes. */
const IFNAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,14}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type NamespaceKind = "router" | "amphora" | "instance" | "host";
/**
 * Neutron's `qrouter-` for routers; the amphora and instance namespaces say what they hold; a
 * `host-` namespace is an amphora host of this machine (its own underlay address, its bridges
 * and VXLAN endpoints, the host ends of its amphorae's ports), named for the host's id.
 */
const KIND_WORD: Record<NamespaceKind, string> = { router: "qrouter", amphora: "amphora", instance: "instance", host: "host" };

/**
 * The namespaces an amphora host's agent owns and the network node's full pass leaves alone: a
 * host's own namespace (its machine, made by whoever runs the host) and its amphorae.
 */
export const HOST_OWNED_KINDS: readonly NamespaceKind[] = ["host", "amphora"];

/** An amphora's VIP port, as Octavia's amphora names it. */
export const AMPHORA_VIP_IFNAME = "eth1";
/** An instance's one port. */
export const INSTANCE_IFNAME = "eth0";

export function assertPrefix(prefix: string): string {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(`network prefix ${JSON.stringify(prefix)} must be a letter then 1 to 4 lowercase letters or digits`);
  }
  return prefix;
}

function assertId(what: string, id: string): string {
  if (!UUID.test(id)) throw new Error(`${what} ${JSON.stringify(id)} is not a lowercase UUID`);
  return id;
}

export function assertIfname(name: string): string {
  if (!IFNAME_PATTERN.test(name)) {
    throw new Error(`${JSON.stringify(name)} is not an interface name (1-${IFNAME_MAX} lowercase letters, digits or dashes)`);
  }
  return name;
}

/** The namespace of a router, an amphora (named for its load balancer), an instance or an amphora host. */
export function namespaceName(prefix: string, kind: NamespaceKind, id: string): string {
  return `${assertPrefix(prefix)}-${KIND_WORD[kind]}-${assertId(`${kind} id`, id)}`;
}

const NAMESPACE_PATTERN = new RegExp(`^([a-z][a-z0-9]{1,4})-(${Object.values(KIND_WORD).join("|")})-([0-9a-f-]{36})$`);

/** Whether `name` is a namespace name the engine could have made with this prefix. */
export function isNamespaceName(prefix: string, name: string): boolean {
  const m = NAMESPACE_PATTERN.exec(name);
  return m !== null && m[1] === prefix && UUID.test(m[3]!);
}

/** The kind of a namespace name the engine could have made with this prefix; null for any other name. */
export function namespaceKind(prefix: string, name: string): NamespaceKind | null {
  const m = NAMESPACE_PATTERN.exec(name);
  if (m === null || m[1] !== prefix || !UUID.test(m[3]!)) return null;
  return (Object.keys(KIND_WORD) as NamespaceKind[]).find((k) => KIND_WORD[k] === m[2]) ?? null;
}

/** Whether a namespace or a host link carries this prefix (the part before its first dash). */
export function ownedBy(prefix: string, name: string): boolean {
  return name.startsWith(`${assertPrefix(prefix)}-`);
}

/**
 * `${prefix}-${kind}` then hex digits of sha256(source), filling the name to IFNAMSIZ. Kinds: `b`
 * a network's bridge, `v` a namespace port's host end, `x` a network's VXLAN endpoint, `h` an
 * amphora host's cable (its underlay and provider ports, which the host's own runner makes).
 */
function hashedLink(prefix: string, kind: "b" | "v" | "x" | "h", source: string): string {
  const head = `${assertPrefix(prefix)}-${kind}`;
  return head + createHash("sha256").update(source).digest("hex").slice(0, IFNAME_MAX - head.length);
}

/** The Linux bridge of a network (the external network's too: it is one network among others). */
export function bridgeName(prefix: string, networkId: string): string {
  return hashedLink(prefix, "b", assertId("network id", networkId));
}

/** A network's VXLAN endpoint (VTEP), a port of its bridge: on the network node and on every amphora host. */
export function vxlanName(prefix: string, networkId: string): string {
  return hashedLink(prefix, "x", assertId("network id", networkId));
}

/** The underlay's bridge on the machine: the network node's and each local amphora host's underlay port are on it. */
export function underlayBridgeName(prefix: string): string {
  return `${assertPrefix(prefix)}-underlay`;
}

/** An amphora host's underlay port (its address on the underlay) and its provider port (the flat external network). */
export const HOST_UNDERLAY_IFNAME = "underlay";
export const HOST_PROVIDER_IFNAME = "provider";

/** The machine's end of an amphora host's cable (HOST_UNDERLAY_IFNAME or HOST_PROVIDER_IFNAME). */
export function hostCableName(prefix: string, hostNamespace: string, ifname: string): string {
  if (!ownedBy(prefix, hostNamespace)) throw new Error(`namespace ${JSON.stringify(hostNamespace)} does not carry the prefix ${prefix}`);
  return hashedLink(prefix, "h", `${hostNamespace}/${assertIfname(ifname)}`);
}

/** Whether a host link is an amphora host's cable (hostCableName): its runner's, not the network node's. */
export const isHostCable = (prefix: string, name: string) => name.startsWith(`${assertPrefix(prefix)}-h`) && name.length === IFNAME_MAX;

/** The host's end of a namespace port's veth pair: a hash of the namespace and the inside name. */
export function hostVethName(prefix: string, namespace: string, ifname: string): string {
  if (!ownedBy(prefix, namespace)) throw new Error(`namespace ${JSON.stringify(namespace)} does not carry the prefix ${prefix}`);
  // "/" is in neither name, so two different pairs never hash the same text.
  return hashedLink(prefix, "v", `${namespace}/${assertIfname(ifname)}`);
}

const ROUTER_GATEWAY_PREFIX = "qg-";

/** A router's gateway port, as Neutron's L3 agent names it: `qg-` and the port id's first 11 characters. */
export function routerGatewayIfname(portId: string): string {
  return `${ROUTER_GATEWAY_PREFIX}${assertId("port id", portId).slice(0, 11)}`;
}

/** Whether a router's link is its gateway port (routerGatewayIfname). */
export const isRouterGatewayIfname = (ifname: string) => ifname.startsWith(ROUTER_GATEWAY_PREFIX);

/** A router's interface on a tenant subnet: `qr-` and the port id's first 11 characters. */
export function routerInterfaceIfname(portId: string): string {
  return `qr-${assertId("port id", portId).slice(0, 11)}`;
}

/**
 * An amphora's leg on a member network other than the VIP's: named for the network (`leg-` and
 * its id's first 11 characters), so a leg that comes or goes never renames another.
 */
export function amphoraLegIfname(networkId: string): string {
  return `leg-${assertId("network id", networkId).slice(0, 11)}`;
}
