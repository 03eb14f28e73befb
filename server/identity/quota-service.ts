import { quotaDefaults } from "@/server/env";
import type { ServiceContext } from "@/server/kernel/context";
import { ForbiddenError } from "@/server/kernel/errors";
import type { Identity } from "./identity";
import { covers, POLICY_DENIED, scopeOf } from "./policy";
import {
  DEPRECATED_SPELLINGS,
  effectiveQuotas,
  QUOTA_RESOURCES,
  projectsWithQuotas,
  type QuotaResource,
  resetQuotas,
  setQuotas,
  usage,
} from "./quotas";

// The quota verbs behind `quota.*`. The policy table lets readers of a project read its quotas
// and quota admins write anyone's; whose quotas a caller may read is the policy's scope
// (Octavia's read-quota-global: global readers, admins and quota admins read every project's).

type QuotaContext = Pick<ServiceContext, "db" | "projectId"> & { identity: Identity | null };

const quotaScope = (ctx: QuotaContext) => scopeOf(ctx.identity, ctx.projectId, "read-quota-global");

function mayRead(ctx: QuotaContext, projectId: string): void {
  if (!covers(quotaScope(ctx), projectId)) throw new ForbiddenError(POLICY_DENIED);
}

const withProject = (projectId: string, values: Record<QuotaResource, number>) => ({ project_id: projectId, ...values });

export async function getQuota(ctx: QuotaContext, projectId: string = ctx.projectId) {
  mayRead(ctx, projectId);
  return withProject(projectId, await effectiveQuotas(ctx.db, projectId, quotaDefaults()));
}

export function getQuotaDefaults() {
  return quotaDefaults();
}

/** Every project with quotas of its own (a global quota reader), or just the caller's. */
export async function listQuotas(ctx: QuotaContext) {
  const ids = quotaScope(ctx).kind === "all" ? await projectsWithQuotas(ctx.db) : [ctx.projectId];
  return Promise.all(ids.map((id) => getQuota(ctx, id)));
}

export type QuotaUpdate = Partial<Record<QuotaResource | keyof typeof DEPRECATED_SPELLINGS, number | null>>;

/** Sets some of a project's quotas; null puts one back to the default. Takes Octavia's old spellings too. */
export async function updateQuota(ctx: QuotaContext, projectId: string, update: QuotaUpdate) {
  const values: Partial<Record<QuotaResource, number | null>> = {};
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    const resource = (DEPRECATED_SPELLINGS as Record<string, QuotaResource>)[key] ?? (key as QuotaResource);
    values[resource] = value;
  }
  await setQuotas(ctx.db, projectId, values);
  return getQuota(ctx, projectId);
}

export async function resetQuota(ctx: QuotaContext, projectId: string) {
  await resetQuotas(ctx.db, projectId);
  return getQuota(ctx, projectId);
}

/** Limit and use of each counted resource: what the dashboard needs to disable a Create button. */
export async function quotaUsage(ctx: QuotaContext, projectId: string = ctx.projectId) {
  const limits = await getQuota(ctx, projectId);
  const used = await Promise.all(QUOTA_RESOURCES.map((r) => usage(ctx.db, projectId, r)));
  return Object.fromEntries(QUOTA_RESOURCES.map((r, i) => [r, { limit: limits[r], used: used[i] ?? 0 }])) as Record<QuotaResource, { limit: number; used: number }>;
}
