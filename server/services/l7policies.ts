import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import { GONE_STATUSES, l7policies, l7rules, type listeners, type loadBalancers } from "@/db/schema";
import { quotaDefaults } from "@/server/env";
import { consumeQuota } from "@/server/identity/quotas";
import { newResourceColumns, type ServiceContext, withTransaction } from "@/server/kernel/context";
import { ConflictError, UnsupportedOptionError, ValidationError } from "@/server/kernel/errors";
import { insertL7Rule } from "./l7rules";
import { lockListenerParents } from "./locks";
import { findL7Policy, findListener, findPool } from "./lookup";
import { listPage, mapPage } from "./paging";
import { HTTP_LISTENER_PROTOCOLS, type ListenerProtocol } from "./schemas/enums";
import {
  type L7PolicyCreateInput,
  l7PolicyFilters,
  type L7PolicyListInput,
  type L7PolicyRedirect,
  type L7PolicySpec,
  type L7PolicyUpdateInput,
  MAX_POSITION,
  MAX_RULES_PER_POLICY,
  resolvePolicyRedirect,
  tooManyRulesMessage,
} from "./schemas/l7";
import { poolProtocolRule } from "./schemas/rules";
import { announceCreated, setStatus, statusTarget } from "./status";
import { l7PolicyView } from "./views";

type LoadBalancerRow = typeof loadBalancers.$inferSelect;
type ListenerRow = typeof listeners.$inferSelect;
type L7PolicyRow = typeof l7policies.$inferSelect;

export const l7PolicyTarget = (row: L7PolicyRow, lbId: string) => statusTarget("l7policy", row, lbId);

/** The amphora provider serves L7 policies on HTTP and TERMINATED_HTTPS listeners only (Octavia's 501). */
export function checkListenerTakesPolicies(protocol: ListenerProtocol, field: string): void {
  if (!HTTP_LISTENER_PROTOCOLS.includes(protocol)) {
    throw new UnsupportedOptionError(`Provider 'amphora' does not support a requested option: ${protocol} protocol listeners do not support L7 policies`, field);
  }
}

/** A redirect pool must be on the listener's load balancer and speak a protocol the listener can send to. */
async function checkRedirectPool(ctx: ServiceContext, listener: ListenerRow, poolId: string): Promise<void> {
  const pool = await findPool(ctx, poolId).catch(() => {
    throw new ValidationError(`Pool ${poolId} not found.`, "redirect_pool_id");
  });
  if (pool.loadbalancer_id !== listener.loadbalancer_id) {
    throw new ValidationError(`Pool ${poolId} is not on load balancer ${listener.loadbalancer_id}.`, "redirect_pool_id");
  }
  const message = poolProtocolRule(listener.protocol, pool.protocol);
  if (message) throw new ValidationError(`Validation failure: ${message}`, "redirect_pool_id");
}

function resolved(redirect: L7PolicyRedirect | string): L7PolicyRedirect {
  if (typeof redirect === "string") throw new ValidationError(redirect, "action");
  return redirect;
}

/** The listener's live policies (not being deleted), in position order. */
async function livePolicyIds(ctx: ServiceContext, listenerId: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ id: l7policies.id })
    .from(l7policies)
    .where(and(eq(l7policies.listener_id, listenerId), notInArray(l7policies.provisioning_status, [...GONE_STATUSES])))
    .orderBy(asc(l7policies.position), asc(l7policies.created_at));
  return rows.map((r) => r.id);
}

/**
 * Puts `id` at `position` among the listener's live policies and numbers them 1..N again, as
 * Octavia's ordering list does: a position past the end (or none) means last.
 */
async function placePolicy(ctx: ServiceContext, listenerId: string, id: string, position: number | undefined): Promise<void> {
  const others = (await livePolicyIds(ctx, listenerId)).filter((p) => p !== id);
  const at = Math.min((position ?? Number.MAX_SAFE_INTEGER) - 1, others.length);
  await renumber(ctx, [...others.slice(0, at), id, ...others.slice(at)]);
}

async function renumber(ctx: ServiceContext, ordered: string[]): Promise<void> {
  for (const [i, id] of ordered.entries()) {
    await ctx.db.update(l7policies).set({ position: i + 1 }).where(and(eq(l7policies.id, id), notInArray(l7policies.position, [i + 1])));
  }
}

