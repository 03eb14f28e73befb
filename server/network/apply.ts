import { bridgeCommands, bridgeLinkNames, convergeBridge, type Outcome } from "./bridges";
import { hostLinks, hostLinksNamed, listNamespaces, namespaceListed, type IpLink } from "./iproute";
import { HOST_OWNED_KINDS, isHostCable, namespaceKind, ownedBy } from "./names";
import { readNamespaces, type NamespaceState } from "./namespace-state";
import { convergeNamespace, deleteHostLinks, removeListedNamespace, removeNamespace as removeOne } from "./namespaces";
import { PassLock } from "./pass-lock";
import type { BridgePlan, HostNetworkPlan, NamespacePlan } from "./plan";
import { checkBridges, checkNamespace, checkPlan } from "./plan-schema";

// The network engine's entry points. applyPlan is the reconciler's full pass over everything
// that carries the plan's prefix; ensureNamespace, ensureBridge and removeNamespace are the
// incremental path, so that one load balancer made or deleted does not pay for the whole host.
// Nothing without the prefix is ever read into a decision or touched.

export interface ApplyReport {
  created: number;
  changed: number;
  removed: number;
  /** Namespaces and bridges already as planned. */
  unchanged: number;
  ms: number;
}

/**
 * A full pass that could not make some namespaces: it went on with the others (one broken
 * namespace does not hold the host back) and says which failed, and why, with its report.
 */
export class ApplyError extends Error {
  constructor(
    readonly report: ApplyReport,
    readonly failures: { namespace: string; error: Error }[],
  ) {
    super(`the network plan was applied but for ${failures.length} namespace(s): ${failures.map((f) => `${f.namespace}: ${f.error.message}`).join("; ")}`);
    this.name = "ApplyError";
  }
}

function tally() {
  const report: ApplyReport = { created: 0, changed: 0, removed: 0, unchanged: 0, ms: 0 };
  const started = performance.now();
  return {
    report,
    count(outcome: Outcome) {
      report[outcome]++;
    },
    done(): ApplyReport {
      report.ms = Math.round(performance.now() - started);
      return report;
    },
  };
}

/**
 * A full pass (or a bridge's change) runs alone in this process: it never interleaves its reads
 * and writes with another change (one would act on what the other was halfway through). Changes
 * to distinct namespaces run side by side, each reading only its own links.
 */
const lock = new PassLock();
/** Bridges being made or corrected by a change to one namespace: two such changes never both make one. */
const bridgeChanges = new Map<string, Promise<unknown>>();

const byName = (links: IpLink[]) => new Map(links.map((l) => [l.ifname, l]));

/**
 * Converges the host to the plan: bridges, then namespaces, then every namespace and host link
 * with the prefix that the plan does not hold is removed. State is read in bulk and only the
 * differences are acted on, so a pass over a host already as planned runs no `ip` change at all.
 */
export async function applyPlan(plan: HostNetworkPlan): Promise<ApplyReport> {
  return lock.exclusive(() => fullPass(plan));
}

async function fullPass(plan: HostNetworkPlan): Promise<ApplyReport> {
  const t = tally();
  const checked = checkPlan(plan);
  const { prefix } = checked;
  const [links, namespaces] = await Promise.all([hostLinks(), listNamespaces()]);
  const host = byName(links);

  for (const bridge of checked.bridges) t.count(await convergeBridge(bridge, host));

  const wanted = new Set(checked.namespaces.map((n) => n.name));
  // An amphora host's namespace and its amphorae are its runner's and its agent's, not this pass's.
  const hostOwned = (name: string) => HOST_OWNED_KINDS.includes(namespaceKind(prefix, name)!);
  for (const ns of namespaces) {
    if (!ownedBy(prefix, ns.name) || wanted.has(ns.name) || hostOwned(ns.name)) continue;
    await removeListedNamespace(prefix, ns, links);
    t.report.removed++;
  }

  const existing = new Set(namespaces.map((n) => n.name));
  const states = await readNamespaces(checked.namespaces.map((n) => n.name).filter((n) => existing.has(n)));
  const failures: { namespace: string; error: Error }[] = [];
  for (const ns of checked.namespaces) {
    try {
      t.count(await convergeOrRollBack(prefix, ns, states.get(ns.name), host));
    } catch (err) {
      failures.push({ namespace: ns.name, error: err as Error });
    }
  }

  // Host links of the prefix that nothing planned uses: veth ends first, then bridges.
  const keep = new Set([...checked.bridges.flatMap(bridgeLinkNames), ...checked.namespaces.flatMap((n) => n.ports.map((p) => p.hostIfname))]);
  const orphans = links.filter((l) => ownedBy(prefix, l.ifname) && !keep.has(l.ifname) && !isHostCable(prefix, l.ifname));
  const isBridge = (l: IpLink) => l.linkinfo?.info_kind === "bridge";
  t.report.removed += await deleteHostLinks([...orphans.filter((l) => !isBridge(l)), ...orphans.filter(isBridge)].map((l) => l.ifname));
  const report = t.done();
  if (failures.length > 0) throw new ApplyError(report, failures);
  return report;
}

