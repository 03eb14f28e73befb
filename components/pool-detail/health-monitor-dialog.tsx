"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { HealthMonitor, Pool } from "@/components/api-types";
import { FormDialog } from "@/components/forms/form-dialog";
import { MonitorFields } from "@/components/forms/monitor-fields";
import {
  delayRule,
  MONITOR_FORM_FIELDS,
  monitorCreateFields,
  type MonitorFormValues,
  monitorFormValues,
  monitorUpdateFields,
  newMonitorValues,
} from "@/components/forms/monitor-form";
import { useTRPC } from "@/components/providers/trpc";
import { schemaErrors } from "@/components/ui/form-errors";
import { useToast } from "@/components/ui/toast";
import { useForm } from "@/components/ui/use-form";
import type { PoolProtocol } from "@/server/services/schemas/enums";
import { healthMonitorCreateInput, healthMonitorSpec, healthMonitorUpdateInput } from "@/server/services/schemas/healthMonitor";

/** Create (monitor omitted) or edit (type locked) the pool's health monitor, in the monitor form every monitor uses. */
export function HealthMonitorDialog({ pool, monitor, onClose }: { pool: Pool; monitor?: HealthMonitor; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const poolProtocol = pool.protocol as PoolProtocol;
  const validate = useCallback((v: MonitorFormValues) => {
    // The update input has no type; the spec checks the type's rules with the locked type.
    const errors = schemaErrors(healthMonitorSpec, monitorCreateFields(v));
    const tooLong = delayRule(v);
    return tooLong && !errors.timeout ? { ...errors, timeout: tooLong } : errors;
  }, []);
  const form = useForm<MonitorFormValues>(() => (monitor ? monitorFormValues(monitor) : newMonitorValues(poolProtocol)), validate);
  const create = useMutation(trpc.healthMonitor.create.mutationOptions());
  const update = useMutation(trpc.healthMonitor.update.mutationOptions());
  const pending = create.isPending || update.isPending;

  const done = (verb: string) => {
    void queryClient.invalidateQueries({ queryKey: trpc.healthMonitor.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.pool.get.queryKey({ id: pool.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey({ pool_id: pool.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.quota.usage.queryKey() });
    toast.success(`${verb} health monitor of pool ${pool.name || pool.id}`);
    onClose();
  };

  const submit = () => {
    if (!form.trySubmit()) return;
    // Valid by now: parsing gives the input its exact types (the enums).
    if (monitor) {
      const input = healthMonitorUpdateInput.safeParse({ id: monitor.id, ...monitorUpdateFields(form.values) });
      if (input.success) update.mutate(input.data, { onSuccess: () => done("Updated"), onError: form.fail });
    } else {
      const input = healthMonitorCreateInput.safeParse({ pool_id: pool.id, ...monitorCreateFields(form.values) });
      if (input.success) create.mutate(input.data, { onSuccess: () => done("Created"), onError: form.fail });
    }
  };

  return (
    <FormDialog
      title={monitor ? "Edit Health Monitor" : "Create Health Monitor"}
      pending={pending}
      submitLabel={monitor ? "Save Changes" : "Create Health Monitor"}
      alerts={form.topErrors(MONITOR_FORM_FIELDS)}
      onSubmit={submit}
      onClose={onClose}
    >
      <MonitorFields form={form} poolProtocol={poolProtocol} editing={Boolean(monitor)} />
    </FormDialog>
  );
}