/** Rules the graph or create carries must be checked for count before anything is written. */
function checkRuleCount(policyId: string, count: number): void {
  if (count > MAX_RULES_PER_POLICY) throw new ConflictError(tooManyRulesMessage(policyId), "rules");
}

/**
 * Inserts a policy (and its rules) in PENDING_CREATE at its position. The redirect fields must
 * already be resolved; the listener checks are the caller's.
 */
export async function insertL7PolicyTree(
  ctx: ServiceContext,
  lbId: string,
  listener: ListenerRow,
  spec: Omit<L7PolicySpec, keyof L7PolicyRedirect>,
  redirect: L7PolicyRedirect,
): Promise<L7PolicyRow> {
  await consumeQuota(ctx.db, ctx.projectId, "l7policy", quotaDefaults());
  const [row] = await ctx.db
    .insert(l7policies)
    .values({
      ...newResourceColumns(ctx, spec),
      listener_id: listener.id,
      ...redirect,
      position: MAX_POSITION, // last, until placePolicy numbers the list
      tags: spec.tags ?? [],
    })
    .returning();
  if (!row) throw new Error("l7policy insert returned no row");
  await placePolicy(ctx, listener.id, row.id, spec.position);
  await announceCreated(ctx.db, l7PolicyTarget(row, lbId), row);
  checkRuleCount(row.id, spec.rules?.length ?? 0);
  for (const rule of spec.rules ?? []) await insertL7Rule(ctx, lbId, row, rule);
  return row;
}

/** Checks and writes a listener's inline policies: the graph-create part (listener created in the same call). */
export async function insertListenerPolicies(ctx: ServiceContext, lb: LoadBalancerRow, listener: ListenerRow, specs: L7PolicySpec[], field: string) {
  if (specs.length === 0) return;
  checkListenerTakesPolicies(listener.protocol, `${field}protocol`);
  for (const [i, spec] of specs.entries()) {
    const redirect = resolved(resolvePolicyRedirect(spec));
    if (redirect.redirect_pool_id) await checkRedirectPool(ctx, listener, redirect.redirect_pool_id);
    await insertL7PolicyTree(ctx, lb.id, listener, { ...spec, rules: spec.rules ?? [] }, redirect).catch((err: unknown) => {
      // Name the nested field, so a form can show the error beside it.
      if (err instanceof ValidationError && err.field && !err.field.startsWith(field)) throw new ValidationError(err.message, `${field}l7policies.${i}.${err.field}`);
      throw err;
    });
  }
}

export async function listL7Policies(ctx: ServiceContext, input: L7PolicyListInput = {}) {
  const page = await listPage(ctx, l7policies, input ?? {}, { filters: Object.keys(l7PolicyFilters) });
  return mapPage(page, (rows) => withRuleIds(ctx, rows));
}

async function withRuleIds(ctx: ServiceContext, rows: L7PolicyRow[]) {
  const ids = rows.map((r) => r.id);
  const rules = ids.length
    ? await ctx.db
        .select({ id: l7rules.id, policy: l7rules.l7policy_id })
        .from(l7rules)
        .where(and(inArray(l7rules.l7policy_id, ids), notInArray(l7rules.provisioning_status, ["DELETED"])))
        .orderBy(asc(l7rules.created_at))
    : [];
  return rows.map((r) => l7PolicyView(r, rules.filter((x) => x.policy === r.id).map((x) => x.id)));
}

export async function getL7Policy(ctx: ServiceContext, id: string) {
  const [view] = await withRuleIds(ctx, [await findL7Policy(ctx, id)]);
  if (!view) throw new Error("l7policy view missing");
  return view;
}

export function createL7Policy(ctx: ServiceContext, input: L7PolicyCreateInput) {
  return withTransaction(ctx, async (tx) => {
    const listener = await findListener(tx, input.listener_id);
    checkListenerTakesPolicies(listener.protocol, "listener_id");
    const redirect = resolved(resolvePolicyRedirect(input));
    if (redirect.redirect_pool_id) await checkRedirectPool(tx, listener, redirect.redirect_pool_id);
    const { lb } = await lockListenerParents(tx, listener.id);
    const { listener_id: _l, ...spec } = input;
    const row = await insertL7PolicyTree(tx, lb.id, listener, spec, redirect);
    return getL7Policy(tx, row.id);
  });
}

/**
 * An update's redirect fields: a new action takes its fields from the input, or from the row
 * when they fit it; with no action, the fields given decide it (Octavia's precedence).
 */
