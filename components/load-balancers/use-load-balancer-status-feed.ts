"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/providers/trpc";
import { applyStatusEvent, settlesUpdate } from "./apply-status-event";

/**
 * Keeps the cached load balancer list live from the status event stream (SSE): statuses are
 * patched in place; a load balancer the cache has not seen, a listener or pool that appears or
 * goes, or an update that settles makes the list be read again. The link resumes after a
 * reconnect from the last event id, so nothing is missed and nothing polls.
 */
export function useLoadBalancerStatusFeed() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.loadBalancer.list.queryKey();
  const fipKey = trpc.floatingIp.list.queryKey();

  return useSubscription(
    trpc.events.onStatus.subscriptionOptions(undefined, {
      // A first connection starts "from now": re-read the list once so a change that landed
      // between the list's read and the stream's start is not lost.
      onStarted: () => {
        void queryClient.invalidateQueries({ queryKey: listKey, exact: true });
      },
      onData: ({ data: event }) => {
        const cached = queryClient.getQueryData(listKey);
        const settled = settlesUpdate(cached, event);
        const update = applyStatusEvent(cached, event);
        if (update.kind === "patched") queryClient.setQueryData(listKey, update.list);
        if (update.kind === "refetch" || settled) void queryClient.invalidateQueries({ queryKey: listKey, exact: true });
        // An association locks the load balancer: when it settles, the Floating IP column may differ.
        if (settled) void queryClient.invalidateQueries({ queryKey: fipKey, exact: true });
      },
    }),
  );
}
