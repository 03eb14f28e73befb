"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";

/**
 * After any router change: the list and every router's page are read again (an interface or a
 * gateway changes both), and so are the ports (a router's interfaces and gateway are ports) and
 * the project's usage (routers have a quota).
 */
export function useRefreshRouters() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [trpc.routers.pathKey(), trpc.port.list.queryKey(), trpc.quota.usage.queryKey()].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
}
