import { z } from "zod";
import { HEALTH_MONITOR_TYPES, HTTP_METHODS, HTTP_MONITOR_TYPES, type HealthMonitorType, type HttpMethod } from "./enums";
import { boolField, enumField, immutableField, intField, nameField, tagsField, uuidField } from "./fields";
import { commonFilters, intFilter, listInput } from "./paging";
import {
  domainNameRule,
  expectedCodesRule,
  HTTP_ONLY_MONITOR_FIELDS,
  httpOnlyMonitorFieldRule,
  udpConnectDelayRule,
  urlPathRule,
} from "./rules";

const MAX_SECONDS = 86_400;

const mutableFields = {
  name: nameField().optional(),
  delay: intField("delay", 1, MAX_SECONDS),
  timeout: intField("timeout", 1, MAX_SECONDS),
  max_retries: intField("max_retries", 1, 10),
  max_retries_down: intField("max_retries_down", 1, 10).optional(),
  http_method: enumField("http_method", HTTP_METHODS).nullish(),
  url_path: z
    .string({ error: "url_path must be a string" })
    .refine((v) => urlPathRule(v) === null, { error: "Value must be a valid URL Path string" })
    .nullish(),
  expected_codes: z
    .string({ error: "expected_codes must be a string" })
    .superRefine((v, ctx) => {
      const message = expectedCodesRule(v);
      if (message) ctx.addIssue({ code: "custom", message });
    })
    .nullish(),
  http_version: z.enum(["1.0", "1.1"], { error: "http_version must be 1.0 or 1.1" }).nullish(),
  domain_name: z
    .string({ error: "domain_name must be a string" })
    .refine((v) => domainNameRule(v) === null, { error: "domain_name must be a valid host name (RFC 1123)" })
    .nullish(),
  admin_state_up: boolField("admin_state_up").optional(),
  tags: tagsField().optional(),
};

/** Rules that need the type: HTTP-only fields, UDP-CONNECT delay, domain_name needs HTTP/1.1. */
function checkTypeRules(
  v: { type: HealthMonitorType; delay?: number } & Partial<Record<(typeof HTTP_ONLY_MONITOR_FIELDS)[number], unknown>>,
  ctx: z.RefinementCtx,
) {
  for (const field of HTTP_ONLY_MONITOR_FIELDS) {
    if (v[field] == null) continue;
    const message = httpOnlyMonitorFieldRule(v.type, field);
    if (message) ctx.addIssue({ code: "custom", path: [field], message });
  }
  const delayMessage = v.delay === undefined ? null : udpConnectDelayRule(v.type, v.delay);
  if (delayMessage) ctx.addIssue({ code: "custom", path: ["delay"], message: delayMessage });
  if (v.domain_name != null && v.http_version !== "1.1") {
    ctx.addIssue({ code: "custom", path: ["domain_name"], message: "domain_name requires http_version 1.1" });
  }
}

/** A monitor as nested in a graph create: no pool_id. */
export const healthMonitorSpec = z
  .strictObject({ type: enumField("type", HEALTH_MONITOR_TYPES), ...mutableFields })
  .superRefine(checkTypeRules);
export type HealthMonitorSpec = z.infer<typeof healthMonitorSpec>;

export const healthMonitorCreateInput = z
  .strictObject({ pool_id: uuidField("pool_id"), type: enumField("type", HEALTH_MONITOR_TYPES), ...mutableFields })
  .superRefine(checkTypeRules);
export type HealthMonitorCreateInput = z.infer<typeof healthMonitorCreateInput>;

/** The type is needed for the cross-field rules, so the service re-checks them with the row's type. */
export const healthMonitorUpdateInput = z.strictObject({
  id: uuidField("id"),
  ...z.object(mutableFields).partial().shape,
  type: immutableField("type"),
  pool_id: immutableField("pool_id"),
});
export type HealthMonitorUpdateInput = z.infer<typeof healthMonitorUpdateInput>;

/**
 * Whether this deployment accepts the type: PING only where the operator allows it
 * (ALLOW_PING_HEALTH_MONITORS, Octavia's allow_ping_health_monitors), because HAProxy runs it as
 * an external program, which a root HAProxy forks only with insecure-fork-wanted and
 * insecure-setuid-wanted. Octavia's DisabledOption message, or null. The API and the dashboard's
 * monitor form both ask it.
 */
export function monitorTypeEnabledRule(type: HealthMonitorType, allowPing: boolean): string | null {
  return type === "PING" && !allowPing ? "The selected type is not allowed in this deployment: PING" : null;
}

/** Octavia's defaults for the HTTP-only fields: set for HTTP(S) monitors, null otherwise. */
export function httpMonitorDefaults(type: HealthMonitorType): { http_method: HttpMethod | null; url_path: string | null; expected_codes: string | null } {
  return HTTP_MONITOR_TYPES.includes(type)
    ? { http_method: "GET", url_path: "/", expected_codes: "200" }
    : { http_method: null, url_path: null, expected_codes: null };
}

export { checkTypeRules as checkHealthMonitorTypeRules };

export const healthMonitorFilters = {
  ...commonFilters,
  pool_id: uuidField("pool_id"),
  type: enumField("type", HEALTH_MONITOR_TYPES),
  delay: intFilter("delay"),
  timeout: intFilter("timeout"),
  max_retries: intFilter("max_retries"),
  max_retries_down: intFilter("max_retries_down"),
  http_method: enumField("http_method", HTTP_METHODS).nullable(),
  url_path: nameField("url_path").nullable(),
  expected_codes: nameField("expected_codes").nullable(),
  http_version: z.enum(["1.0", "1.1"], { error: "http_version must be 1.0 or 1.1" }).nullable(),
  domain_name: nameField("domain_name").nullable(),
};

export const healthMonitorListInput = listInput(healthMonitorFilters).optional();
export type HealthMonitorListInput = z.infer<typeof healthMonitorListInput>;
