import { z } from "zod";
import { L7POLICY_ACTIONS, L7RULE_COMPARE_TYPES, L7RULE_TYPES, type L7PolicyAction, type L7RuleCompareType, type L7RuleType } from "@/db/schema/enums";
import { DN_FIELD, L7_KEY, L7_VALUE, REDIRECT_URL, regexProblem } from "@/amphora/l7-values";
import { boolField, enumField, immutableField, intField, nameField, tagsField, uuidField } from "./fields";
import { commonFilters, intFilter, listInput } from "./paging";

// L7 policies and rules: Octavia's fields, defaults, per-type rules and messages. The rules are
// pure functions (each returns Octavia's message or null) so the schemas run them on a create
// and the services run them again on an update, merged with the stored row.

// The value lists are Octavia's vocabulary, listed once in db/schema/enums.ts.
export { L7POLICY_ACTIONS, L7RULE_COMPARE_TYPES, L7RULE_TYPES, type L7PolicyAction, type L7RuleCompareType, type L7RuleType };

export const REDIRECT_HTTP_CODES = [301, 302, 303, 307, 308] as const;

/** Octavia's limit of rules on one policy (a 409 beyond it). */
export const MAX_RULES_PER_POLICY = 50;
export const MAX_POSITION = 2_147_483_647;

export const tooManyRulesMessage = (policyId: string) => `Too many rules on L7 policy ${policyId}`;

// ---- rules ----

export interface L7RuleFields {
  type: L7RuleType;
  compare_type: L7RuleCompareType;
  key?: string | null | undefined;
  value?: string | null | undefined;
}

/** Octavia's ASCII charsets (its constants), before our renderability check. */
const HEADER_VALUE = /^[\x21-\x7e]+$/;
const QUOTED_HEADER_VALUE = /^"[\x20-\x7e]+"$/;
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

const invalidRule = (msg: string) => `Error parsing L7Rule: Invalid L7 Rule: ${msg}`;
const invalidChars = (what: string) => `Error parsing L7Rule: Invalid characters in ${what}`;

function regexRule(value: string): string | null {
  const problem = regexProblem(value);
  return problem ? `Error parsing L7Rule: Unable to parse regular expression: ${problem}` : null;
}

/** Octavia's validate.l7rule_data, with our allow-list on top: the message, or null when the rule is valid. */
export function l7RuleProblem(rule: L7RuleFields): string | null {
  const { type, compare_type } = rule;
  const key = rule.key ?? null;
  const value = rule.value ?? null;
  if (type === "SSL_CONN_HAS_CERT" || type === "SSL_VERIFY_RESULT") {
    if (key) return invalidRule(`L7rule type ${type} does not use the "key" field.`);
    if (type === "SSL_CONN_HAS_CERT" && (value ?? "").toLowerCase() !== "true") return invalidRule(`L7rule value ${value} is not a boolean True string.`);
    if (type === "SSL_VERIFY_RESULT" && !/^\d{1,9}$/.test(value ?? "")) return invalidRule(`L7rule type ${type} needs a int value, which is >= 0`);
    if (compare_type !== "EQUAL_TO") return invalidRule(`L7rule type ${type} only supports the EQUAL_TO compare type.`);
    return null;
  }
  if (type === "SSL_DN_FIELD") {
    if (compare_type === "REGEX" && value) {
      const problem = regexRule(value);
      if (problem) return problem;
    }
    if (!key || !value) return invalidRule(`L7rule type ${type} needs to specify a key and a value.`);
    if (!DN_FIELD.test(key)) return invalidRule("Invalid L7rule distinguished name field.");
    return L7_VALUE.test(value) ? null : invalidChars("comparison value");
  }
  if (!value) return invalidRule("L7 rule type requires a value");
  if (type === "HEADER" || type === "COOKIE") {
    if (!key) return invalidRule("L7 rule type requires a key");
    if (!L7_KEY.test(key)) return invalidChars("key");
  }
  if (type === "FILE_TYPE" && compare_type !== "REGEX" && compare_type !== "EQUAL_TO") {
    return invalidRule("invalid comparison type for rule type");
  }
  if (compare_type === "REGEX") return regexRule(value);
  if (type === "COOKIE") return COOKIE_VALUE.test(value) ? null : invalidChars("cookie value");
  const what = type === "HEADER" ? "header value" : "comparison value";
  return HEADER_VALUE.test(value) || QUOTED_HEADER_VALUE.test(value) ? null : invalidChars(what);
}

