"use client";

import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { type LbAlgorithm, type ListenerProtocol, type PoolProtocol, SESSION_PERSISTENCE_TYPES } from "@/server/services/schemas/enums";
import type { FormBinding } from "./binding";
import { labelled } from "./messages";
import {
  ALGORITHM_CHOICES,
  persistenceFor,
  persistenceTypesFor,
  POOL_LABELS,
  type PoolFormValues,
  poolForListener,
  poolProtocolsFor,
  type SessionPersistenceChoice,
} from "./pool-form";

/** A listener Create Pool may make the pool the default pool of. */
export interface ListenerChoice {
  id: string;
  label: string;
  protocol: ListenerProtocol;
}

/**
 * How the pool's protocol is set: chosen (Create Pool, optionally for a listener, which narrows
 * the protocols), or fixed with a reason (the wizard: it follows the listener; Edit Pool: locked).
 */
export type PoolProtocolMode = { choose: true; listeners: ListenerChoice[] } | { choose: false; hint: string };

/**
 * A pool's fields, in one order with one set of hints wherever a pool is created or edited (the
 * wizard's pool step, Create Pool, Edit Pool). Only what the pool's protocol allows is offered.
 */
export function PoolFields({ form, protocol }: { form: FormBinding<PoolFormValues>; protocol: PoolProtocolMode }) {
  const { values: v, set } = form;
  const errorOf = (key: keyof PoolFormValues & string) => labelled(form.errorOf(key), POOL_LABELS);
  const patch = (change: Partial<PoolFormValues>) => {
    for (const [key, value] of Object.entries(change)) {
      if (v[key] !== value) set(key as keyof PoolFormValues & string, value as never);
    }
  };
  const text = (key: "name" | "description" | "cookie_name") => ({
    value: v[key],
    error: errorOf(key),
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });

  const listener = protocol.choose ? (protocol.listeners.find((l) => l.id === v.listener_id) ?? null) : null;
  const allowedPersistence = persistenceTypesFor(v.protocol);
  // A type the protocol does not allow is only ever shown when the pool already has it (made before the rule).
  const persistenceOptions = [...new Set<SessionPersistenceChoice>(["", ...allowedPersistence, v.session_persistence])].map((t) => ({
    value: t,
    label: t === "" ? "None" : allowedPersistence.includes(t) ? t : `${t} (not allowed for ${v.protocol} pools)`,
    disabled: t !== "" && !allowedPersistence.includes(t),
  }));

  return (
    <div className="grid grid-cols-2 gap-x-4 gap-y-3">
      <TextField label="Name" {...text("name")} />
      <TextField label="Description" {...text("description")} />
      {protocol.choose ? (
        <>
          <SelectField
            label="Listener"
            value={v.listener_id}
            error={errorOf("listener_id")}
            hint="Optional: the pool becomes the default pool of this listener. Listeners that have one are not offered."
            options={[{ value: "", label: "None (no listener sends traffic to it yet)" }, ...protocol.listeners.map((l) => ({ value: l.id, label: l.label }))]}
            onChange={(e) => patch(poolForListener(v, protocol.listeners.find((l) => l.id === e.target.value) ?? null))}
          />
          <SelectField
            label="Protocol"
            required
            value={v.protocol}
            error={errorOf("protocol")}
            hint={listener ? `The protocols a ${listener.protocol} listener can use` : undefined}
            options={poolProtocolsFor(listener?.protocol ?? null).map((p) => ({ value: p, label: p }))}
            onChange={(e) => {
              const next = e.target.value as PoolProtocol;
              patch({ protocol: next, session_persistence: persistenceFor(next, v.session_persistence) });
            }}
          />
        </>
      ) : (
        <TextField label="Protocol" value={v.protocol} disabled readOnly error={errorOf("protocol")} hint={protocol.hint} />
      )}
      <SelectField
        label="Algorithm"
        required
        value={v.lb_algorithm}
        error={errorOf("lb_algorithm")}
        options={ALGORITHM_CHOICES.map(({ value, reason }) => ({ value, label: reason ? `${value} (${reason})` : value, disabled: Boolean(reason) }))}
        onChange={(e) => set("lb_algorithm", e.target.value as LbAlgorithm)}
      />
      <SelectField
        label="Session Persistence"
        value={v.session_persistence}
        error={errorOf("session_persistence")}
        hint={allowedPersistence.length < SESSION_PERSISTENCE_TYPES.length ? `${v.protocol} pools allow ${allowedPersistence.join(", ") || "none"}` : undefined}
        options={persistenceOptions}
        onChange={(e) => set("session_persistence", e.target.value as SessionPersistenceChoice)}
      />
      {v.session_persistence === "APP_COOKIE" ? (
        <TextField label="Cookie Name" required autoComplete="off" spellCheck={false} {...text("cookie_name")} hint="The application's session cookie, e.g. JSESSIONID" />
      ) : (
        <div />
      )}
      <div className="col-span-2">
        <CheckboxField label="Admin State Up" checked={v.admin_state_up} onChange={(e) => set("admin_state_up", e.target.checked)} />
      </div>
    </div>
  );
}
