"use client";

import { useId, useState } from "react";
import { CheckboxField, SelectField, type SelectOption, TextField } from "@/components/ui/field";
import { SslCertificatesFields } from "@/components/secrets/ssl-certificates-fields";
import { type ListenerProtocol, UNSUPPORTED_LISTENER_PROTOCOLS } from "@/server/services/schemas/enums";
import type { FormBinding } from "./binding";
import { CheckboxGroup } from "./checkbox-group";
import {
  FORM_LISTENER_PROTOCOLS,
  hasCustomTimeouts,
  insertHeaderOptions,
  terminatesTls,
  LISTENER_LABELS,
  type ListenerFormValues,
  supportsInsertHeaders,
  TIMEOUT_KEYS,
  LISTENER_TIMEOUT_DEFAULTS,
  type UsedPort,
} from "./listener-form";
import { labelled } from "./messages";

const LOCKED = "Cannot be changed after creation";
const numeric = { inputMode: "numeric" as const, autoComplete: "off" };

/**
 * A listener's fields, in one order with one set of hints wherever a listener is created or
 * edited (the wizard's listener step, Create Listener, Edit Listener). On edit, protocol and port
 * are shown locked and the default pool can be chosen.
 */
export function ListenerFields({
  form,
  mode,
  usedPorts = [],
  defaultPool,
}: {
  form: FormBinding<ListenerFormValues>;
  mode: "create" | "edit";
  /** Create on an existing load balancer: the ports its listeners use, named in the port's hint. */
  usedPorts?: readonly UsedPort[];
  /** Edit: the pools that may become the default pool, and why others are not offered. */
  defaultPool?: { options: SelectOption[]; hint: string };
}) {
  const { values: v, set } = form;
  const errorOf = (key: keyof ListenerFormValues & string) => labelled(form.errorOf(key), LISTENER_LABELS);
  const advancedId = useId();
  const [advancedOpen, setAdvancedOpen] = useState(() => hasCustomTimeouts(v));
  const showAdvanced = advancedOpen || TIMEOUT_KEYS.some((k) => errorOf(k));
  const text = (key: "name" | "description" | "connection_limit" | "allowed_cidrs" | (typeof TIMEOUT_KEYS)[number]) => ({
    value: v[key],
    error: errorOf(key),
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });
  const creating = mode === "create";

  return (
    <div className="grid grid-cols-2 gap-x-4 gap-y-3">
      <TextField label="Name" {...text("name")} />
      <TextField label="Description" {...text("description")} />
      {creating ? (
        <SelectField
          label="Protocol"
          required
          value={v.protocol}
          error={errorOf("protocol")}
          options={FORM_LISTENER_PROTOCOLS.map((p) => {
            const reason = UNSUPPORTED_LISTENER_PROTOCOLS[p];
            return { value: p, label: reason ? `${p} (unavailable: ${reason})` : p, disabled: Boolean(reason) };
          })}
          onChange={(e) => set("protocol", e.target.value as ListenerProtocol)}
        />
      ) : (
        <TextField label="Protocol" value={v.protocol} disabled readOnly hint={LOCKED} />
      )}
      {creating ? (
        <TextField
          label="Port"
          required
          {...numeric}
          value={v.protocol_port}
          error={errorOf("protocol_port")}
          hint={usedPorts.length > 0 ? `1–65535; taken on this load balancer: ${usedPorts.map((u) => `${u.protocol}:${u.protocol_port}`).join(", ")}` : "1–65535"}
          onChange={(e) => set("protocol_port", e.target.value)}
        />
      ) : (
        <TextField label="Port" value={v.protocol_port} disabled readOnly hint={LOCKED} />
      )}
      <TextField label="Connection Limit" {...numeric} {...text("connection_limit")} hint="-1 or empty for unlimited" />
      {defaultPool ? (
        <SelectField
          label="Default Pool"
          value={v.default_pool_id}
          onChange={(e) => set("default_pool_id", e.target.value)}
          options={defaultPool.options}
          error={errorOf("default_pool_id")}
          hint={defaultPool.hint}
        />
      ) : (
        <div />
      )}
      <TextField label="Allowed CIDRs" autoComplete="off" spellCheck={false} {...text("allowed_cidrs")} hint="Comma-separated, e.g. 127.0.0.0/8; empty allows everyone" />
      <div className="pt-5">
        <CheckboxField label="Admin State Up" checked={v.admin_state_up} onChange={(e) => set("admin_state_up", e.target.checked)} />
      </div>
      {supportsInsertHeaders(v.protocol) && (
        <CheckboxGroup
          legend="Insert Headers"
          options={insertHeaderOptions(v.protocol)}
          checked={v.insert_headers}
          onChange={(headers) => set("insert_headers", headers)}
          error={errorOf("insert_headers")}
        />
      )}
      {terminatesTls(v.protocol) && <SslCertificatesFields form={form} />}
      <div className="col-span-2">
        <button
          type="button"
          aria-expanded={showAdvanced}
          aria-controls={advancedId}
          onClick={() => setAdvancedOpen(!showAdvanced)}
          className="text-sm font-medium text-accent hover:underline"
        >
          {showAdvanced ? "▾" : "▸"} Timeouts
        </button>
      </div>
      {showAdvanced && (
        <div id={advancedId} className="col-span-2 grid grid-cols-2 gap-x-4 gap-y-3 border-l-2 border-line pl-3">
          {TIMEOUT_KEYS.map((key) => (
            <TextField
              key={key}
              label={`${LISTENER_LABELS[key]} (ms)`}
              {...numeric}
              {...text(key)}
              hint={`Empty for the default, ${LISTENER_TIMEOUT_DEFAULTS[key]}`}
            />
          ))}
        </div>
      )}
    </div>
  );
}
