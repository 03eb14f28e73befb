"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";

/**
 * After a floating IP is allocated, associated, disassociated or released: the list is read
 * again, and so is the project's usage, which the Allocate button follows at the quota.
 */
export function useRefreshFloatingIps() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.floatingIp.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.quota.usage.queryKey() }),
    ]);
}
