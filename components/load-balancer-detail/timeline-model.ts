import type { StatusEvent, StatusTree } from "@/components/api-types";

// The timeline of a load balancer's status events: each entry says what changed from that
// resource's previous event, and names the resource the way the pages do.

type EventLike = Pick<StatusEvent, "id" | "resource_type" | "resource_id" | "provisioning_status" | "operating_status" | "reason" | "created_at">;

export interface TimelineEntry {
  id: number;
  at: string;
  resourceType: string;
  resourceId: string;
  resourceName: string;
  provisioning: { from: string | null; to: string };
  operating: { from: string | null; to: string };
  reason: string | null;
  /** A later event of the same resource exists: what this one says is no longer under way. */
  superseded: boolean;
}

const TYPE_LABEL: Record<string, string> = {
  loadbalancer: "Load balancer",
  listener: "Listener",
  pool: "Pool",
  member: "Member",
  healthmonitor: "Health monitor",
  l7policy: "L7 policy",
  l7rule: "L7 rule",
};

export const resourceTypeLabel = (type: string) => TYPE_LABEL[type] ?? type;

/** Id -> name for every node of the status tree (members without a name by address:port). */
export function namesFromTree(tree: StatusTree | undefined): Map<string, string> {
  const names = new Map<string, string>();
  if (!tree) return names;
  const lb = tree.loadbalancer;
  names.set(lb.id, lb.name);
  for (const l of lb.listeners) {
    names.set(l.id, l.name);
    for (const p of l.pools) {
      names.set(p.id, p.name);
      if (p.health_monitor) names.set(p.health_monitor.id, p.health_monitor.name || p.health_monitor.type);
      for (const m of p.members) names.set(m.id, m.name || `${m.address}:${m.protocol_port}`);
    }
  }
  return names;
}

/** Events (newest first, as the API and the stream give them) -> entries, newest first. */
export function timelineEntries(events: readonly EventLike[], names: ReadonlyMap<string, string>): TimelineEntry[] {
  const last = new Map<string, { provisioning: string; operating: string }>();
  const oldestFirst = [...events].sort((a, b) => a.id - b.id);
  const newestOf = new Map(oldestFirst.map((e) => [e.resource_id, e.id]));
  const entries = oldestFirst.map((e): TimelineEntry => {
    const before = last.get(e.resource_id) ?? null;
    last.set(e.resource_id, { provisioning: e.provisioning_status, operating: e.operating_status });
    return {
      id: e.id,
      at: e.created_at,
      resourceType: e.resource_type,
      resourceId: e.resource_id,
      resourceName: names.get(e.resource_id) || e.resource_id.slice(0, 8),
      provisioning: { from: before?.provisioning ?? null, to: e.provisioning_status },
      operating: { from: before?.operating ?? null, to: e.operating_status },
      reason: e.reason,
      superseded: newestOf.get(e.resource_id) !== e.id,
    };
  });
  return entries.reverse();
}
