"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { HealthMonitor, Pool } from "@/components/api-types";
import { useTRPC } from "@/components/providers/trpc";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { schemaErrors } from "@/components/ui/form-errors";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { useForm } from "@/components/ui/use-form";
import { HTTP_METHODS } from "@/server/services/schemas/enums";
import { healthMonitorCreateInput, healthMonitorSpec, healthMonitorUpdateInput } from "@/server/services/schemas/healthMonitor";
import {
  delayRule,
  isHttpMonitor,
  MONITOR_FORM_FIELDS,
  monitorCreateFromForm,
  monitorFields,
  type MonitorFormValues,
  monitorFormValues,
  monitorTypesFor,
  newMonitorValues,
} from "./health-monitor-form";

/** Create (monitor omitted) or edit (type locked) the pool's health monitor. */
export function HealthMonitorDialog({ pool, monitor, onClose }: { pool: Pool; monitor?: HealthMonitor; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const editing = Boolean(monitor);
  const validate = useCallback(
    (v: MonitorFormValues) => ({
      ...(editing
        ? // The update input has no type; the spec checks the type's rules with the locked type.
          schemaErrors(healthMonitorSpec, { type: v.type, ...monitorFields(v) })
        : schemaErrors(healthMonitorCreateInput, monitorCreateFromForm(pool.id, v))),
      ...delayRule(v),
    }),
    [editing, pool.id],
  );
  const form = useForm<MonitorFormValues>(() => (monitor ? monitorFormValues(monitor) : newMonitorValues(pool.protocol)), validate);
  const create = useMutation(trpc.healthMonitor.create.mutationOptions());
  const update = useMutation(trpc.healthMonitor.update.mutationOptions());
  const pending = create.isPending || update.isPending;
  const { values, set, errorOf } = form;

  const done = (verb: string) => {
    void queryClient.invalidateQueries({ queryKey: trpc.healthMonitor.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.pool.get.queryKey({ id: pool.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey({ pool_id: pool.id }) });
    toast.success(`${verb} health monitor of pool ${pool.name || pool.id}`);
    onClose();
  };

  const submit = () => {
    if (!form.trySubmit()) return;
    // Valid by now: parsing gives the input its exact types (the enums).
    if (monitor) {
      const input = healthMonitorUpdateInput.safeParse({ id: monitor.id, ...monitorFields(values) });
      if (input.success) update.mutate(input.data, { onSuccess: () => done("Updated"), onError: form.fail });
    } else {
      const input = healthMonitorCreateInput.safeParse(monitorCreateFromForm(pool.id, values));
      if (input.success) create.mutate(input.data, { onSuccess: () => done("Created"), onError: form.fail });
    }
  };

  const number = (key: "delay" | "timeout" | "max_retries" | "max_retries_down", label: string, hint: string) => (
    <TextField label={label} inputMode="numeric" required value={values[key]} onChange={(e) => set(key, e.target.value)} error={errorOf(key)} hint={hint} />
  );

  return (
    <FormModal
      title={editing ? "Edit Health Monitor" : "Create Health Monitor"}
      size="lg"
      pending={pending}
      submitLabel={editing ? "Save Changes" : "Create Health Monitor"}
      alerts={form.topErrors(MONITOR_FORM_FIELDS)}
      onSubmit={submit}
      onClose={onClose}
    >
      <fieldset disabled={pending} className="grid min-w-0 grid-cols-2 gap-x-4 gap-y-3">
        <SelectField
          label="Type"
          required
          disabled={editing}
          value={values.type}
          onChange={(e) => set("type", e.target.value)}
          options={monitorTypesFor(pool.protocol).map((t) => ({ value: t, label: t }))}
          error={errorOf("type")}
          hint={editing ? "Cannot be changed after creation" : `The types a ${pool.protocol} pool allows`}
        />
        <TextField label="Name" value={values.name} onChange={(e) => set("name", e.target.value)} error={errorOf("name")} />
        {number("delay", "Delay (sec)", "Time between checks")}
        {number("timeout", "Timeout (sec)", "At most the delay")}
        {number("max_retries", "Max Retries", "Successes to go ONLINE, 1 to 10")}
        {number("max_retries_down", "Max Retries Down", "Failures to go ERROR, 1 to 10")}
        {isHttpMonitor(values.type) && (
          <>
            <SelectField
              label="HTTP Method"
              value={values.http_method}
              onChange={(e) => set("http_method", e.target.value)}
              options={HTTP_METHODS.map((m) => ({ value: m, label: m }))}
              error={errorOf("http_method")}
            />
            <TextField label="URL Path" value={values.url_path} onChange={(e) => set("url_path", e.target.value)} error={errorOf("url_path")} />
            <TextField
              label="Expected Codes"
              value={values.expected_codes}
              onChange={(e) => set("expected_codes", e.target.value)}
              error={errorOf("expected_codes")}
              hint="200, 200,202 or 200-204"
            />
          </>
        )}
        <div className="col-span-2">
          <CheckboxField label="Admin State Up" checked={values.admin_state_up} onChange={(e) => set("admin_state_up", e.target.checked)} />
        </div>
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
