"use client";

import { hashKey, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Listener } from "@/components/api-types";
import { displayName } from "@/components/load-balancer-detail/routes";
import { retryOnce } from "@/components/load-balancer-detail/resource-state";
import { poolDeletionNote } from "@/components/pool-detail/pool-deletion";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { DeleteResourceDialog } from "@/components/ui/delete-resource-dialog";
import { CheckboxField } from "@/components/ui/field";
import { messageOf } from "@/components/ui/trpc-errors";
import { untilSettled } from "./until-settled";

/**
 * "Confirm Delete Listener", with the option (off by default) to delete its default pool too.
 * The pool goes after the listener: once the listener's deletion has been applied and the load
 * balancer is unlocked again. A pool other listeners also use is not offered.
 */
export function DeleteListenerDialog({ listener, onDeleted, onClose }: { listener: Listener; onDeleted?: () => void; onClose: () => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [withPool, setWithPool] = useState(false);
  const poolId = listener.default_pool_id;
  const pool = useQuery({ ...trpc.pool.get.queryOptions({ id: poolId ?? "" }, { retry: retryOnce }), enabled: Boolean(poolId) });
  const p = pool.data;
  const sharedWith = p?.listeners.filter((l) => l.id !== listener.id) ?? [];
  const offerPool = Boolean(p) && sharedWith.length === 0;
  const deletePool = withPool && offerPool;
  const name = displayName(listener);
  const poolName = p ? displayName(p) : "";
  const lbKey = hashKey(trpc.loadBalancer.get.queryKey({ id: listener.loadbalancer_id }));

  const run = async () => {
    await client.listener.delete.mutate({ id: listener.id });
    if (!deletePool || !p) return;
    try {
      const status = await untilSettled({
        read: async () => (await client.loadBalancer.get.query({ id: listener.loadbalancer_id })).provisioning_status,
        // The live status feed patches the load balancer in the cache as its events arrive.
        onChange: (wake) => queryClient.getQueryCache().subscribe((e) => e.query.queryHash === lbKey && wake()),
      });
      if (status === "ERROR") throw new Error("the load balancer went to ERROR");
      await client.pool.delete.mutate({ id: p.id });
    } catch (err) {
      throw new Error(`Listener ${name} was deleted, but its default pool ${poolName} was not: ${messageOf(err)}`);
    }
  };

  const note = !p
    ? undefined
    : sharedWith.length > 0
      ? `Its default pool ${poolName} stays: other listeners use it too.`
      : withPool
        ? `After the listener, pool ${poolName} is deleted. ${poolDeletionNote(p, [])}`
        : `Its default pool ${poolName} stays on the load balancer.`;

  return (
    <DeleteResourceDialog
      kind="Listener"
      name={name}
      note={note ?? (poolId ? undefined : "It has no default pool.")}
      successText={deletePool ? `Scheduled deletion of listener ${name} and its default pool ${poolName}` : undefined}
      run={run}
      onDeleted={() => {
        for (const queryKey of [trpc.listener.list.queryKey(), trpc.pool.list.queryKey(), trpc.quota.usage.queryKey()]) {
          void queryClient.invalidateQueries({ queryKey });
        }
        onDeleted?.();
      }}
      onClose={onClose}
    >
      {offerPool && <CheckboxField label={`Also delete its default pool ${poolName}`} checked={withPool} onChange={(e) => setWithPool(e.target.checked)} />}
    </DeleteResourceDialog>
  );
}
