import type { HealthMonitor } from "@/components/api-types";
import { URL_PATH } from "@/amphora/patterns";
import { HEALTH_MONITOR_TYPES, HTTP_MONITOR_TYPES, type HealthMonitorType, type PoolProtocol } from "@/server/services/schemas/enums";
import { monitorTypeEnabledRule } from "@/server/services/schemas/healthMonitor";
import { monitorTypeRule } from "@/server/services/schemas/rules";
import type { FieldLabels } from "./messages";
import { compact, optionalText, parseNumber, requiredNumber } from "./values";

// The health monitor form, one for the wizard's monitor step and Create/Edit Health Monitor (where
// the type is locked). HTTP-only fields are sent only for HTTP and HTTPS monitors. Horizon's rule
// that the delay is at least the timeout is checked here, in the dashboard only (the API follows
// Octavia, which has no such rule).

export interface MonitorFormValues extends Record<string, unknown> {
  type: HealthMonitorType;
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

export const MONITOR_LABELS: FieldLabels = {
  type: "Type",
  name: "Name",
  delay: "Delay",
  timeout: "Timeout",
  max_retries: "Max Retries",
  max_retries_down: "Max Retries Down",
  http_method: "HTTP Method",
  url_path: "URL Path",
  expected_codes: "Expected Codes",
  admin_state_up: "Admin State Up",
};

export const MONITOR_FORM_FIELDS = Object.keys(MONITOR_LABELS);

export const isHttpMonitor = (type: string) => HTTP_MONITOR_TYPES.includes(type as HealthMonitorType);

/**
 * The monitor types the API accepts on a pool of this protocol; `allowPing` is the deployment's
 * ALLOW_PING_HEALTH_MONITORS (useDeploymentOptions), left out where only the pool matters.
 */
export const monitorTypesFor = (pool: PoolProtocol, allowPing = true): HealthMonitorType[] =>
  HEALTH_MONITOR_TYPES.filter((t) => monitorTypeRule(pool, t) === null && monitorTypeEnabledRule(t, allowPing) === null);

/** The type a new monitor starts with: the one that matches the pool's protocol when allowed. */
export function defaultMonitorType(pool: PoolProtocol): HealthMonitorType {
  const preferred: Partial<Record<PoolProtocol, HealthMonitorType>> = { HTTP: "HTTP", HTTPS: "HTTPS", TCP: "TCP", UDP: "UDP-CONNECT" };
  const allowed = monitorTypesFor(pool);
  const choice = preferred[pool] ?? "HTTP";
  return allowed.includes(choice) ? choice : (allowed[0] ?? "TCP");
}

export function newMonitorValues(pool: PoolProtocol): MonitorFormValues {
  return {
    type: defaultMonitorType(pool),
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
    delay: String(m.delay),
    timeout: String(m.timeout),
    max_retries: String(m.max_retries),
    max_retries_down: String(m.max_retries_down),
    http_method: m.http_method ?? "GET",
    url_path: m.url_path ?? "/",
    expected_codes: m.expected_codes ?? "200",
    admin_state_up: m.admin_state_up,
  };
}

/** The fields both create and update send (no pool_id, no type, no name). */
function checkFields(v: MonitorFormValues) {
  return {
    delay: requiredNumber(v.delay),
    timeout: requiredNumber(v.timeout),
    max_retries: requiredNumber(v.max_retries),
    max_retries_down: parseNumber(v.max_retries_down),
    admin_state_up: v.admin_state_up,
    ...(isHttpMonitor(v.type) ? { http_method: v.http_method, url_path: v.url_path.trim(), expected_codes: v.expected_codes.trim() } : {}),
  };
}

/** A new monitor (nested in a graph, or with a pool_id for healthMonitor.create): an empty name is left out. */
export function monitorCreateFields(v: MonitorFormValues) {
  return compact({ type: v.type, name: optionalText(v.name), ...checkFields(v) });
}

/** healthMonitor.update: the type stays; a cleared name is sent as "". */
export function monitorUpdateFields(v: MonitorFormValues) {
  return { name: v.name.trim(), ...checkFields(v) };
}

/** Horizon's form rule (not the API's): a check may not take longer than the time between checks. */
export function delayRule(v: Pick<MonitorFormValues, "delay" | "timeout">): string | null {
  const delay = parseNumber(v.delay);
  const timeout = parseNumber(v.timeout);
  if (delay === undefined || timeout === undefined || Number.isNaN(delay) || Number.isNaN(timeout)) return null;
  return timeout > delay ? "The timeout must be less than or equal to the delay." : null;
}

/** A character as a URL carries it: encodeURIComponent's form, which leaves a few (such as ') as they are. */
function percentEncoded(char: string): string {
  const encoded = encodeURIComponent(char);
  return encoded !== char ? encoded : `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
}

/**
 * What is wrong with a URL path the API refuses ("Value must be a valid URL Path string", Octavia's
 * words), in terms of what was typed; null when it is not the path that is wrong.
 */
export function urlPathProblem(value: string): string | null {
  if (value === "") return "Enter a path, e.g. /healthz";
  if (!value.startsWith("/")) return `The path must start with /, e.g. /${value.replace(/^\/*/, "")}`;
  if (value.startsWith("//")) return "The path names a host (//…): give only the path, e.g. /healthz";
  if (/\s/.test(value)) return "The path may not contain spaces; write a space as %20";
  const bad = [...value].find((c) => !URL_PATH.test(`/${c}`) && c !== "%");
  if (bad) return `The path may not contain ${JSON.stringify(bad)}; write it percent-encoded (${percentEncoded(bad)})`;
  if (!URL_PATH.test(value)) return value.length > 1024 ? "The path may be at most 1024 characters" : "A % must start a code such as %20";
  return null;
}
