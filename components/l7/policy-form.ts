import { type FormErrors, schemaErrors } from "@/components/ui/form-errors";
import type { ListenerProtocol, PoolProtocol } from "@/server/services/schemas/enums";
import { L7POLICY_ACTIONS, type L7PolicyAction, l7PolicySpec, REDIRECT_HTTP_CODES } from "@/server/services/schemas/l7";
import { poolProtocolRule } from "@/server/services/schemas/rules";
import type { L7Policy } from "./types";

// What the Create and Edit L7 Policy forms send, and their checks: the API's own schema, with
// the message about a missing redirect target shown on that target's field.

export interface PolicyValues extends Record<string, unknown> {
  name: string;
  description: string;
  action: L7PolicyAction;
  redirect_pool_id: string;
  redirect_url: string;
  redirect_prefix: string;
  /** "" for the default (302). */
  redirect_http_code: string;
  /** "" for last. */
  position: string;
  admin_state_up: boolean;
}

export const ACTION_OPTIONS = L7POLICY_ACTIONS.map((a) => ({ value: a, label: a }));
export const HTTP_CODE_OPTIONS = REDIRECT_HTTP_CODES.map((c) => ({ value: String(c), label: String(c) }));

/** The field each action needs; REJECT needs none. */
type TargetField = "redirect_pool_id" | "redirect_url" | "redirect_prefix";
export const TARGET_FIELD: Record<L7PolicyAction, TargetField | null> = {
  REDIRECT_TO_POOL: "redirect_pool_id",
  REDIRECT_TO_URL: "redirect_url",
  REDIRECT_PREFIX: "redirect_prefix",
  REJECT: null,
};

/** Whether the action answers with a redirect, which has an HTTP code. */
export const takesHttpCode = (action: L7PolicyAction) => action === "REDIRECT_TO_URL" || action === "REDIRECT_PREFIX";

export function policyValues(p?: L7Policy): PolicyValues {
  return {
    name: p?.name ?? "",
    description: p?.description ?? "",
    action: p?.action ?? "REDIRECT_TO_POOL",
    redirect_pool_id: p?.redirect_pool_id ?? "",
    redirect_url: p?.redirect_url ?? "",
    redirect_prefix: p?.redirect_prefix ?? "",
    redirect_http_code: p?.redirect_http_code ? String(p.redirect_http_code) : "",
    position: p ? String(p.position) : "",
    admin_state_up: p?.admin_state_up ?? true,
  };
}

/**
 * The create or update input (without listener_id or id): only the target the action uses is
 * sent, so an edit that changes the action drops the old target (the API nulls the others).
 */
export function policyInput(v: PolicyValues) {
  const field = TARGET_FIELD[v.action];
  const position = v.position.trim();
  // Left out when empty: the API then says the action needs it.
  const target: Partial<Record<TargetField, string>> = field && v[field].trim() !== "" ? { [field]: v[field].trim() } : {};
  const code = REDIRECT_HTTP_CODES.find((c) => String(c) === v.redirect_http_code);
  return {
    name: v.name.trim(),
    description: v.description.trim(),
    action: v.action,
    admin_state_up: v.admin_state_up,
    ...(position !== "" && { position: Number(position) }),
    ...target,
    ...(takesHttpCode(v.action) && code !== undefined && { redirect_http_code: code }),
  };
}

/**
 * The API's checks. Its "redirect_url must not be None" is about the action as a whole; the form
 * shows it where the missing value is typed.
 */
export function policyErrors(v: PolicyValues): FormErrors {
  const errors = schemaErrors(l7PolicySpec, policyInput(v));
  const target = TARGET_FIELD[v.action];
  if (target && errors.action && !errors[target] && v[target].trim() === "") {
    const { action, ...rest } = errors;
    return { ...rest, [target]: action };
  }
  return errors;
}

/** The load balancer's pools a listener of this protocol can send to (Octavia's protocol table). */
export const compatiblePools = <P extends { protocol: string }>(listenerProtocol: ListenerProtocol, pools: readonly P[]) =>
  pools.filter((p) => poolProtocolRule(listenerProtocol, p.protocol as PoolProtocol) === null);

/** What the policy sends matching requests to, for the table: a pool name, a URL, a prefix. */
export function policyTarget(p: Pick<L7Policy, "action" | "redirect_pool_id" | "redirect_url" | "redirect_prefix" | "redirect_http_code">, poolName: (id: string) => string): string {
  if (p.action === "REDIRECT_TO_POOL" && p.redirect_pool_id) return poolName(p.redirect_pool_id);
  if (p.action === "REDIRECT_TO_URL" && p.redirect_url) return `${p.redirect_url} (${p.redirect_http_code ?? 302})`;
  if (p.action === "REDIRECT_PREFIX" && p.redirect_prefix) return `${p.redirect_prefix} (${p.redirect_http_code ?? 302})`;
  return "403 Forbidden";
}

/** Policies in the order HAProxy tries them. */
export const byPosition = <P extends { position: number }>(policies: readonly P[]) => [...policies].sort((a, b) => a.position - b.position);

/** The position a move up (-1) or down (+1) asks for, or null at the end it cannot pass. */
export function movedPosition(position: number, count: number, by: -1 | 1): number | null {
  const to = position + by;
  return to < 1 || to > count ? null : to;
}