/**
 * Makes the namespace as planned; when it did not exist (`state` undefined) and making it fails,
 * everything made for it is removed again before the error is thrown: no half-made namespace,
 * no dangling veth end. One that existed keeps what was corrected; the next pass retries.
 */
async function convergeOrRollBack(prefix: string, ns: NamespacePlan, state: NamespaceState | undefined, host: Map<string, IpLink>, at?: string) {
  try {
    return await convergeNamespace(ns, state, host, at);
  } catch (err) {
    if (state === undefined) {
      await removeOne(prefix, ns.name, at);
      await deleteHostLinks(ns.ports.map((p) => p.hostIfname), at);
    }
    throw err;
  }
}

/** Makes one bridge as planned (missing: created; differing: corrected). */
export async function ensureBridge(prefix: string, bridge: BridgePlan): Promise<ApplyReport> {
  const [checked] = checkBridges(prefix, [bridge]);
  return lock.exclusive(async () => {
    const t = tally();
    t.count(await convergeBridge(checked!, byName(await hostLinksNamed(bridgeLinkNames(checked!)))));
    return t.done();
  });
}

/**
 * Makes one namespace as planned, and the bridges its ports use (`bridges` may hold more). A
 * namespace that did not exist and could not be finished is removed again (convergeOrRollBack).
 * `at`: the bridges and the ports' other ends are in that namespace (an amphora host's), not
 * the host's own.
 */
export async function ensureNamespace(prefix: string, namespace: NamespacePlan, bridges: BridgePlan[], at?: string): Promise<ApplyReport> {
  const checkedBridges = checkBridges(prefix, bridges);
  const ns = checkNamespace(prefix, namespace, checkedBridges);
  return lock.shared(() => makeOne(prefix, ns, checkedBridges, at));
}

/**
 * Makes a bridge a namespace's port needs when it is missing or differs, one change per bridge
 * at a time: another namespace's change may be making the same bridge just now, so what the
 * host has is read again once it is done.
 */
async function convergeSharedBridge(bridge: BridgePlan, links: Map<string, IpLink>, at: string | undefined): Promise<Outcome> {
  if (bridgeCommands(bridge, links).outcome === "unchanged") return "unchanged";
  const key = `${at ?? ""}/${bridge.name}`;
  const before = bridgeChanges.get(key) ?? Promise.resolve();
  const run = before.then(async () => convergeBridge(bridge, byName(await hostLinksNamed(bridgeLinkNames(bridge), at)), at));
  const tracked = run.catch(() => undefined);
  bridgeChanges.set(key, tracked);
  void tracked.finally(() => bridgeChanges.get(key) === tracked && bridgeChanges.delete(key));
  return run;
}

async function makeOne(prefix: string, ns: NamespacePlan, checkedBridges: BridgePlan[], at: string | undefined): Promise<ApplyReport> {
  const t = tally();
  const used = new Set(ns.ports.map((p) => p.bridge));
  const bridges = checkedBridges.filter((b) => used.has(b.name));
  // Only what this namespace touches is read: its bridges, its ports' host ends, itself.
  const existed = await namespaceListed(ns.name);
  const [links, states] = await Promise.all([
    hostLinksNamed([...bridges.flatMap(bridgeLinkNames), ...ns.ports.map((p) => p.hostIfname)], at),
    existed ? readNamespaces([ns.name]) : undefined,
  ]);
  const host = byName(links);
  for (const bridge of bridges) t.count(await convergeSharedBridge(bridge, host, at));

  t.count(await convergeOrRollBack(prefix, ns, states?.get(ns.name), host, at));
  return t.done();
}

/** Removes one namespace of this prefix and its veth pairs; true when it existed. `at`: as ensureNamespace's. */
export async function removeNamespace(prefix: string, name: string, at?: string): Promise<boolean> {
  return lock.shared(() => removeOne(prefix, name, at));
}
