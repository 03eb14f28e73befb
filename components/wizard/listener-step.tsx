"use client";

import { ListenerFields } from "@/components/forms/listener-fields";
import type { ListenerFormValues } from "@/components/forms/listener-form";
import { setListenerField, usedPortsOf } from "./state";
import type { StepProps } from "./step-props";
import { sectionBinding } from "./section-binding";
import { YesNo } from "./yes-no";

/** Step 2: the listener (one, as in Horizon's wizard), or none; the same fields as Edit Listener. */
export function ListenerStep({ form, mode, edit, errorOf }: StepProps) {
  const l = form.listener;
  const usedPorts = usedPortsOf(mode);
  const binding = sectionBinding<ListenerFormValues>("listener", l, edit, errorOf, (f, key, value) => setListenerField(f, key, value, usedPorts));
  return (
    <div className="space-y-3">
      {mode.kind === "loadbalancer" && (
        <YesNo
          legend="Create Listener"
          value={l.enabled}
          onChange={(enabled) => edit(["listener.enabled"], (f) => ({ ...f, listener: { ...f.listener, enabled } }))}
        />
      )}
      {l.enabled ? (
        <ListenerFields form={binding} mode="create" usedPorts={usedPorts} />
      ) : (
        <p className="text-sm text-muted">No listener is created, so no pool, members or monitor either: only the load balancer and its VIP.</p>
      )}
    </div>
  );
}
