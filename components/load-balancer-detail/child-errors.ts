import type { StatusEvent, StatusTree } from "@/components/api-types";
import { namesFromTree, resourceTypeLabel } from "./timeline-model";

// The children of a load balancer whose change failed (provisioning ERROR: HAProxy refused it,
// and it is left out of the running config until changed or deleted), each with the reason of
// the event that put it there. The load balancer's own reason comes with it (status_reason).

type EventLike = Pick<StatusEvent, "id" | "resource_id" | "provisioning_status" | "reason">;

export interface ChildError {
  id: string;
  /** "Listener", "Pool", "Member", "Health monitor". */
  kind: string;
  name: string;
  reason: string | null;
}

/** Every node under the load balancer with its type: listeners, their pools, monitors and members. */
function children(tree: StatusTree) {
  const nodes: { resourceType: string; id: string; provisioning_status: string }[] = [];
  const node = (resourceType: string, r: { id: string; provisioning_status: string }) => ({ resourceType, id: r.id, provisioning_status: r.provisioning_status });
  for (const l of tree.loadbalancer.listeners) {
    nodes.push(node("listener", l));
    for (const p of l.pools) {
      nodes.push(node("pool", p));
      if (p.health_monitor) nodes.push(node("healthmonitor", p.health_monitor));
      for (const m of p.members) nodes.push(node("member", m));
    }
  }
  return nodes;
}

/** The reason of the newest event of the resource's current ERROR that gave one. */
function reasonOf(id: string, newestFirst: readonly EventLike[]): string | null {
  for (const e of newestFirst) {
    if (e.resource_id !== id) continue;
    if (e.provisioning_status !== "ERROR") return null;
    if (e.reason) return e.reason;
  }
  return null;
}

export function childErrors(tree: StatusTree | undefined, events: readonly EventLike[] | undefined): ChildError[] {
  if (!tree) return [];
  const names = namesFromTree(tree);
  const newestFirst = [...(events ?? [])].sort((a, b) => b.id - a.id);
  // By id: a pool that is the default pool of two listeners is in the tree twice.
  const failed = new Map(children(tree).filter((n) => n.provisioning_status === "ERROR").map((n) => [n.id, n.resourceType]));
  return [...failed].map(([id, type]) => ({ id, kind: resourceTypeLabel(type), name: names.get(id) || id.slice(0, 8), reason: reasonOf(id, newestFirst) }));
}
