"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { pageItems, type Pool } from "@/components/api-types";
import { displayName } from "@/components/load-balancer-detail/routes";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { poolDeletionNote } from "./pool-deletion";

/** "Confirm Delete Pool", saying what goes with it (members, health monitor) and which listeners lose it. */
export function DeletePoolDialog({ pool, onDeleted, onClose }: { pool: Pool; onDeleted?: () => void; onClose: () => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const listeners = useQuery(trpc.listener.list.queryOptions({ loadbalancer_id: pool.loadbalancer_id }, { select: pageItems }));
  const listenerNames = pool.listeners.map((ref) => {
    const l = listeners.data?.find((x) => x.id === ref.id);
    return l ? displayName(l) : ref.id.slice(0, 8);
  });
  return (
    <DeleteResourceDialog
      kind="Pool"
      name={displayName(pool)}
      note={poolDeletionNote(pool, listenerNames)}
      run={() => client.pool.delete.mutate({ id: pool.id })}
      onDeleted={() => {
        for (const queryKey of [trpc.pool.list.queryKey(), trpc.listener.pathKey(), trpc.loadBalancer.get.queryKey({ id: pool.loadbalancer_id }), trpc.quota.usage.queryKey()]) {
          void queryClient.invalidateQueries({ queryKey });
        }
        onDeleted?.();
      }}
      onClose={onClose}
    />
  );
}
