import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

// How one status event changes the cached load balancer list. Pure, so it is tested without a
// browser; the hook that feeds it lives in use-load-balancer-status-feed.ts.

export type LoadBalancerRow = inferRouterOutputs<AppRouter>["loadBalancer"]["list"][number];

/** The fields of a status event this list needs (the event carries more). */
export interface StatusEventLike {
  resource_type: string;
  resource_id: string;
  provisioning_status: string;
  operating_status: string;
}

export type ListUpdate =
  | { kind: "unchanged" }
  | { kind: "patched"; list: LoadBalancerRow[] }
  /** The event names a load balancer the cache does not hold (e.g. just created): read the list again. */
  | { kind: "refetch" };

export function applyStatusEvent(list: LoadBalancerRow[] | undefined, event: StatusEventLike): ListUpdate {
  // Nothing cached yet: the query in flight will read the current state anyway.
  if (!list) return { kind: "unchanged" };
  // A listener or pool that appears or goes changes the Listeners count (and whether a delete
  // needs cascade): read the list again. Other child events do not change the list's columns:
  // the load balancer's own status changes arrive as events of their own.
  if (event.resource_type !== "loadbalancer") {
    const structural = event.provisioning_status === "PENDING_CREATE" || event.provisioning_status === "DELETED";
    return structural && (event.resource_type === "listener" || event.resource_type === "pool") ? { kind: "refetch" } : { kind: "unchanged" };
  }
  const index = list.findIndex((lb) => lb.id === event.resource_id);
  if (event.provisioning_status === "DELETED") {
    return index === -1 ? { kind: "unchanged" } : { kind: "patched", list: list.filter((lb) => lb.id !== event.resource_id) };
  }
  if (index === -1) return { kind: "refetch" };
  const current = list[index];
  if (
    !current ||
    (current.provisioning_status === event.provisioning_status && current.operating_status === event.operating_status)
  ) {
    return { kind: "unchanged" };
  }
  const next = [...list];
  next[index] = {
    ...current,
    provisioning_status: event.provisioning_status as LoadBalancerRow["provisioning_status"],
    operating_status: event.operating_status as LoadBalancerRow["operating_status"],
  };
  return { kind: "patched", list: next };
}

/**
 * The load balancer was PENDING_UPDATE in the cache and this event settles it: its other fields
 * (name, description, the floating IP on its VIP) may have changed too, by this tab or another.
 */
export function settlesUpdate(list: LoadBalancerRow[] | undefined, event: StatusEventLike): boolean {
  if (event.resource_type !== "loadbalancer" || event.provisioning_status.startsWith("PENDING_")) return false;
  return list?.find((lb) => lb.id === event.resource_id)?.provisioning_status === "PENDING_UPDATE";
}
