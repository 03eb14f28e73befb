import type { HealthMonitor } from "@/components/api-types";
import type { FormErrors } from "@/components/ui/form-errors";
import { optionalInt, textOf } from "@/components/ui/form-values";
import { HTTP_MONITOR_TYPES, type HealthMonitorType, MONITOR_TYPES_FOR_POOL, type PoolProtocol } from "@/server/services/schemas/enums";

// The health monitor form, for create and edit (where the type is locked). HTTP-only fields are
// sent only for HTTP and HTTPS monitors. Horizon's rule that the delay is at least the timeout
// is checked here, in the dashboard only (the API follows Octavia, which has no such rule).

export interface MonitorFormValues extends Record<string, unknown> {
  type: string;
  name: string;
  delay: string;
  timeout: string;
  max_retries: string;
  max_retries_down: string;
  http_method: string;
  url_path: string;
  expected_codes: string;
  admin_state_up: boolean;
}

export const MONITOR_FORM_FIELDS = [
  "type",
  "name",
  "delay",
  "timeout",
  "max_retries",
  "max_retries_down",
  "http_method",
  "url_path",
  "expected_codes",
  "admin_state_up",
] as const;

export const isHttpMonitor = (type: string) => HTTP_MONITOR_TYPES.includes(type as HealthMonitorType);

export const monitorTypesFor = (poolProtocol: string): readonly HealthMonitorType[] => MONITOR_TYPES_FOR_POOL[poolProtocol as PoolProtocol] ?? [];

export function newMonitorValues(poolProtocol: string): MonitorFormValues {
  const types = monitorTypesFor(poolProtocol);
  const type = types.includes("HTTP") ? "HTTP" : (types[0] ?? "TCP");
  return {
    type,
    name: "",
    delay: "5",
    timeout: "5",
    max_retries: "3",
    max_retries_down: "3",
    http_method: "GET",
    url_path: "/",
    expected_codes: "200",
    admin_state_up: true,
  };
}

export function monitorFormValues(m: HealthMonitor): MonitorFormValues {
  return {
    type: m.type,
    name: m.name,
    delay: textOf(m.delay),
    timeout: textOf(m.timeout),
    max_retries: textOf(m.max_retries),
    max_retries_down: textOf(m.max_retries_down),
    http_method: m.http_method ?? "GET",
    url_path: m.url_path ?? "/",
    expected_codes: m.expected_codes ?? "200",
    admin_state_up: m.admin_state_up,
  };
}

const required = (text: string) => optionalInt(text) ?? Number.NaN;

/** The fields both create and update send (no pool_id, no type). */
export function monitorFields(v: MonitorFormValues) {
  return {
    name: v.name.trim(),
    delay: required(v.delay),
    timeout: required(v.timeout),
    max_retries: required(v.max_retries),
    max_retries_down: required(v.max_retries_down),
    admin_state_up: v.admin_state_up,
    ...(isHttpMonitor(v.type) ? { http_method: v.http_method, url_path: v.url_path.trim(), expected_codes: v.expected_codes.trim() } : {}),
  };
}

export function monitorCreateFromForm(poolId: string, v: MonitorFormValues) {
  return { pool_id: poolId, type: v.type, ...monitorFields(v) };
}

/** Horizon's form rule (not the API's): a check may not take longer than the time between checks. */
export function delayRule(v: MonitorFormValues): FormErrors {
  const delay = optionalInt(v.delay);
  const timeout = optionalInt(v.timeout);
  if (delay === undefined || timeout === undefined || Number.isNaN(delay) || Number.isNaN(timeout)) return {};
  return timeout > delay ? { timeout: "The timeout must be less than or equal to the delay" } : {};
}
