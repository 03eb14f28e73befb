import type { Outcome } from "./bridges";
import { isGone, runSteps, type Step } from "./command";
import { announceAddresses } from "./garp";
import { hostLinksNamed, ip, ipJson, ipv4Addresses, isUp, namespaceListed, netnsPath, routeDestination, type IpLink, type IpNamespace, type IpRoute } from "./iproute";
import { hostVethName, isRouterGatewayIfname, ownedBy } from "./names";
import type { NamespaceState } from "./namespace-state";
import { rulesetMatches, replaceRuleset } from "./nft";
import type { NamespacePlan, PortPlan } from "./plan";

// One namespace made as its plan says, from what is there now: what is right is left alone,
// what differs is corrected, what is missing is made, in this order: the namespace, links inside
// that have no place (removed), each port's veth pair (remade when either end is missing or they
// are not each other's peer, the host end in its bridge and up), loopback and the ports up with
// their MAC and addresses, routes, forwarding, and the nftables ruleset.

const EMPTY: NamespaceState = { links: [], routes: [], forwarding: false, ruleset: "" };

/** Whether the two ends are one veth pair (each the other's peer). */
function paired(inside: IpLink | undefined, host: IpLink | undefined): boolean {
  return (
    inside?.linkinfo?.info_kind === "veth" &&
    host?.linkinfo?.info_kind === "veth" &&
    inside.link_index === host.ifindex &&
    host.link_index === inside.ifindex
  );
}

function portCommands(ns: string, port: PortPlan, inside: IpLink | undefined, host: IpLink | undefined) {
  const pre: string[] = [];
  const hostLines: string[] = [];
  const lines: string[] = [];
  let have: string[];
  const remade = !paired(inside, host);
  if (remade) {
    if (inside) pre.push(`link del ${port.ifname}`);
    if (host) hostLines.push(`link del ${port.hostIfname}`);
    hostLines.push(
      `link add ${port.hostIfname} type veth peer name ${port.ifname}${port.mac ? ` address ${port.mac}` : ""} netns ${ns}`,
      `link set ${port.hostIfname} addrgenmode none`,
      ...(port.mtu ? [`link set ${port.hostIfname} mtu ${port.mtu}`] : []),
      `link set ${port.hostIfname} master ${port.bridge} up`,
    );
    if (port.mtu) lines.push(`link set ${port.ifname} mtu ${port.mtu}`);
    lines.push(`link set ${port.ifname} up`);
    have = [];
  } else {
    if (port.mtu && host!.mtu !== port.mtu) hostLines.push(`link set ${port.hostIfname} mtu ${port.mtu}`);
    if (host!.master !== port.bridge || !isUp(host!)) hostLines.push(`link set ${port.hostIfname} master ${port.bridge} up`);
    if (port.mtu && inside!.mtu !== port.mtu) lines.push(`link set ${port.ifname} mtu ${port.mtu}`);
    if (port.mac && inside!.address !== port.mac) lines.push(`link set ${port.ifname} address ${port.mac}`);
    if (!isUp(inside!)) lines.push(`link set ${port.ifname} up`);
    have = ipv4Addresses(inside!);
  }
  lines.push(
    ...have.filter((a) => !port.addresses.includes(a)).map((a) => `addr del ${a} dev ${port.ifname}`),
    ...port.addresses.filter((a) => !have.includes(a)).map((a) => `addr add ${a} dev ${port.ifname}`),
  );
  return { pre, hostLines, lines, remade };
}

/**
 * Makes the namespace as planned. `state` is what is inside now (undefined: the namespace does
 * not exist), `host` the links by name where the ports' other ends are: the host's own, or those
 * of the namespace `at` (an amphora host's, for its amphorae). Returns what it did.
 */
