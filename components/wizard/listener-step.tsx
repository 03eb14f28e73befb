"use client";

import { useId, useState } from "react";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { HTTP_LISTENER_PROTOCOLS, INSERT_HEADER_KEYS, UNSUPPORTED_LISTENER_PROTOCOLS } from "@/server/services/schemas/enums";
import { setListenerPort, setListenerProtocol, WIZARD_LISTENER_PROTOCOLS, type WizardState } from "./state";
import type { StepProps } from "./step-props";
import { YesNo } from "./yes-no";

type Listener = WizardState["listener"];
type TextKey = "name" | "description" | "connection_limit" | "timeout_client_data" | "timeout_member_connect" | "timeout_member_data" | "timeout_tcp_inspect";

const TIMEOUTS = [
  { key: "timeout_client_data", label: "Client Data Timeout" },
  { key: "timeout_member_connect", label: "Member Connect Timeout" },
  { key: "timeout_member_data", label: "Member Data Timeout" },
  { key: "timeout_tcp_inspect", label: "TCP Inspect Timeout" },
] as const;

/** Step 2: the listener (one, as in Horizon's wizard), or none. */
export function ListenerStep({ form, mode, edit, errorOf }: StepProps) {
  const l = form.listener;
  const advancedId = useId();
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const advancedErrors = TIMEOUTS.some((t) => errorOf(`listener.${t.key}`));
  const showAdvanced = advancedOpen || advancedErrors;

  const text = (key: TextKey) => ({
    value: l[key],
    error: errorOf(`listener.${key}`),
    onChange: (e: { target: { value: string } }) => {
      const value = e.target.value;
      edit([`listener.${key}`], (f) => ({ ...f, listener: { ...f.listener, [key]: value } as Listener }));
    },
  });
  const numeric = { inputMode: "numeric" as const, autoComplete: "off" };

  return (
    <div className="space-y-3">
      {mode.kind === "loadbalancer" && (
        <YesNo
          legend="Create Listener"
          value={l.enabled}
          onChange={(enabled) => edit(["listener.enabled"], (f) => ({ ...f, listener: { ...f.listener, enabled } }))}
        />
      )}
      {!l.enabled ? (
        <p className="text-sm text-muted">No listener is created, so no pool, members or monitor either: only the load balancer and its VIP.</p>
      ) : (
        <div className="grid grid-cols-2 gap-x-4 gap-y-3">
          <TextField label="Name" {...text("name")} />
          <TextField label="Description" {...text("description")} />
          <SelectField
            label="Protocol"
            required
            value={l.protocol}
            error={errorOf("listener.protocol")}
            options={WIZARD_LISTENER_PROTOCOLS.map((p) => {
              const reason = UNSUPPORTED_LISTENER_PROTOCOLS[p];
              return { value: p, label: reason ? `${p} (unavailable: ${reason})` : p, disabled: Boolean(reason) };
            })}
            onChange={(e) => {
              const protocol = e.target.value as Listener["protocol"];
              edit(["listener.protocol"], (f) => setListenerProtocol(f, protocol));
            }}
          />
          <TextField
            label="Port"
            required
            {...numeric}
            value={l.protocol_port}
            error={errorOf("listener.protocol_port")}
            hint={
              mode.kind === "listener" && mode.usedPorts.length > 0
                ? `1–65535; taken on this load balancer: ${mode.usedPorts.map((u) => `${u.protocol}:${u.protocol_port}`).join(", ")}`
                : "1–65535"
            }
            onChange={(e) => {
              const port = e.target.value;
              edit(["listener.protocol_port"], (f) => setListenerPort(f, port));
            }}
          />
          <TextField label="Connection Limit" {...numeric} {...text("connection_limit")} hint="-1 means unlimited." />
          <div className="col-span-2">
            <button
              type="button"
              aria-expanded={showAdvanced}
              aria-controls={advancedId}
              onClick={() => setAdvancedOpen(!showAdvanced)}
              className="text-sm font-medium text-accent hover:underline"
            >
              {showAdvanced ? "▾" : "▸"} Advanced
            </button>
          </div>
          {showAdvanced && (
            <div id={advancedId} className="col-span-2 grid grid-cols-2 gap-x-4 gap-y-3 border-l-2 border-line pl-3">
              {TIMEOUTS.map((t) => (
                <TextField key={t.key} label={`${t.label} (ms)`} {...numeric} {...text(t.key)} />
              ))}
            </div>
          )}
          {HTTP_LISTENER_PROTOCOLS.includes(l.protocol) && (
            <fieldset className="col-span-2 space-y-1">
              <legend className="text-xs font-semibold text-neutral-700">Insert Headers</legend>
              {INSERT_HEADER_KEYS.map((header) => (
                <CheckboxField
                  key={header}
                  label={header}
                  checked={l.insert_headers[header]}
                  onChange={(e) => {
                    const on = e.target.checked;
                    edit(["listener.insert_headers"], (f) => ({
                      ...f,
                      listener: { ...f.listener, insert_headers: { ...f.listener.insert_headers, [header]: on } },
                    }));
                  }}
                />
              ))}
              {errorOf("listener.insert_headers") && (
                <p role="alert" className="text-xs text-red-700">
                  {errorOf("listener.insert_headers")}
                </p>
              )}
            </fieldset>
          )}
        </div>
      )}
    </div>
  );
}
