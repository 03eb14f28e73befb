"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { type Listener, pageItems } from "@/components/api-types";
import { FormDialog } from "@/components/forms/form-dialog";
import { ListenerFields } from "@/components/forms/listener-fields";
import { LISTENER_FORM_FIELDS, type ListenerFormValues, listenerFormValues, listenerUpdateFromForm } from "@/components/forms/listener-form";
import { displayName } from "@/components/load-balancer-detail/routes";
import { useTRPC } from "@/components/providers/trpc";
import { schemaErrors } from "@/components/ui/form-errors";
import { useToast } from "@/components/ui/toast";
import { useForm } from "@/components/ui/use-form";
import { type ListenerProtocol, POOL_PROTOCOLS_FOR_LISTENER, type PoolProtocol } from "@/server/services/schemas/enums";
import { listenerUpdateInput } from "@/server/services/schemas/listener";

/** "Edit Listener": everything Octavia lets change, in the listener form every listener uses; protocol and port are shown locked. */
export function EditListenerDialog({ listener, onClose }: { listener: Listener; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const pools = useQuery(trpc.pool.list.queryOptions({ loadbalancer_id: listener.loadbalancer_id }, { select: pageItems }));
  const validate = useCallback((v: ListenerFormValues) => schemaErrors(listenerUpdateInput, listenerUpdateFromForm(listener.id, v)), [listener.id]);
  const form = useForm<ListenerFormValues>(() => listenerFormValues(listener), validate);
  const update = useMutation(trpc.listener.update.mutationOptions());

  const allowed = POOL_PROTOCOLS_FOR_LISTENER[listener.protocol as ListenerProtocol] ?? [];
  const poolOptions = [
    { value: "", label: "No default pool" },
    ...(pools.data ?? []).map((p) => ({
      value: p.id,
      label: `${displayName(p)} (${p.protocol})`,
      disabled: !allowed.includes(p.protocol as PoolProtocol),
    })),
  ];

  const submit = () => {
    if (!form.trySubmit()) return;
    update.mutate(listenerUpdateFromForm(listener.id, form.values), {
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.listener.get.queryKey({ id: updated.id }), updated);
        void queryClient.invalidateQueries({ queryKey: trpc.listener.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.loadBalancer.statusTree.queryKey({ id: listener.loadbalancer_id }) });
        toast.success(`Updated listener ${displayName(updated)}`);
        onClose();
      },
      onError: form.fail,
    });
  };

  return (
    <FormDialog title="Edit Listener" pending={update.isPending} alerts={form.topErrors(LISTENER_FORM_FIELDS)} onSubmit={submit} onClose={onClose}>
      <ListenerFields
        form={form}
        mode="edit"
        defaultPool={{
          options: poolOptions,
          hint: pools.isPending ? "Loading pools…" : `Pools of protocol ${allowed.join(", ") || "-"} can serve a ${listener.protocol} listener`,
        }}
      />
    </FormDialog>
  );
}