function mergedRedirect(row: L7PolicyRow, input: L7PolicyUpdateInput) {
  const given = (k: "redirect_pool_id" | "redirect_url" | "redirect_prefix" | "redirect_http_code") => input[k] !== undefined;
  const anyRedirect = given("redirect_pool_id") || given("redirect_url") || given("redirect_prefix");
  if (input.action === undefined && !anyRedirect) {
    return resolvePolicyRedirect({ ...row, action: row.action, redirect_http_code: input.redirect_http_code ?? row.redirect_http_code });
  }
  const action = input.action ?? row.action;
  const keep = (k: "redirect_pool_id" | "redirect_url" | "redirect_prefix", forAction: string) =>
    given(k) ? input[k] : action === forAction && !anyRedirect ? row[k] : null;
  return resolvePolicyRedirect({
    action,
    redirect_pool_id: keep("redirect_pool_id", "REDIRECT_TO_POOL"),
    redirect_url: keep("redirect_url", "REDIRECT_TO_URL"),
    redirect_prefix: keep("redirect_prefix", "REDIRECT_PREFIX"),
    redirect_http_code: given("redirect_http_code") ? input.redirect_http_code : action === row.action ? row.redirect_http_code : null,
  });
}

export function updateL7Policy(ctx: ServiceContext, input: L7PolicyUpdateInput) {
  return withTransaction(ctx, async (tx) => {
    const { id, listener_id: _l, position, ...changes } = input;
    if (Object.keys(changes).length === 0 && position === undefined) throw new ValidationError("Invalid update options");
    const row = await findL7Policy(tx, id);
    const listener = await findListener(tx, row.listener_id);
    const redirect = resolved(mergedRedirect(row, input));
    if (redirect.redirect_pool_id && redirect.redirect_pool_id !== row.redirect_pool_id) {
      await checkRedirectPool(tx, listener, redirect.redirect_pool_id);
    }
    const { lb } = await lockListenerParents(tx, listener.id);
    const { action: _a, redirect_pool_id: _p, redirect_url: _u, redirect_prefix: _x, redirect_http_code: _c, ...plain } = changes;
    await tx.db.update(l7policies).set({ ...plain, ...redirect }).where(eq(l7policies.id, id));
    if (position !== undefined) await placePolicy(tx, listener.id, id, position);
    await setStatus(tx.db, l7PolicyTarget(row, lb.id), { provisioning_status: "PENDING_UPDATE" });
    return getL7Policy(tx, id);
  });
}

/** Marks a policy and its rules PENDING_DELETE and closes its gap in the positions. */
export async function markPolicyDeleted(ctx: ServiceContext, row: L7PolicyRow, lbId: string): Promise<void> {
  const rules = await ctx.db.select().from(l7rules).where(eq(l7rules.l7policy_id, row.id));
  for (const rule of rules) {
    await setStatus(ctx.db, statusTarget("l7rule", rule, lbId), { provisioning_status: "PENDING_DELETE" });
  }
  await setStatus(ctx.db, l7PolicyTarget(row, lbId), { provisioning_status: "PENDING_DELETE" });
}

export function deleteL7Policy(ctx: ServiceContext, id: string) {
  return withTransaction(ctx, async (tx) => {
    const row = await findL7Policy(tx, id);
    const { lb } = await lockListenerParents(tx, row.listener_id);
    await markPolicyDeleted(tx, row, lb.id);
    await renumber(tx, await livePolicyIds(tx, row.listener_id));
  });
}

/** Every live policy of these listeners, for a cascade (listener or load balancer delete). */
export async function policiesOfListeners(ctx: ServiceContext, listenerIds: string[]): Promise<L7PolicyRow[]> {
  if (listenerIds.length === 0) return [];
  return ctx.db.select().from(l7policies).where(and(inArray(l7policies.listener_id, listenerIds), notInArray(l7policies.provisioning_status, [...GONE_STATUSES])));
}

/** The first live policy redirecting to a pool, which keeps that pool from being deleted. */
export async function policyUsingPool(ctx: ServiceContext, poolId: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ id: l7policies.id })
    .from(l7policies)
    .where(and(eq(l7policies.redirect_pool_id, poolId), notInArray(l7policies.provisioning_status, [...GONE_STATUSES])));
  return row?.id ?? null;
}
