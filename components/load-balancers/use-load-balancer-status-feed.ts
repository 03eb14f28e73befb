"use client";

import { type QueryClient, type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/providers/trpc";
import type { LoadBalancerListInput } from "@/server/services/schemas/loadBalancer";
import { applyStatusEvent, type LoadBalancerPage, type StatusEventLike, settlesUpdate } from "./apply-status-event";
import { orderDependsOnStatus } from "./list-query";

/** The input a cached list query was asked with (tRPC keys are [path, { input, type }]). */
function inputOf(key: QueryKey): LoadBalancerListInput {
  return (key[1] as { input?: LoadBalancerListInput } | undefined)?.input;
}

/**
 * Applies a status event to every cached page of the load balancer list (each page a query of
 * its own, keyed by its input): rows patched in place; a page that may hold other rows now is
 * read again (at once if on screen, when next shown otherwise). True when the event settled a
 * pending update of a listed load balancer.
 */
export function patchLoadBalancerPages(queryClient: QueryClient, listKey: QueryKey, event: StatusEventLike): boolean {
  let settledAny = false;
  for (const [key, page] of queryClient.getQueriesData<LoadBalancerPage>({ queryKey: listKey })) {
    const settled = settlesUpdate(page, event);
    settledAny ||= settled;
    const update = applyStatusEvent(page, event, { statusOrdered: orderDependsOnStatus(inputOf(key)) });
    if (update.kind === "patched") queryClient.setQueryData(key, update.page);
    // A read of the page still on its way may have been answered before this change committed
    // (a new load balancer's page read, then its ACTIVE): its answer would land over the change
    // and stay. Read it again, after the change.
    const racing = event.resource_type === "loadbalancer" && queryClient.isFetching({ queryKey: key, exact: true }) > 0;
    const stale = update.kind === "refetch" || (update.kind === "patched" && update.refetch) || settled || racing;
    if (stale) void queryClient.invalidateQueries({ queryKey: key, exact: true });
  }
  return settledAny;
}

/**
 * Keeps the cached load balancer list live from the status event stream (SSE): statuses are
 * patched in place; a load balancer created, a listener or pool that appears or goes, or an
 * update that settles makes the page be read again. The link resumes after a reconnect from the
 * last event id, so nothing is missed and nothing polls.
 */
export function useLoadBalancerStatusFeed() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.loadBalancer.list.queryKey();
  const fipKey = trpc.floatingIp.list.queryKey();

  return useSubscription(
    trpc.events.onStatus.subscriptionOptions(undefined, {
      // A first connection starts "from now": re-read the pages once so a change that landed
      // between their read and the stream's start is not lost.
      onStarted: () => {
        void queryClient.invalidateQueries({ queryKey: listKey });
      },
      onData: ({ data: event }) => {
        // An association locks the load balancer: when it settles, the Floating IP column may differ.
        if (patchLoadBalancerPages(queryClient, listKey, event)) void queryClient.invalidateQueries({ queryKey: fipKey, exact: true });
      },
    }),
  );
}
