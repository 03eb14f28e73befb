import type { StatusEvent, StatusTree } from "@/components/api-types";
import { hasStatusReason, nextStatusReason } from "@/components/load-balancers/status-reason";
import { isPending } from "@/db/schema/statuses";

// How one status event changes what a detail page holds: a resource or a list of them, the
// status tree, the timeline. Pure, so it is tested without a browser; the hook that feeds it is
// use-load-balancer-live.ts.

export type DetailEvent = Pick<
  StatusEvent,
  "id" | "resource_type" | "resource_id" | "loadbalancer_id" | "provisioning_status" | "operating_status" | "reason" | "created_at"
>;

interface WithStatus {
  id: string;
  provisioning_status: string;
  operating_status: string;
}

/** A resource appears (PENDING_CREATE) or goes (DELETED): lists and parents' child lists change. */
export function isStructural(event: Pick<DetailEvent, "provisioning_status">): boolean {
  return event.provisioning_status === "PENDING_CREATE" || event.provisioning_status === "DELETED";
}

export interface PatchResult<T> {
  data: T;
  /** The cached copy was PENDING_UPDATE and is now settled: its other fields may have changed too. */
  settledUpdate: boolean;
}

function patchOne<T extends WithStatus>(row: T, event: DetailEvent): { row: T; settledUpdate: boolean } {
  if (row.id !== event.resource_id) return { row, settledUpdate: false };
  if (row.provisioning_status === event.provisioning_status && row.operating_status === event.operating_status) {
    return { row, settledUpdate: false };
  }
  return {
    row: {
      ...row,
      provisioning_status: event.provisioning_status,
      operating_status: event.operating_status,
      ...(hasStatusReason(row) && { status_reason: nextStatusReason(row, event) }),
    },
    settledUpdate: row.provisioning_status === "PENDING_UPDATE" && !isPending(event.provisioning_status),
  };
}

/** Patches the statuses of the resource the event names, in one cached resource, a list or a page of one. */
export function patchResource<T>(data: T, event: DetailEvent): PatchResult<T> {
  if (isPage(data)) {
    const items = patchResource(data.items, event);
    return { data: (items.data === data.items ? data : { ...data, items: items.data }) as T, settledUpdate: items.settledUpdate };
  }
  if (Array.isArray(data)) {
    let settledUpdate = false;
    let changed = false;
    const next = data.map((item: unknown) => {
      if (!isWithStatus(item)) return item;
      const patched = patchOne(item, event);
      changed ||= patched.row !== item;
      settledUpdate ||= patched.settledUpdate;
      return patched.row;
    });
    return { data: (changed ? next : data) as T, settledUpdate };
  }
  if (isWithStatus(data)) {
    const patched = patchOne(data, event);
    return { data: patched.row as T, settledUpdate: patched.settledUpdate };
  }
  return { data, settledUpdate: false };
}

/** A list procedure's answer: { items, next_marker, previous_marker }. */
function isPage(value: unknown): value is { items: unknown[] } {
  return typeof value === "object" && value !== null && Array.isArray((value as { items?: unknown }).items);
}

function isWithStatus(value: unknown): value is WithStatus {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as WithStatus).id === "string" &&
    typeof (value as WithStatus).provisioning_status === "string" &&
    typeof (value as WithStatus).operating_status === "string"
  );
}

export type TreeUpdate = { kind: "unchanged" } | { kind: "patched"; tree: StatusTree; refetch: boolean } | { kind: "refetch" };

/** The tree with `patch` applied to every node (load balancer, listeners, pools, monitors, members). */
function mapTree(tree: StatusTree, patch: <T extends WithStatus>(node: T) => T): StatusTree {
  const lb = tree.loadbalancer;
  return {
    loadbalancer: {
      ...patch(lb),
      listeners: lb.listeners.map((l) => ({
        ...patch(l),
        pools: l.pools.map((p) => ({
          ...patch(p),
          health_monitor: p.health_monitor ? patch(p.health_monitor) : null,
          members: p.members.map(patch),
        })),
      })),
    },
  };
}

/** The tree of a load balancer that was deleted: every node DELETED and OFFLINE, as their last events say. */
export function deletedTree(tree: StatusTree): StatusTree {
  return mapTree(tree, (node) => ({ ...node, provisioning_status: "DELETED", operating_status: "OFFLINE" }));
}

/**
 * The status tree after an event: statuses patched in place. A node that appears makes it be read
 * again; so does one that goes (patched DELETED meanwhile) and a pending update that settles (a
 * rename changes the names the tree shows). When the load balancer itself goes, every node goes
 * with it: there is nothing left to read again.
 */
export function patchStatusTree(tree: StatusTree | undefined, event: DetailEvent): TreeUpdate {
  if (!tree) return { kind: "unchanged" };
  if (event.provisioning_status === "PENDING_CREATE") return { kind: "refetch" };
  if (event.resource_type === "loadbalancer" && event.provisioning_status === "DELETED" && event.resource_id === tree.loadbalancer.id) {
    return { kind: "patched", tree: deletedTree(tree), refetch: false };
  }
  let found = false;
  let settledUpdate = false;
  const next = mapTree(tree, (node) => {
    if (node.id !== event.resource_id) return node;
    found = true;
    const patched = patchOne(node, event);
    settledUpdate ||= patched.settledUpdate;
    return patched.row;
  });
  // Not in the tree: a pool that is no listener's default pool (and its members and monitor).
  if (!found) return { kind: "unchanged" };
  return { kind: "patched", tree: next, refetch: settledUpdate || event.provisioning_status === "DELETED" };
}

/** The timeline (newest first) with a live event on top; a repeat (same id) is ignored. */
export function prependEvent<E extends { id: number }>(events: E[] | undefined, event: E, limit = 200): E[] | undefined {
  if (!events) return events;
  if (events.some((e) => e.id === event.id)) return events;
  return [event, ...events].slice(0, limit);
}
