"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { type Listener, pageItems } from "@/components/api-types";
import { displayName } from "@/components/load-balancer-detail/routes";
import { useTRPC } from "@/components/providers/trpc";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { schemaErrors } from "@/components/ui/form-errors";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { useForm } from "@/components/ui/use-form";
import { INSERT_HEADER_KEYS, type ListenerProtocol, POOL_PROTOCOLS_FOR_LISTENER, type PoolProtocol } from "@/server/services/schemas/enums";
import { listenerUpdateInput } from "@/server/services/schemas/listener";
import {
  LISTENER_FORM_FIELDS,
  type ListenerFormValues,
  listenerFormValues,
  listenerUpdateFromForm,
  supportsInsertHeaders,
} from "./listener-form";

/** "Edit Listener": everything Octavia lets change; protocol and port are shown locked. */
export function EditListenerDialog({ listener, onClose }: { listener: Listener; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const pools = useQuery(trpc.pool.list.queryOptions({ loadbalancer_id: listener.loadbalancer_id }, { select: pageItems }));
  const validate = useCallback(
    (v: ListenerFormValues) => schemaErrors(listenerUpdateInput, listenerUpdateFromForm(listener.id, listener.protocol, v)),
    [listener.id, listener.protocol],
  );
  const form = useForm<ListenerFormValues>(() => listenerFormValues(listener), validate);
  const update = useMutation(trpc.listener.update.mutationOptions());
  const { values, set, errorOf } = form;

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
    update.mutate(listenerUpdateFromForm(listener.id, listener.protocol, values), {
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

  const number = (key: keyof ListenerFormValues & string, label: string, hint?: string) => (
    <TextField
      label={label}
      inputMode="numeric"
      value={values[key] as string}
      onChange={(e) => set(key, e.target.value)}
      error={errorOf(key)}
      hint={hint}
    />
  );

  return (
    <FormModal
      title="Edit Listener"
      size="lg"
      pending={update.isPending}
      alerts={form.topErrors(LISTENER_FORM_FIELDS)}
      onSubmit={submit}
      onClose={onClose}
    >
      <fieldset disabled={update.isPending} className="grid min-w-0 grid-cols-2 gap-x-4 gap-y-3">
        <TextField label="Name" value={values.name} onChange={(e) => set("name", e.target.value)} error={errorOf("name")} />
        <TextField
          label="Description"
          value={values.description}
          onChange={(e) => set("description", e.target.value)}
          error={errorOf("description")}
        />
        <TextField label="Protocol" value={listener.protocol} disabled readOnly hint="Cannot be changed after creation" />
        <TextField label="Port" value={String(listener.protocol_port)} disabled readOnly hint="Cannot be changed after creation" />
        {number("connection_limit", "Connection Limit", "-1 or empty for unlimited")}
        <SelectField
          label="Default Pool"
          value={values.default_pool_id}
          onChange={(e) => set("default_pool_id", e.target.value)}
          options={poolOptions}
          error={errorOf("default_pool_id")}
          hint={pools.isPending ? "Loading pools…" : `Pools of protocol ${allowed.join(", ") || "-"} can serve a ${listener.protocol} listener`}
        />
        {number("timeout_client_data", "Client Data Timeout (ms)", "Empty for the default, 50000")}
        {number("timeout_member_connect", "Member Connect Timeout (ms)", "Empty for the default, 5000")}
        {number("timeout_member_data", "Member Data Timeout (ms)", "Empty for the default, 50000")}
        {number("timeout_tcp_inspect", "TCP Inspect Timeout (ms)", "Empty for the default, 0")}
        <TextField
          label="Allowed CIDRs"
          value={values.allowed_cidrs}
          onChange={(e) => set("allowed_cidrs", e.target.value)}
          error={errorOf("allowed_cidrs")}
          hint="Comma-separated, e.g. 127.0.0.0/8; empty allows everyone"
        />
        <div className="space-y-1">
          <CheckboxField label="Admin State Up" checked={values.admin_state_up} onChange={(e) => set("admin_state_up", e.target.checked)} />
        </div>
        {supportsInsertHeaders(listener.protocol) && (
          <fieldset className="col-span-2 space-y-1">
            <legend className="text-xs font-semibold text-neutral-700">Insert Headers</legend>
            <div className="flex flex-wrap gap-4">
              {INSERT_HEADER_KEYS.map((key) => (
                <CheckboxField
                  key={key}
                  label={key}
                  checked={values.insert_headers.includes(key)}
                  onChange={(e) =>
                    set("insert_headers", e.target.checked ? [...values.insert_headers, key] : values.insert_headers.filter((k) => k !== key))
                  }
                />
              ))}
            </div>
            {errorOf("insert_headers") && (
              <p role="alert" className="text-xs text-red-700">
                {errorOf("insert_headers")}
              </p>
            )}
          </fieldset>
        )}
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
