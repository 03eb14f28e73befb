"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Listener, Pool } from "@/components/api-types";
import { FormDialog } from "@/components/forms/form-dialog";
import { type ListenerChoice, PoolFields } from "@/components/forms/pool-fields";
import {
  newPoolValues,
  persistenceErrors,
  POOL_FORM_FIELDS,
  poolCreateFromForm,
  poolFormErrors,
  type PoolFormValues,
  poolFormValues,
  poolUpdateFromForm,
} from "@/components/forms/pool-form";
import { displayName } from "@/components/load-balancer-detail/routes";
import { useTRPC } from "@/components/providers/trpc";
import { schemaErrors } from "@/components/ui/form-errors";
import { useToast } from "@/components/ui/toast";
import { useForm } from "@/components/ui/use-form";
import { type ListenerProtocol, UNSUPPORTED_LISTENER_PROTOCOLS } from "@/server/services/schemas/enums";
import { poolCreateInput, poolUpdateInput } from "@/server/services/schemas/pool";

/** The listeners a new pool may become the default pool of: those without one, of a protocol this provider serves. */
export function listenerChoices(listeners: readonly Listener[]): ListenerChoice[] {
  return listeners
    .filter((l) => !l.default_pool_id && !UNSUPPORTED_LISTENER_PROTOCOLS[l.protocol as ListenerProtocol])
    .map((l) => ({ id: l.id, label: `${displayName(l)} (${l.protocol}:${l.protocol_port})`, protocol: l.protocol as ListenerProtocol }));
}

/**
 * "Create Pool" on a load balancer (optionally as a listener's default pool), or "Edit Pool"
 * (name, description, algorithm, persistence, admin state): the pool form every pool uses.
 */
export function PoolDialog({
  loadBalancerId,
  pool,
  listeners = [],
  onClose,
}: {
  loadBalancerId: string;
  /** The pool to edit; none to create one. */
  pool?: Pool;
  /** Create: the load balancer's listeners (those without a default pool are offered). */
  listeners?: readonly Listener[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const validate = useCallback(
    (v: PoolFormValues) =>
      poolFormErrors({
        ...persistenceErrors(v),
        ...(pool ? schemaErrors(poolUpdateInput, poolUpdateFromForm(pool.id, v)) : schemaErrors(poolCreateInput, poolCreateFromForm(loadBalancerId, v))),
      }),
    [pool, loadBalancerId],
  );
  const form = useForm<PoolFormValues>(() => (pool ? poolFormValues(pool) : newPoolValues()), validate);
  const create = useMutation(trpc.pool.create.mutationOptions());
  const update = useMutation(trpc.pool.update.mutationOptions());
  const pending = create.isPending || update.isPending;

  const done = (saved: Pool, verb: string) => {
    queryClient.setQueryData(trpc.pool.get.queryKey({ id: saved.id }), saved);
    for (const queryKey of [
      trpc.pool.list.queryKey(),
      trpc.listener.pathKey(),
      trpc.loadBalancer.get.queryKey({ id: loadBalancerId }),
      trpc.loadBalancer.statusTree.queryKey({ id: loadBalancerId }),
      trpc.quota.usage.queryKey(),
    ]) {
      void queryClient.invalidateQueries({ queryKey });
    }
    toast.success(`${verb} pool ${displayName(saved)}`);
    onClose();
  };

  const submit = () => {
    if (!form.trySubmit()) return;
    // Valid by now: parsing gives the input its exact types.
    if (pool) {
      const input = poolUpdateInput.safeParse(poolUpdateFromForm(pool.id, form.values));
      if (input.success) update.mutate(input.data, { onSuccess: (saved) => done(saved, "Updated"), onError: form.fail });
    } else {
      const input = poolCreateInput.safeParse(poolCreateFromForm(loadBalancerId, form.values));
      if (input.success) create.mutate(input.data, { onSuccess: (saved) => done(saved, "Created"), onError: form.fail });
    }
  };

  return (
    <FormDialog
      title={pool ? "Edit Pool" : "Create Pool"}
      pending={pending}
      submitLabel={pool ? "Save Changes" : "Create Pool"}
      alerts={form.topErrors(POOL_FORM_FIELDS)}
      onSubmit={submit}
      onClose={onClose}
    >
      <PoolFields
        form={form}
        protocol={pool ? { choose: false, hint: "Cannot be changed after creation" } : { choose: true, listeners: listenerChoices(listeners) }}
      />
    </FormDialog>
  );
}
