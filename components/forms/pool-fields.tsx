"use client";

import { SecretSelectField } from "@/components/secrets/secret-select";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { ALPN_PROTOCOLS, TLS_VERSIONS } from "@/amphora/patterns";
import { type LbAlgorithm, type ListenerProtocol, type PoolProtocol, SESSION_PERSISTENCE_TYPES } from "@/server/services/schemas/enums";
import type { FormBinding } from "./binding";
import { CheckboxGroup } from "./checkbox-group";
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
  supportsPoolTls,
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
      {supportsPoolTls(v.protocol) && <PoolTlsFields form={form} />}
    </div>
  );
}

const CERTIFICATES = ["certificate"] as const;
const CA_CERTIFICATES = ["ca", "certificate"] as const;
const REVOCATION_LISTS = ["crl"] as const;

/**
 * Horizon's "TLS Enabled" of a pool (re-encryption to the members) and, once on, what the amphora
 * presents and checks: the certificates come from the key manager through the same picker as a
 * listener's SSL Certificates.
 */
function PoolTlsFields({ form }: { form: FormBinding<PoolFormValues> }) {
  const { values: v, set } = form;
  const errorOf = (key: keyof PoolFormValues & string) => labelled(form.errorOf(key), POOL_LABELS);
  const secret = (key: "tls_container_ref" | "ca_tls_container_ref" | "crl_container_ref") => ({
    label: POOL_LABELS[key] ?? key,
    value: v[key],
    error: errorOf(key),
    onChange: (ref: string) => set(key, ref),
  });
  return (
    <fieldset className="col-span-2 space-y-2 border-l-2 border-line pl-3">
      <legend className="sr-only">TLS</legend>
      <CheckboxField label="TLS Enabled" checked={v.tls_enabled} onChange={(e) => set("tls_enabled", e.target.checked)} />
      {v.tls_enabled && (
        <>
          <SecretSelectField
            {...secret("ca_tls_container_ref")}
            kinds={CA_CERTIFICATES}
            empty="None: the members' certificates are not verified"
            uploadLabel="Upload CA"
            hint="Members must present a certificate this CA signed"
          />
          {v.ca_tls_container_ref && (
            <SecretSelectField
              {...secret("crl_container_ref")}
              kinds={REVOCATION_LISTS}
              empty="None"
              uploadLabel="Upload CRL"
              hint="Member certificates it revokes are refused"
            />
          )}
          <SecretSelectField
            {...secret("tls_container_ref")}
            kinds={CERTIFICATES}
            empty="None"
            uploadLabel="Upload Certificate"
            hint="Presented to members that ask the load balancer for a certificate"
          />
          <CheckboxGroup
            legend="TLS Versions"
            options={TLS_VERSIONS}
            // None checked: Octavia's default versions.
            checked={v.tls_versions}
            onChange={(versions) => set("tls_versions", versions)}
            error={errorOf("tls_versions")}
          />
          <TextField
            label="TLS Ciphers"
            autoComplete="off"
            spellCheck={false}
            value={v.tls_ciphers}
            error={errorOf("tls_ciphers")}
            onChange={(e) => set("tls_ciphers", e.target.value)}
            hint="An OpenSSL cipher list; empty for Octavia's default"
          />
          <CheckboxGroup
            legend="ALPN Protocols"
            options={ALPN_PROTOCOLS}
            checked={v.alpn_protocols}
            onChange={(protocols) => set("alpn_protocols", protocols)}
            error={errorOf("alpn_protocols")}
          />
        </>
      )}
    </fieldset>
  );
}
