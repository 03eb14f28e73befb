"use client";

import { MonitorFields } from "@/components/forms/monitor-fields";
import type { MonitorFormValues } from "@/components/forms/monitor-form";
import { effectiveParts, setMonitorField } from "./state";
import type { StepProps } from "./step-props";
import { sectionBinding } from "./section-binding";
import { YesNo } from "./yes-no";

/** Step 5: the pool's health monitor, or none; the same fields as Create/Edit Health Monitor. */
export function MonitorStep({ form, edit, errorOf }: StepProps) {
  const m = form.monitor;
  const { pool, poolProtocol } = effectiveParts(form);
  const binding = sectionBinding<MonitorFormValues>("monitor", m, edit, errorOf, setMonitorField);

  if (!pool) {
    return <p className="text-sm text-muted">A health monitor watches a pool: choose to create a listener and a pool first.</p>;
  }
  return (
    <div className="space-y-3">
      <YesNo
        legend="Create Health Monitor"
        value={m.enabled}
        onChange={(enabled) => edit(["monitor.enabled"], (f) => ({ ...f, monitor: { ...f.monitor, enabled } }))}
      />
      {m.enabled ? (
        <MonitorFields form={binding} poolProtocol={poolProtocol} editing={false} />
      ) : (
        <p className="text-sm text-muted">No health monitor: every member gets traffic whether it answers or not (NO_MONITOR).</p>
      )}
    </div>
  );
}
