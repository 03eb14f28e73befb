"use client";

import { SelectField, TextField } from "@/components/ui/field";
import { HTTP_METHODS, type HealthMonitorType } from "@/server/services/schemas/enums";
import { effectiveParts, isHttpMonitor, monitorTypesFor, setMonitorType, type WizardState } from "./state";
import type { StepProps } from "./step-props";
import { YesNo } from "./yes-no";

type Monitor = WizardState["monitor"];
type TextKey = "delay" | "timeout" | "max_retries" | "max_retries_down" | "http_method" | "expected_codes" | "url_path";

/** Step 5: the pool's health monitor, or none. Only the types valid for the pool are offered. */
export function MonitorStep({ form, edit, errorOf }: StepProps) {
  const m = form.monitor;
  const { pool, poolProtocol } = effectiveParts(form);
  const field = (key: TextKey) => ({
    value: m[key],
    error: errorOf(`monitor.${key}`),
    onChange: (e: { target: { value: string } }) => {
      const value = e.target.value;
      edit([`monitor.${key}`], (f) => ({ ...f, monitor: { ...f.monitor, [key]: value } as Monitor }));
    },
  });
  const numeric = { inputMode: "numeric" as const, autoComplete: "off", required: true };

  if (!pool || !poolProtocol) {
    return <p className="text-sm text-muted">A health monitor watches a pool: choose to create a listener and a pool first.</p>;
  }
  return (
    <div className="space-y-3">
      <YesNo
        legend="Create Health Monitor"
        value={m.enabled}
        onChange={(enabled) => edit(["monitor.enabled"], (f) => ({ ...f, monitor: { ...f.monitor, enabled } }))}
      />
      {!m.enabled ? (
        <p className="text-sm text-muted">No health monitor: every member gets traffic whether it answers or not (NO_MONITOR).</p>
      ) : (
        <div className="grid grid-cols-2 gap-x-4 gap-y-3">
          <SelectField
            label="Type"
            required
            value={m.type}
            error={errorOf("monitor.type")}
            hint={`The types valid for a ${poolProtocol} pool.`}
            options={monitorTypesFor(poolProtocol).map((t) => ({ value: t, label: t }))}
            onChange={(e) => {
              const type = e.target.value as HealthMonitorType;
              edit(["monitor.type"], (f) => setMonitorType(f, type));
            }}
          />
          <div />
          <TextField label="Delay (sec)" {...numeric} {...field("delay")} hint="Seconds between checks; at least the timeout." />
          <TextField label="Timeout (sec)" {...numeric} {...field("timeout")} hint="Seconds a check may take." />
          <TextField label="Max Retries" {...numeric} {...field("max_retries")} hint="Checks to pass before a member is ONLINE (1–10)." />
          <TextField
            label="Max Retries Down"
            {...numeric}
            required={false}
            {...field("max_retries_down")}
            hint="Checks to fail before a member is ERROR (1–10)."
          />
          {isHttpMonitor(m.type) && (
            <>
              <SelectField
                label="HTTP Method"
                {...field("http_method")}
                options={HTTP_METHODS.map((method) => ({ value: method, label: method }))}
              />
              <TextField label="Expected Codes" autoComplete="off" {...field("expected_codes")} hint="200, 200,202 or 200-204" />
              <TextField label="URL Path" autoComplete="off" spellCheck={false} {...field("url_path")} hint="Starts with /" />
            </>
          )}
        </div>
      )}
    </div>
  );
}
