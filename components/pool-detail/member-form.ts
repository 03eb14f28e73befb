import type { Member } from "@/components/api-types";
import { nullableInt, nullableText, optionalInt } from "@/components/ui/form-values";

// "Edit Member": what Octavia lets change; address and port are fixed.

export interface MemberFormValues extends Record<string, unknown> {
  name: string;
  weight: string;
  admin_state_up: boolean;
  backup: boolean;
  monitor_address: string;
  monitor_port: string;
}

export const MEMBER_FORM_FIELDS = ["name", "weight", "admin_state_up", "backup", "monitor_address", "monitor_port"] as const;

export function memberFormValues(m: Member): MemberFormValues {
  return {
    name: m.name,
    weight: String(m.weight),
    admin_state_up: m.admin_state_up,
    backup: m.backup,
    monitor_address: m.monitor_address ?? "",
    monitor_port: m.monitor_port === null ? "" : String(m.monitor_port),
  };
}

export function memberUpdateFromForm(id: string, v: MemberFormValues) {
  return {
    id,
    name: v.name.trim(),
    // An emptied weight is an error to show, not a silent default.
    weight: optionalInt(v.weight) ?? Number.NaN,
    admin_state_up: v.admin_state_up,
    backup: v.backup,
    monitor_address: nullableText(v.monitor_address),
    monitor_port: nullableInt(v.monitor_port),
  };
}
