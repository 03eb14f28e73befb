"use client";

import { useDeploymentOptions } from "@/components/providers/deployment-options";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { HTTP_METHODS, type HealthMonitorType, type PoolProtocol } from "@/server/services/schemas/enums";
import type { FormBinding } from "./binding";
import { labelled } from "./messages";
import { isHttpMonitor, MONITOR_LABELS, type MonitorFormValues, monitorTypesFor, urlPathProblem } from "./monitor-form";

const numeric = { inputMode: "numeric" as const, autoComplete: "off" };

/**
 * A health monitor's fields, in one order with one set of hints wherever a monitor is created or
 * edited (the wizard's monitor step, Create/Edit Health Monitor). Only the types the pool's
 * protocol allows are offered; on edit the type is locked.
 */
export function MonitorFields({ form, poolProtocol, editing }: { form: FormBinding<MonitorFormValues>; poolProtocol: PoolProtocol; editing: boolean }) {
  const { values: v, set } = form;
  const { allowPingHealthMonitors } = useDeploymentOptions();
  const errorOf = (key: keyof MonitorFormValues & string) => labelled(form.errorOf(key), MONITOR_LABELS);
  const text = (key: "name" | "delay" | "timeout" | "max_retries" | "max_retries_down" | "expected_codes") => ({
    value: v[key],
    error: errorOf(key),
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });
  // The API's "Value must be a valid URL Path string" says that, not what: say what, beside the format.
  const urlPathError = errorOf("url_path") && (urlPathProblem(v.url_path) ?? errorOf("url_path"));

  return (
    <div className="grid grid-cols-2 gap-x-4 gap-y-3">
      <SelectField
        label="Type"
        required
        disabled={editing}
        value={v.type}
        error={errorOf("type")}
        hint={editing ? "Cannot be changed after creation" : `The types a ${poolProtocol} pool allows`}
        options={(editing ? [v.type] : monitorTypesFor(poolProtocol, allowPingHealthMonitors)).map((t) => ({ value: t, label: t }))}
        onChange={(e) => set("type", e.target.value as HealthMonitorType)}
      />
      <TextField label="Name" autoComplete="off" {...text("name")} />
      <TextField label="Delay (sec)" required {...numeric} {...text("delay")} hint="Seconds between checks; at least the timeout" />
      <TextField label="Timeout (sec)" required {...numeric} {...text("timeout")} hint="Seconds a check may take; at most the delay" />
      <TextField label="Max Retries" required {...numeric} {...text("max_retries")} hint="Checks to pass before a member is ONLINE (1–10)" />
      <TextField label="Max Retries Down" {...numeric} {...text("max_retries_down")} hint="Checks to fail before a member is ERROR (1–10)" />
      {isHttpMonitor(v.type) && (
        <>
          <SelectField
            label="HTTP Method"
            value={v.http_method}
            error={errorOf("http_method")}
            options={HTTP_METHODS.map((m) => ({ value: m, label: m }))}
            onChange={(e) => set("http_method", e.target.value)}
          />
          <TextField
            label="URL Path"
            autoComplete="off"
            spellCheck={false}
            value={v.url_path}
            error={urlPathError}
            hint="Starts with /, e.g. /healthz"
            keepHint
            onChange={(e) => set("url_path", e.target.value)}
          />
          <TextField label="Expected Codes" autoComplete="off" {...text("expected_codes")} hint="200, 200,202 or 200-204" />
          <div />
        </>
      )}
      <div className="col-span-2">
        <CheckboxField label="Admin State Up" checked={v.admin_state_up} onChange={(e) => set("admin_state_up", e.target.checked)} />
      </div>
    </div>
  );
}