const ruleText = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .max(255, { error: `${field} must be at most 255 characters` })
    // Octavia's own pattern for both fields: one line.
    .regex(/^[^\r\n]*$/, { error: `${field} must be a single line` });

const ruleFields = {
  type: enumField("type", L7RULE_TYPES),
  compare_type: enumField("compare_type", L7RULE_COMPARE_TYPES),
  key: ruleText("key").nullish(),
  value: ruleText("value"),
  invert: boolField("invert").nullish(),
  admin_state_up: boolField("admin_state_up").optional(),
  tags: tagsField().optional(),
};

function checkRule(v: L7RuleFields, ctx: z.RefinementCtx) {
  const message = l7RuleProblem(v);
  if (message) ctx.addIssue({ code: "custom", path: ["value"], message });
}

/** A rule as nested in a policy of a graph create. */
export const l7RuleSpec = z.strictObject(ruleFields).superRefine(checkRule);
export type L7RuleSpec = z.infer<typeof l7RuleSpec>;

export const l7RuleCreateInput = z.strictObject({ l7policy_id: uuidField("l7policy_id"), ...ruleFields }).superRefine(checkRule);
export type L7RuleCreateInput = z.infer<typeof l7RuleCreateInput>;

/** The type-dependent rules need the stored row too: the service checks the merged rule. */
export const l7RuleUpdateInput = z.strictObject({
  id: uuidField("id"),
  ...z.object(ruleFields).partial().shape,
  l7policy_id: immutableField("l7policy_id"),
});
export type L7RuleUpdateInput = z.infer<typeof l7RuleUpdateInput>;

export const l7RuleFilters = {
  id: commonFilters.id,
  provisioning_status: commonFilters.provisioning_status,
  operating_status: commonFilters.operating_status,
  admin_state_up: commonFilters.admin_state_up,
  type: enumField("type", L7RULE_TYPES),
  compare_type: enumField("compare_type", L7RULE_COMPARE_TYPES),
  key: ruleText("key").nullable(),
  value: ruleText("value"),
  invert: boolField("invert"),
};

/** Rules are listed per policy, as Octavia's /l7policies/{id}/rules is. */
export const l7RuleListInput = listInput(l7RuleFilters, { l7policy_id: uuidField("l7policy_id") });
export type L7RuleListInput = z.infer<typeof l7RuleListInput>;

export const l7RuleIdInput = z.strictObject({ l7policy_id: uuidField("l7policy_id").optional(), id: uuidField("id") });

// ---- policies ----

export interface L7PolicyRedirect {
  action: L7PolicyAction;
  redirect_pool_id: string | null;
  redirect_url: string | null;
  redirect_prefix: string | null;
  redirect_http_code: number | null;
}

const invalidPolicy = (msg: string) => `Invalid L7 Policy arguments: ${msg}`;

/**
 * Octavia's sanitize_l7policy_api_args: the fields the action needs must be there, a pool and a
 * URL/prefix exclude each other, and then the fields present decide the action (pool > url >
 * prefix, so REJECT with a prefix becomes REDIRECT_PREFIX); the others are nulled. Redirects get
 * code 302 unless given; a pool or REJECT has none. Answers Octavia's message on a violation.
 */
