import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";
import { nextStatusReason } from "./status-reason";
import { isPending } from "@/db/schema/statuses";

// How one status event changes one cached page of the load balancer list. Pure, so it is tested
// without a browser; the hook that feeds it every cached page lives in use-load-balancer-status-feed.ts.

export type LoadBalancerPage = inferRouterOutputs<AppRouter>["loadBalancer"]["list"];
export type LoadBalancerRow = LoadBalancerPage["items"][number];

/** The fields of a status event this list needs (the event carries more). */
export interface StatusEventLike {
  resource_type: string;
  resource_id: string;
  loadbalancer_id: string;
  provisioning_status: string;
  operating_status: string;
  reason: string | null;
}

export type PageUpdate =
  | { kind: "unchanged" }
  /** The rows patched in place; `refetch` when the server must also say what the page holds now. */
  | { kind: "patched"; page: LoadBalancerPage; refetch: boolean }
  /** The page may hold other rows now (a load balancer was created, a child came or went): read it again. */
  | { kind: "refetch" };

export interface PageOptions {
  /** The page is sorted or searched by status: a status change can move rows in, out or around. */
  statusOrdered?: boolean;
}

export function applyStatusEvent(page: LoadBalancerPage | undefined, event: StatusEventLike, options: PageOptions = {}): PageUpdate {
  // Nothing cached yet: the query in flight will read the current state anyway.
  if (!page) return { kind: "unchanged" };
  const onPage = (id: string) => page.items.some((lb) => lb.id === id);
  // A listener or pool that appears or goes changes its load balancer's Listeners count (and
  // whether a delete needs cascade). Other child events do not change the list's columns: the
  // load balancer's own status changes arrive as events of their own.
  if (event.resource_type !== "loadbalancer") {
    const structural = event.provisioning_status === "PENDING_CREATE" || event.provisioning_status === "DELETED";
    const counted = event.resource_type === "listener" || event.resource_type === "pool";
    return structural && counted && onPage(event.loadbalancer_id) ? { kind: "refetch" } : { kind: "unchanged" };
  }
  const index = page.items.findIndex((lb) => lb.id === event.resource_id);
  if (index === -1) {
    // Most load balancers are on other pages. A new one may belong on this one, and under a
    // status sort or search any change may bring one here.
    return event.provisioning_status === "PENDING_CREATE" || options.statusOrdered ? { kind: "refetch" } : { kind: "unchanged" };
  }
  if (event.provisioning_status === "DELETED") {
    // Gone at once; the page then fills up again from the next one.
    return { kind: "patched", page: { ...page, items: page.items.filter((lb) => lb.id !== event.resource_id) }, refetch: true };
  }
  const current = page.items[index];
  if (!current || (current.provisioning_status === event.provisioning_status && current.operating_status === event.operating_status)) {
    return { kind: "unchanged" };
  }
  const items = [...page.items];
  items[index] = {
    ...current,
    provisioning_status: event.provisioning_status as LoadBalancerRow["provisioning_status"],
    operating_status: event.operating_status as LoadBalancerRow["operating_status"],
    status_reason: nextStatusReason(current, event),
  };
  return { kind: "patched", page: { ...page, items }, refetch: options.statusOrdered === true };
}

/**
 * The load balancer was PENDING_UPDATE in the cache and this event settles it: its other fields
 * (name, description, the floating IP on its VIP) may have changed too, by this tab or another.
 */
export function settlesUpdate(page: LoadBalancerPage | undefined, event: StatusEventLike): boolean {
  if (event.resource_type !== "loadbalancer" || isPending(event.provisioning_status)) return false;
  return page?.items.find((lb) => lb.id === event.resource_id)?.provisioning_status === "PENDING_UPDATE";
}
