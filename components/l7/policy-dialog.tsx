"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Listener } from "@/components/api-types";
import { pageItems } from "@/components/api-types";
import { displayName } from "@/components/load-balancer-detail/routes";
import { useTRPC } from "@/components/providers/trpc";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { useForm } from "@/components/ui/use-form";
import type { ListenerProtocol } from "@/server/services/schemas/enums";
import type { L7PolicyAction } from "@/server/services/schemas/l7";
import { ACTION_OPTIONS, compatiblePools, HTTP_CODE_OPTIONS, policyErrors, policyInput, type PolicyValues, policyValues, takesHttpCode } from "./policy-form";
import type { L7Policy } from "./types";

/** The text target of the two redirect actions. */
const URL_TARGETS: Partial<Record<L7PolicyAction, { field: "redirect_url" | "redirect_prefix"; label: string; hint: string }>> = {
  REDIRECT_TO_URL: { field: "redirect_url", label: "Redirect URL", hint: "The whole Location, e.g. https://www.example.com/" },
  REDIRECT_PREFIX: { field: "redirect_prefix", label: "Redirect Prefix", hint: "Put before the request's path, e.g. https://www.example.com" },
};

const FIELDS = ["name", "description", "action", "redirect_pool_id", "redirect_url", "redirect_prefix", "redirect_http_code", "position", "admin_state_up"] as const;

/** Horizon's "Create L7 Policy" and "Edit L7 Policy" on a listener. */
export function PolicyDialog({ listener, policy, onClose }: { listener: Listener; policy?: L7Policy; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useForm<PolicyValues>(() => policyValues(policy), policyErrors);
  const pools = useQuery(trpc.pool.list.queryOptions({ loadbalancer_id: listener.loadbalancer_id }, { select: pageItems }));
  const create = useMutation(trpc.l7Policy.create.mutationOptions());
  const update = useMutation(trpc.l7Policy.update.mutationOptions());
  const pending = create.isPending || update.isPending;
  const { values, set, errorOf } = form;
  const urlTarget = URL_TARGETS[values.action];
  const choices = compatiblePools(listener.protocol as ListenerProtocol, pools.data ?? []);

  const done = (verb: string) => (saved: L7Policy) => {
    queryClient.setQueryData(trpc.l7Policy.get.queryKey({ id: saved.id }), saved);
    // Positions of the others may have moved too.
    void queryClient.invalidateQueries({ queryKey: trpc.l7Policy.list.queryKey() });
    toast.success(`${verb} L7 policy ${displayName(saved)}`);
    onClose();
  };
  const submit = () => {
    if (!form.trySubmit()) return;
    const input = policyInput(values);
    if (policy) update.mutate({ id: policy.id, ...input }, { onSuccess: done("Updated"), onError: form.fail });
    else create.mutate({ listener_id: listener.id, ...input }, { onSuccess: done("Created"), onError: form.fail });
  };

  return (
    <FormModal
      title={policy ? "Edit L7 Policy" : "Create L7 Policy"}
      submitLabel={policy ? "Save Changes" : "Create L7 Policy"}
      pending={pending}
      alerts={form.topErrors(FIELDS)}
      onSubmit={submit}
      onClose={onClose}
    >
      <fieldset disabled={pending} className="grid min-w-0 grid-cols-2 gap-x-4 gap-y-3">
        <TextField label="Name" value={values.name} onChange={(e) => set("name", e.target.value)} error={errorOf("name")} />
        <TextField label="Description" value={values.description} onChange={(e) => set("description", e.target.value)} error={errorOf("description")} />
        <SelectField
          label="Action"
          required
          options={ACTION_OPTIONS}
          value={values.action}
          onChange={(e) => set("action", e.target.value as L7PolicyAction)}
          error={errorOf("action")}
        />
        {values.action === "REDIRECT_TO_POOL" && (
          <SelectField
            label="Redirect Pool"
            required
            options={[
              { value: "", label: pools.isPending ? "Loading pools…" : choices.length ? "Select a pool" : `No ${listener.protocol}-compatible pool on this load balancer` },
              ...choices.map((p) => ({ value: p.id, label: `${displayName(p)} (${p.protocol})` })),
            ]}
            value={values.redirect_pool_id}
            onChange={(e) => set("redirect_pool_id", e.target.value)}
            error={errorOf("redirect_pool_id")}
            hint={`Pools of this load balancer that a ${listener.protocol} listener can send to`}
          />
        )}
        {urlTarget && (
          <TextField
            label={urlTarget.label}
            required
            value={values[urlTarget.field]}
            onChange={(e) => set(urlTarget.field, e.target.value)}
            error={errorOf(urlTarget.field)}
            hint={urlTarget.hint}
          />
        )}
        {takesHttpCode(values.action) && (
          <SelectField
            label="Redirect HTTP Code"
            options={[{ value: "", label: "302 (default)" }, ...HTTP_CODE_OPTIONS]}
            value={values.redirect_http_code}
            onChange={(e) => set("redirect_http_code", e.target.value)}
            error={errorOf("redirect_http_code")}
          />
        )}
        {values.action === "REJECT" && <p className="self-end text-xs text-muted">Matching requests are answered 403 Forbidden.</p>}
        <TextField
          label="Position"
          inputMode="numeric"
          value={values.position}
          onChange={(e) => set("position", e.target.value)}
          error={errorOf("position")}
          hint="1 is tried first; empty puts it last"
        />
        <div className="col-span-2">
          <CheckboxField label="Admin State Up" checked={values.admin_state_up} onChange={(e) => set("admin_state_up", e.target.checked)} />
        </div>
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
