"use client";

import { type QueryClient, type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/providers/trpc";
import { patchLoadBalancerPages } from "@/components/load-balancers/use-load-balancer-status-feed";
import { type DetailEvent, isStructural, patchResource, patchStatusTree, prependEvent } from "./apply-detail-event";
import { type LiveQueryKeys, rereadOnStart } from "./live-queries";
import { looksLikeId } from "./routes";

/** Patches every cached query under `key` (lists and single resources); true when a pending update settled. */
function patchAll(queryClient: QueryClient, key: QueryKey, event: DetailEvent): boolean {
  let settled = false;
  queryClient.setQueriesData({ queryKey: key }, (data: unknown) => {
    const result = patchResource(data, event);
    settled ||= result.settledUpdate;
    return result.data;
  });
  return settled;
}

/**
 * Keeps a load balancer's detail pages live from the status stream of that load balancer (SSE,
 * resumed after a reconnect from the last event id; no polling): statuses are patched in the
 * cached resources, lists and status tree; the timeline gets each event on top; a resource that
 * appears or goes, or an update that settles, makes the affected queries be read again.
 */
export function useLoadBalancerLive(loadBalancerId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lbInput = { id: loadBalancerId };
  // `satisfies`, not a type: the keys keep the data types tRPC tags them with.
  const keys = {
    resources: {
      loadbalancer: trpc.loadBalancer.get.queryKey(lbInput),
      listener: trpc.listener.pathKey(),
      pool: trpc.pool.pathKey(),
      member: trpc.member.pathKey(),
      healthmonitor: trpc.healthMonitor.pathKey(),
      l7policy: trpc.l7Policy.pathKey(),
      l7rule: trpc.l7Rule.pathKey(),
    },
    list: trpc.loadBalancer.list.queryKey(),
    tree: trpc.loadBalancer.statusTree.queryKey(lbInput),
    events: trpc.loadBalancer.events.queryKey(lbInput),
    stats: trpc.loadBalancer.stats.queryKey(lbInput),
    floatingIps: trpc.floatingIp.list.queryKey(),
  } satisfies LiveQueryKeys;
  const { loadbalancer, listener, pool } = keys.resources;
  const invalidate = (queryKey: QueryKey) => void queryClient.invalidateQueries({ queryKey });
  // A read still on its way may have been answered before this event's change committed; its
  // answer would then land over the patch and stay (no later event corrects it). Start it again,
  // after the change.
  const rereadIfFetching = (queryKey: QueryKey) => {
    if (queryClient.isFetching({ queryKey }) > 0) invalidate(queryKey);
  };

  return useSubscription(
    trpc.events.onStatus.subscriptionOptions(
      { loadbalancer_id: loadBalancerId },
      {
        // A mistyped address gets its error from the page's query, not a stream retrying forever.
        enabled: looksLikeId(loadBalancerId),
        // The stream starts "from now", at first and after each reconnect: read everything once so
        // nothing between the last reads and the stream's start is missed.
        onStarted: () => {
          for (const key of rereadOnStart(keys)) invalidate(key);
        },
        onData: ({ data: event }) => {
          queryClient.setQueryData(keys.events, (events) => prependEvent(events, event));

          const tree = patchStatusTree(queryClient.getQueryData(keys.tree), event);
          if (tree.kind === "patched") queryClient.setQueryData(keys.tree, tree.tree);
          if (tree.kind === "refetch" || (tree.kind === "patched" && tree.refetch)) invalidate(keys.tree);
          else rereadIfFetching(keys.tree);

          if (event.resource_type === "loadbalancer") {
            patchLoadBalancerPages(queryClient, keys.list, event);
            if (patchAll(queryClient, loadbalancer, event) || isStructural(event)) {
              // Settled: its fields (and the floating IP on its VIP, which locks it) may have changed.
              invalidate(loadbalancer);
              invalidate(keys.floatingIps);
            } else {
              rereadIfFetching(loadbalancer);
            }
            // Traffic counters have no events of their own: read them when the load balancer changes.
            invalidate(keys.stats);
            return;
          }
          const key = keys.resources[event.resource_type];
          const settled = patchAll(queryClient, key, event);
          if (isStructural(event)) {
            // Children lists and the parents' references ([{id}], healthmonitor_id) change.
            for (const k of [key, loadbalancer, keys.list, pool, listener]) invalidate(k);
          } else if (settled) {
            invalidate(key);
          } else {
            rereadIfFetching(key);
          }
        },
      },
    ),
  );
}
