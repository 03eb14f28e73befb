import { type FormErrors, schemaErrors } from "@/components/ui/form-errors";
import { L7RULE_COMPARE_TYPES, L7RULE_TYPES, type L7RuleCompareType, type L7RuleType, l7RuleSpec } from "@/server/services/schemas/l7";
import type { L7Rule } from "./types";

// What the Create and Edit Rule forms send, and their checks: the API's own schema. Its per-type
// rules all report on `value`; the ones about the key are shown on the key field instead.

export interface RuleValues extends Record<string, unknown> {
  type: L7RuleType;
  compare_type: L7RuleCompareType;
  key: string;
  value: string;
  invert: boolean;
  admin_state_up: boolean;
}

export const TYPE_OPTIONS = L7RULE_TYPES.map((t) => ({ value: t, label: t }));

/** The rule types that name something to compare: a header, a cookie, a DN field. */
export const usesKey = (type: L7RuleType) => type === "HEADER" || type === "COOKIE" || type === "SSL_DN_FIELD";

export const KEY_LABEL: Partial<Record<L7RuleType, string>> = { HEADER: "Header Name", COOKIE: "Cookie Name", SSL_DN_FIELD: "DN Field" };

/** The compare types a rule type allows (Octavia's per-type rules). */
export function compareTypesFor(type: L7RuleType): readonly L7RuleCompareType[] {
  if (type === "FILE_TYPE") return ["REGEX", "EQUAL_TO"];
  if (type === "SSL_CONN_HAS_CERT" || type === "SSL_VERIFY_RESULT") return ["EQUAL_TO"];
  return L7RULE_COMPARE_TYPES;
}

/** A change of type keeps the compare type when the new type allows it, else takes its first. */
export function withType(v: RuleValues, type: L7RuleType): RuleValues {
  const allowed = compareTypesFor(type);
  return { ...v, type, compare_type: allowed.includes(v.compare_type) ? v.compare_type : (allowed[0] ?? "EQUAL_TO") };
}

/** What the value means for the type, said under the field. */
export const VALUE_HINT: Partial<Record<L7RuleType, string>> = {
  HOST_NAME: "The Host header, e.g. www.example.com",
  PATH: "The path, e.g. /api",
  FILE_TYPE: "The file extension, e.g. jpg",
  SSL_CONN_HAS_CERT: "true: the client sent a certificate",
  SSL_VERIFY_RESULT: "The verification result, 0 when the certificate was verified",
};

export function ruleValues(r?: L7Rule): RuleValues {
  return {
    type: r?.type ?? "PATH",
    compare_type: r?.compare_type ?? "STARTS_WITH",
    key: r?.key ?? "",
    value: r?.value ?? "",
    invert: r?.invert ?? false,
    admin_state_up: r?.admin_state_up ?? true,
  };
}

/** The create or update input (without l7policy_id or id); a type without a key clears it. Values are sent as typed: spaces may matter. */
export const ruleInput = (v: RuleValues) => ({
  type: v.type,
  compare_type: v.compare_type,
  key: usesKey(v.type) ? v.key.trim() : null,
  value: v.value,
  invert: v.invert,
  admin_state_up: v.admin_state_up,
});

const ABOUT_KEY = [/requires a key/, /Invalid characters in key/, /distinguished name field/, /does not use the "key" field/];

/** Whether a message of the per-type check is about the key rather than the value. */
export function isAboutKey(message: string, v: Pick<RuleValues, "key">): boolean {
  if (/needs to specify a key and a value/.test(message)) return v.key.trim() === "";
  return ABOUT_KEY.some((re) => re.test(message));
}

export function ruleErrors(v: RuleValues): FormErrors {
  const errors = schemaErrors(l7RuleSpec, ruleInput(v));
  if (errors.value && !errors.key && isAboutKey(errors.value, v)) {
    const { value, ...rest } = errors;
    return { ...rest, key: value };
  }
  return errors;
}
