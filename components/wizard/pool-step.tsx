"use client";

import { SelectField, TextField } from "@/components/ui/field";
import { LB_ALGORITHMS, SESSION_PERSISTENCE_TYPES } from "@/server/services/schemas/enums";
import { effectiveParts, type SessionPersistenceChoice, type WizardState } from "./state";
import type { StepProps } from "./step-props";
import { YesNo } from "./yes-no";

type Pool = WizardState["pool"];

const UNSUPPORTED_ALGORITHMS: Partial<Record<Pool["lb_algorithm"], string>> = {
  SOURCE_IP_PORT: "not supported by the amphora provider",
};

/** Step 3: the listener's default pool, or none. Its protocol follows the listener's. */
export function PoolStep({ form, edit, errorOf }: StepProps) {
  const p = form.pool;
  const { listener, poolProtocol } = effectiveParts(form);
  const text = (key: "name" | "description" | "cookie_name") => ({
    value: p[key],
    error: errorOf(`pool.${key}`),
    onChange: (e: { target: { value: string } }) => {
      const value = e.target.value;
      edit([`pool.${key}`], (f) => ({ ...f, pool: { ...f.pool, [key]: value } }));
    },
  });
  return (
    <div className="space-y-3">
      <YesNo
        legend="Create Pool"
        value={listener && p.enabled}
        disabled={!listener}
        note={listener ? undefined : "A pool is created as the listener's default pool: choose to create a listener first."}
        onChange={(enabled) => edit(["pool.enabled"], (f) => ({ ...f, pool: { ...f.pool, enabled } }))}
      />
      {listener && p.enabled && (
        <div className="grid grid-cols-2 gap-x-4 gap-y-3">
          <TextField label="Name" {...text("name")} />
          <TextField label="Description" {...text("description")} />
          <SelectField
            label="Algorithm"
            required
            value={p.lb_algorithm}
            error={errorOf("pool.lb_algorithm")}
            options={LB_ALGORITHMS.map((a) => {
              const reason = UNSUPPORTED_ALGORITHMS[a];
              return { value: a, label: reason ? `${a} (${reason})` : a, disabled: Boolean(reason) };
            })}
            onChange={(e) => {
              const lb_algorithm = e.target.value as Pool["lb_algorithm"];
              edit(["pool.lb_algorithm"], (f) => ({ ...f, pool: { ...f.pool, lb_algorithm } }));
            }}
          />
          <TextField
            label="Protocol"
            readOnly
            value={poolProtocol ?? ""}
            error={errorOf("pool.protocol")}
            hint={`Follows the listener protocol (${form.listener.protocol}).`}
          />
          <SelectField
            label="Session Persistence"
            value={p.session_persistence}
            error={errorOf("pool.session_persistence")}
            options={[{ value: "", label: "None" }, ...SESSION_PERSISTENCE_TYPES.map((t) => ({ value: t, label: t }))]}
            onChange={(e) => {
              const session_persistence = e.target.value as SessionPersistenceChoice;
              edit(["pool.session_persistence"], (f) => ({ ...f, pool: { ...f.pool, session_persistence } }));
            }}
          />
          {p.session_persistence === "APP_COOKIE" && (
            <TextField label="Cookie Name" required autoComplete="off" spellCheck={false} {...text("cookie_name")} />
          )}
        </div>
      )}
      {listener && !p.enabled && <p className="text-sm text-muted">No pool is created, so no members or monitor either.</p>}
    </div>
  );
}