export async function convergeNamespace(plan: NamespacePlan, state: NamespaceState | undefined, host: Map<string, IpLink>, at?: string): Promise<Outcome> {
  const ns = plan.name;
  const now = state ?? EMPTY;
  const inside = new Map(now.links.map((l) => [l.ifname, l]));

  const pre: string[] = [];
  const hostLines: string[] = [];
  const lines: string[] = [];
  const lo = inside.get("lo");
  if (!lo || !isUp(lo)) lines.push("link set lo up");
  const planned = new Set(plan.ports.map((p) => p.ifname));
  // Links nobody planned go; of a veth pair with both ends inside, deleting one takes both. An
  // amphora host's plan is its cables only: what its agent made inside stays.
  const deleted = new Set<string>();
  for (const link of now.links) {
    if (link.ifname === "lo" || planned.has(link.ifname) || plan.kind === "host") continue;
    if (link.linkinfo?.info_kind === "veth" && link.link !== undefined && deleted.has(link.link)) continue;
    pre.push(`link del ${link.ifname}`);
    deleted.add(link.ifname);
  }
  const remade = new Set<string>();
  for (const port of plan.ports) {
    const c = portCommands(ns, port, inside.get(port.ifname), host.get(port.hostIfname));
    pre.push(...c.pre);
    hostLines.push(...c.hostLines);
    lines.push(...c.lines);
    if (c.remade) remade.add(port.ifname);
  }

  // Routes beyond the connected ones; those through a link being remade or removed go with it.
  const gone = (dev: string | undefined) => dev !== undefined && (remade.has(dev) || !planned.has(dev));
  // A route of another type (blackhole, unreachable…) is never a planned one: its type is in its key.
  const typed = (r: IpRoute) => (r.type && r.type !== "unicast" ? `${r.type} ` : "");
  const key = (destination: string, via: string | undefined) => `${destination} via ${via ?? "-"}`;
  const current = now.routes.filter((r) => r.protocol !== "kernel" && !gone(r.dev));
  const currentKeys = new Set(current.map((r) => typed(r) + key(routeDestination(r), r.gateway)));
  const plannedKeys = new Set(plan.routes.map((r) => key(r.destination, r.via)));
  for (const r of current) {
    if (!plannedKeys.has(typed(r) + key(routeDestination(r), r.gateway))) {
      lines.push(`route del ${typed(r)}${routeDestination(r)}${r.gateway ? ` via ${r.gateway}` : ""}`);
    }
  }
  for (const r of plan.routes) if (!currentKeys.has(key(r.destination, r.via))) lines.push(`route replace ${r.destination} via ${r.via}`);

  const steps: Step[] = [];
  if (state === undefined) steps.push({ file: "ip", args: ["netns", "add", ns] });
  const batch = (lines: string[], inside: boolean) => {
    const where = inside ? ["-n", ns] : at ? ["-n", at] : [];
    if (lines.length > 0) steps.push({ file: "ip", args: [...where, "-batch", "-"], input: `${lines.join("\n")}\n` });
  };
  batch(pre, true);
  batch(hostLines, false);
  batch(lines, true);
  let changed = pre.length + hostLines.length + lines.length > 0;
  // A new namespace's forwarding is not read: it may inherit the host's
  // (net.core.devconf_inherit_init_net), so it is always set. nsenter enters the network
  // namespace only (`ip netns exec` also remounts /sys).
  if (state === undefined || now.forwarding !== plan.forwarding) {
    steps.push({ file: "nsenter", args: [`--net=${netnsPath(ns)}`, "sysctl", "-qw", `net.ipv4.ip_forward=${plan.forwarding ? 1 : 0}`] });
    changed = true;
  }
  // One process for all of it: a namespace made for a new load balancer is one spawn, not six.
  await runSteps(steps);
  // A floating IP a router's gateway port just took may have been another router's a moment ago.
  if (plan.kind === "router") {
    for (const port of plan.ports.filter((p) => isRouterGatewayIfname(p.ifname))) {
      const kept = remade.has(port.ifname) ? undefined : inside.get(port.ifname);
      const before = new Set(kept ? ipv4Addresses(kept) : []);
      const taken = port.addresses.filter((a) => a.endsWith("/32") && !before.has(a)).map((a) => a.slice(0, -"/32".length));
      if (taken.length > 0) announceAddresses(ns, port.ifname, taken);
    }
  }
  if (!rulesetMatches(now.ruleset, plan.nftables)) {
    await replaceRuleset(ns, plan.nftables);
    changed = true;
  }
  return state === undefined ? "created" : changed ? "changed" : "unchanged";
}

/** Deletes host links (`at`: that namespace's), each on its own so that one already gone does not stop the rest; how many went. */
export async function deleteHostLinks(names: string[], at?: string): Promise<number> {
  let deleted = 0;
  for (const name of names) {
    try {
      await ip(["link", "del", name], at);
      deleted++;
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  }
  return deleted;
}

/**
 * Removes a namespace of this prefix (as `ip netns list` gave it) with its veth pairs, given the
 * host's links as just listed. The host ends go first: the kernel tears a deleted namespace down
 * later, and not at all while a process still runs in it, so its veths would otherwise outlive
 * it on the host.
 */
export async function removeListedNamespace(prefix: string, entry: IpNamespace, hostLinks: IpLink[]): Promise<void> {
  if (!ownedBy(prefix, entry.name)) throw new Error(`namespace ${JSON.stringify(entry.name)} does not carry the prefix ${prefix}`);
  if (entry.id !== undefined) {
    await deleteHostLinks(hostLinks.filter((l) => l.link_netnsid === entry.id && ownedBy(prefix, l.ifname)).map((l) => l.ifname));
  }
  try {
    await ip(["netns", "del", entry.name]);
  } catch (err) {
    if (!isGone(err)) throw err;
  }
}

/**
 * Removes one namespace of this prefix and its veth pairs; true when it existed. Reads only the
 * namespace's own links and the host ends their names give (hostVethName), not the whole host;
 * `at`: the host ends are in that namespace (an amphora host's).
 */
export async function removeNamespace(prefix: string, name: string, at?: string): Promise<boolean> {
  if (!ownedBy(prefix, name)) throw new Error(`namespace ${JSON.stringify(name)} does not carry the prefix ${prefix}`);
  if (!(await namespaceListed(name))) return false;
  const inside = await ipJson<IpLink>(["link", "show"], name).catch((err: unknown) => {
    if (isGone(err)) return [];
    throw err;
  });
  // A link made there by hand may have a name the engine never gives (assertIfname): no host end of ours.
  const hostEndOf = (ifname: string) => {
    try {
      return [hostVethName(prefix, name, ifname)];
    } catch {
      return [];
    }
  };
  const hostEnds = await hostLinksNamed(inside.filter((l) => l.ifname !== "lo").flatMap((l) => hostEndOf(l.ifname)), at);
  const steps: Step[] = [];
  // The host ends first (see removeListedNamespace); deleting one end deletes its pair.
  if (hostEnds.length > 0) steps.push({ file: "ip", args: [...(at ? ["-n", at] : []), "-batch", "-"], input: hostEnds.map((l) => `link del ${l.ifname}\n`).join("") });
  steps.push({ file: "ip", args: ["netns", "del", name] });
  try {
    await runSteps(steps);
  } catch (err) {
    if (!isGone(err)) throw err;
  }
  return true;
}
