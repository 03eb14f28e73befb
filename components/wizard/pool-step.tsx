"use client";

import { PoolFields } from "@/components/forms/pool-fields";
import type { PoolFormValues } from "@/components/forms/pool-form";
import { effectiveParts } from "./state";
import type { StepProps } from "./step-props";
import { sectionBinding } from "./section-binding";
import { YesNo } from "./yes-no";

/** Step 3: the listener's default pool, or none; the same fields as Create/Edit Pool. Its protocol follows the listener's. */
export function PoolStep({ form, edit, errorOf }: StepProps) {
  const p = form.pool;
  const { listener } = effectiveParts(form);
  const binding = sectionBinding<PoolFormValues>("pool", p, edit, errorOf, (f, key, value) => ({ ...f, pool: { ...f.pool, [key]: value } }));
  return (
    <div className="space-y-3">
      <YesNo
        legend="Create Pool"
        value={listener && p.enabled}
        disabled={!listener}
        note={listener ? undefined : "A pool is created as the listener's default pool: choose to create a listener first."}
        onChange={(enabled) => edit(["pool.enabled"], (f) => ({ ...f, pool: { ...f.pool, enabled } }))}
      />
      {listener && p.enabled && <PoolFields form={binding} protocol={{ choose: false, hint: `Follows the listener protocol (${form.listener.protocol}).` }} />}
      {listener && !p.enabled && <p className="text-sm text-muted">No pool is created, so no members or monitor either.</p>}
    </div>
  );
}