export function resolvePolicyRedirect(v: {
  action: L7PolicyAction;
  redirect_pool_id?: string | null | undefined;
  redirect_url?: string | null | undefined;
  redirect_prefix?: string | null | undefined;
  redirect_http_code?: number | null | undefined;
}): L7PolicyRedirect | string {
  let pool = v.redirect_pool_id ?? null;
  let url = v.redirect_url ?? null;
  const prefix = v.redirect_prefix ?? null;
  if (v.action === "REJECT") {
    pool = null;
    url = null;
  } else if (v.action === "REDIRECT_TO_URL" && !url) return invalidPolicy("redirect_url must not be None");
  else if (v.action === "REDIRECT_TO_POOL" && !pool) return invalidPolicy("redirect_pool_id or redirect_pool must not be None");
  else if (v.action === "REDIRECT_PREFIX" && !prefix) return invalidPolicy("redirect_prefix must not be None");
  if (pool && (url || prefix)) return invalidPolicy("Cannot specify redirect_pool_id and redirect_url or redirect_prefix at the same time");
  const action: L7PolicyAction = pool ? "REDIRECT_TO_POOL" : url ? "REDIRECT_TO_URL" : prefix ? "REDIRECT_PREFIX" : v.action;
  const redirects = action === "REDIRECT_TO_URL" || action === "REDIRECT_PREFIX";
  return {
    action,
    redirect_pool_id: action === "REDIRECT_TO_POOL" ? pool : null,
    redirect_url: action === "REDIRECT_TO_URL" ? url : null,
    redirect_prefix: action === "REDIRECT_PREFIX" ? prefix : null,
    redirect_http_code: redirects ? (v.redirect_http_code ?? 302) : null,
  };
}

const urlField = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .max(255, { error: `${field} must be at most 255 characters` })
    .regex(REDIRECT_URL, { error: "Value must be a valid URL string" });

const policyFields = {
  name: nameField().optional(),
  description: nameField("description").optional(),
  admin_state_up: boolField("admin_state_up").optional(),
  action: enumField("action", L7POLICY_ACTIONS),
  position: intField("position", 1, MAX_POSITION).optional(),
  redirect_pool_id: uuidField("redirect_pool_id").nullish(),
  redirect_url: urlField("redirect_url").nullish(),
  redirect_prefix: urlField("redirect_prefix").nullish(),
  redirect_http_code: z
    .union(
      REDIRECT_HTTP_CODES.map((c) => z.literal(c)),
      { error: `redirect_http_code must be one of ${REDIRECT_HTTP_CODES.join(", ")}` },
    )
    .nullish(),
  tags: tagsField().optional(),
};

function checkPolicy(v: Parameters<typeof resolvePolicyRedirect>[0], ctx: z.RefinementCtx) {
  const resolved = resolvePolicyRedirect(v);
  if (typeof resolved === "string") ctx.addIssue({ code: "custom", path: ["action"], message: resolved });
}

/** A policy as nested in a listener of a graph create, with its rules. */
export const l7PolicySpec = z
  .strictObject({
    ...policyFields,
    // More than MAX_RULES_PER_POLICY is Octavia's 409, which names the policy: the service says it.
    rules: z.array(l7RuleSpec, { error: "rules must be a list" }).optional(),
  })
  .superRefine(checkPolicy);
export type L7PolicySpec = z.infer<typeof l7PolicySpec>;

export const l7PolicyCreateInput = z
  .strictObject({
    listener_id: uuidField("listener_id"),
    ...policyFields,
    rules: l7PolicySpec.shape.rules,
  })
  .superRefine(checkPolicy);
export type L7PolicyCreateInput = z.infer<typeof l7PolicyCreateInput>;

export const l7PolicyUpdateInput = z.strictObject({
  id: uuidField("id"),
  ...z.object(policyFields).partial().shape,
  listener_id: immutableField("listener_id"),
});
export type L7PolicyUpdateInput = z.infer<typeof l7PolicyUpdateInput>;

export const l7PolicyFilters = {
  ...commonFilters,
  description: nameField("description"),
  listener_id: uuidField("listener_id"),
  action: enumField("action", L7POLICY_ACTIONS),
  position: intFilter("position"),
  redirect_pool_id: uuidField("redirect_pool_id").nullable(),
  redirect_url: urlField("redirect_url").nullable(),
  redirect_prefix: urlField("redirect_prefix").nullable(),
  redirect_http_code: intFilter("redirect_http_code").nullable(),
};

export const l7PolicyListInput = listInput(l7PolicyFilters).optional();
export type L7PolicyListInput = z.infer<typeof l7PolicyListInput>;
