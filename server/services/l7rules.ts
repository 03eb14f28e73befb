import { and, count, eq, notInArray } from "drizzle-orm";
import { GONE_STATUSES, isPending, type l7policies, l7rules } from "@/db/schema";
import { quotaDefaults } from "@/server/env";
import { consumeQuota } from "@/server/identity/quotas";
import { type ServiceContext, withTransaction } from "@/server/kernel/context";
import { ConflictError, NotFoundError, ValidationError } from "@/server/kernel/errors";
import { immutableMessage } from "./lock-rules";
import { lockListenerParents } from "./locks";
import { findL7Policy, findL7Rule } from "./lookup";
import { listPage, mapPage } from "./paging";
import {
  type L7RuleCreateInput,
  l7RuleFilters,
  type L7RuleListInput,
  l7RuleProblem,
  type L7RuleSpec,
  type L7RuleUpdateInput,
  MAX_RULES_PER_POLICY,
  tooManyRulesMessage,
} from "./schemas/l7";
import { announceCreated, setStatus, statusTarget } from "./status";
import { l7RuleView } from "./views";

type L7PolicyRow = typeof l7policies.$inferSelect;
type L7RuleRow = typeof l7rules.$inferSelect;

const ruleTarget = (row: L7RuleRow, lbId: string) => statusTarget("l7rule", row, lbId);

/** Inserts a rule in PENDING_CREATE under `policy`. Validation (and the lock) is the caller's. */
export async function insertL7Rule(ctx: ServiceContext, lbId: string, policy: L7PolicyRow, spec: L7RuleSpec): Promise<L7RuleRow> {
  await consumeQuota(ctx.db, ctx.projectId, "l7rule", quotaDefaults());
  const [row] = await ctx.db
    .insert(l7rules)
    .values({
      project_id: ctx.projectId,
      l7policy_id: policy.id,
      admin_state_up: spec.admin_state_up ?? true,
      provisioning_status: "PENDING_CREATE",
      operating_status: "OFFLINE",
      type: spec.type,
      compare_type: spec.compare_type,
      key: spec.key ?? null,
      value: spec.value,
      invert: spec.invert ?? false,
      tags: spec.tags ?? [],
    })
    .returning();
  if (!row) throw new Error("l7rule insert returned no row");
  await announceCreated(ctx.db, ruleTarget(row, lbId), row);
  return row;
}

/** The rule must belong to the policy the caller names (Octavia's /l7policies/{id}/rules/{id}). */
async function findRuleOf(ctx: ServiceContext, policyId: string | undefined, id: string): Promise<L7RuleRow> {
  const row = await findL7Rule(ctx, id);
  if (policyId !== undefined && row.l7policy_id !== policyId) throw new NotFoundError("L7 Rule", id);
  return row;
}

export async function listL7Rules(ctx: ServiceContext, input: L7RuleListInput) {
  const policy = await findL7Policy(ctx, input.l7policy_id);
  const { l7policy_id: _p, ...query } = input;
  const page = await listPage(ctx, l7rules, query, { filters: Object.keys(l7RuleFilters), where: [eq(l7rules.l7policy_id, policy.id)] });
  return mapPage(page, (rows) => rows.map(l7RuleView));
}

export async function getL7Rule(ctx: ServiceContext, input: { l7policy_id?: string | undefined; id: string }) {
  return l7RuleView(await findRuleOf(ctx, input.l7policy_id, input.id));
}

/** Also changes its policy: the policy goes PENDING_UPDATE beside its listener and load balancer. */
async function lockRuleParents(ctx: ServiceContext, policy: L7PolicyRow) {
  if (isPending(policy.provisioning_status)) throw new ConflictError(immutableMessage("L7 Policy", policy.id));
  const { lb } = await lockListenerParents(ctx, policy.listener_id);
  await setStatus(ctx.db, statusTarget("l7policy", policy, lb.id), { provisioning_status: "PENDING_UPDATE" });
  return lb;
}

export function createL7Rule(ctx: ServiceContext, input: L7RuleCreateInput) {
  return withTransaction(ctx, async (tx) => {
    const policy = await findL7Policy(tx, input.l7policy_id);
    const [existing] = await tx.db
      .select({ n: count() })
      .from(l7rules)
      .where(and(eq(l7rules.l7policy_id, policy.id), notInArray(l7rules.provisioning_status, [...GONE_STATUSES])));
    if ((existing?.n ?? 0) >= MAX_RULES_PER_POLICY) throw new ConflictError(tooManyRulesMessage(policy.id));
    const lb = await lockRuleParents(tx, policy);
    const { l7policy_id: _p, ...spec } = input;
    return l7RuleView(await insertL7Rule(tx, lb.id, policy, spec));
  });
}

export function updateL7Rule(ctx: ServiceContext, input: L7RuleUpdateInput) {
  return withTransaction(ctx, async (tx) => {
    const { id, l7policy_id: _p, ...changes } = input;
    if (Object.keys(changes).length === 0) throw new ValidationError("Invalid update options");
    const row = await findL7Rule(tx, id);
    // Octavia validates the stored rule with the changes laid over it.
    const merged = {
      type: changes.type ?? row.type,
      compare_type: changes.compare_type ?? row.compare_type,
      key: changes.key === undefined ? row.key : changes.key,
      value: changes.value ?? row.value,
    } as Parameters<typeof l7RuleProblem>[0];
    const message = l7RuleProblem(merged);
    if (message) throw new ValidationError(message, "value");
    const policy = await findL7Policy(tx, row.l7policy_id);
    const lb = await lockRuleParents(tx, policy);
    await tx.db
      .update(l7rules)
      .set({ ...changes, key: merged.key ?? null, invert: changes.invert ?? (changes.invert === null ? false : row.invert) })
      .where(eq(l7rules.id, id));
    await setStatus(tx.db, ruleTarget(row, lb.id), { provisioning_status: "PENDING_UPDATE" });
    return l7RuleView(await findL7Rule(tx, id));
  });
}

export function deleteL7Rule(ctx: ServiceContext, input: { l7policy_id?: string | undefined; id: string }) {
  return withTransaction(ctx, async (tx) => {
    const row = await findRuleOf(tx, input.l7policy_id, input.id);
    const policy = await findL7Policy(tx, row.l7policy_id);
    const lb = await lockRuleParents(tx, policy);
    await setStatus(tx.db, ruleTarget(row, lb.id), { provisioning_status: "PENDING_DELETE" });
  });
}
