"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { useForm } from "@/components/ui/use-form";
import type { L7RuleCompareType, L7RuleType } from "@/server/services/schemas/l7";
import { compareTypesFor, KEY_LABEL, ruleErrors, ruleInput, type RuleValues, ruleValues, TYPE_OPTIONS, usesKey, VALUE_HINT, withType } from "./rule-form";
import type { L7Policy, L7Rule } from "./types";

const FIELDS = ["type", "compare_type", "key", "value", "invert", "admin_state_up"] as const;

/** Horizon's "Create L7 Rule" and "Edit L7 Rule" on a policy. */
export function RuleDialog({ policy, rule, onClose }: { policy: L7Policy; rule?: L7Rule; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useForm<RuleValues>(() => ruleValues(rule), ruleErrors);
  const create = useMutation(trpc.l7Rule.create.mutationOptions());
  const update = useMutation(trpc.l7Rule.update.mutationOptions());
  const pending = create.isPending || update.isPending;
  const { values, set, errorOf } = form;

  const done = (verb: string) => () => {
    void queryClient.invalidateQueries({ queryKey: trpc.l7Rule.list.queryKey({ l7policy_id: policy.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.l7Policy.pathKey() });
    toast.success(`${verb} L7 rule`);
    onClose();
  };
  const submit = () => {
    if (!form.trySubmit()) return;
    const input = ruleInput(values);
    if (rule) update.mutate({ id: rule.id, ...input }, { onSuccess: done("Updated"), onError: form.fail });
    else create.mutate({ l7policy_id: policy.id, ...input }, { onSuccess: done("Created"), onError: form.fail });
  };
  const changeType = (type: L7RuleType) => {
    const next = withType(values, type);
    set("type", type);
    if (next.compare_type !== values.compare_type) set("compare_type", next.compare_type);
  };

  return (
    <FormModal
      title={rule ? "Edit L7 Rule" : "Create L7 Rule"}
      submitLabel={rule ? "Save Changes" : "Create L7 Rule"}
      pending={pending}
      alerts={form.topErrors(FIELDS)}
      onSubmit={submit}
      onClose={onClose}
    >
      <fieldset disabled={pending} className="grid min-w-0 grid-cols-2 gap-x-4 gap-y-3">
        <SelectField label="Type" required options={TYPE_OPTIONS} value={values.type} onChange={(e) => changeType(e.target.value as L7RuleType)} error={errorOf("type")} />
        <SelectField
          label="Compare Type"
          required
          options={compareTypesFor(values.type).map((c) => ({ value: c, label: c }))}
          value={values.compare_type}
          onChange={(e) => set("compare_type", e.target.value as L7RuleCompareType)}
          error={errorOf("compare_type")}
        />
        {usesKey(values.type) && (
          <TextField label={KEY_LABEL[values.type] ?? "Key"} required value={values.key} onChange={(e) => set("key", e.target.value)} error={errorOf("key")} />
        )}
        <TextField label="Value" required value={values.value} onChange={(e) => set("value", e.target.value)} error={errorOf("value")} hint={VALUE_HINT[values.type]} />
        <div className="col-span-2 space-y-2">
          <CheckboxField label="Invert" checked={values.invert} onChange={(e) => set("invert", e.target.checked)} />
          <CheckboxField label="Admin State Up" checked={values.admin_state_up} onChange={(e) => set("admin_state_up", e.target.checked)} />
        </div>
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
