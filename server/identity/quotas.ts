import { and, count, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { floatingIps, healthMonitors, l7policies, l7rules, listeners, loadBalancers, members, pools, projects, quotas, routers } from "@/db/schema";
import { type DomainError, ForbiddenError, NotFoundError, OverQuotaError } from "@/server/kernel/errors";

// Octavia's quotas, per project, and Neutron's floating IP and router quotas: a limit per resource, -1
// unlimited, null "the configured default" (QUOTA_*, sane limits unless the operator says). Checked where every row of a quota'd resource is inserted, inside the creating
// transaction, under a per-project transaction lock: concurrent creates cannot both slip under.

export const QUOTA_RESOURCES = ["loadbalancer", "listener", "pool", "healthmonitor", "member", "l7policy", "l7rule", "floatingip", "router"] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];
export type QuotaValues = Record<QuotaResource, number>;

type NeutronResource = "floatingip" | "router";
const isNeutron = (resource: QuotaResource): resource is NeutronResource => resource === "floatingip" || resource === "router";

/** How Octavia names each of its resources in "Quota has been met for resources: …". */
const DISPLAY: Record<Exclude<QuotaResource, NeutronResource>, string> = {
  loadbalancer: "Load Balancer",
  listener: "Listener",
  pool: "Pool",
  healthmonitor: "Health Monitor",
  member: "Member",
  l7policy: "L7 Policy",
  l7rule: "L7 Rule",
};

/** The tables counted for usage; every row counts but those being deleted (floating IPs have no such state). */
const TABLES = {
  loadbalancer: loadBalancers,
  listener: listeners,
  pool: pools,
  healthmonitor: healthMonitors,
  member: members,
  l7policy: l7policies,
  l7rule: l7rules,
  floatingip: floatingIps,
  router: routers,
} as const;
type Counted = keyof typeof TABLES;

/** The refusal when `resource`'s quota is met: Octavia's 403, or for Neutron's resources its OverQuota (409). */
function overQuota(resource: Counted): DomainError {
  return isNeutron(resource) ? new OverQuotaError(`Quota exceeded for resources: ['${resource}'].`) : new ForbiddenError(`Quota has been met for resources: ${DISPLAY[resource]}`);
}

export async function effectiveQuotas(db: Db, projectId: string, defaults: QuotaValues): Promise<QuotaValues> {
  const [row] = await db.select().from(quotas).where(eq(quotas.project_id, projectId));
  return Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, row?.[r] ?? defaults[r]])) as QuotaValues;
}

export async function usage(db: Db, projectId: string, resource: Counted): Promise<number> {
  const table = TABLES[resource];
  const [row] = await db
    .select({ n: count() })
    .from(table)
    .where(and(eq(table.project_id, projectId), "provisioning_status" in table ? ne(table.provisioning_status, "DELETED") : undefined));
  return row?.n ?? 0;
}

/**
 * Counts one more `resource` against the project's quota, or refuses (overQuota). Call it inside
 * the transaction that inserts the row.
 */
export async function consumeQuota(db: Db, projectId: string, resource: Counted, defaults: QuotaValues): Promise<void> {
  const limit = (await effectiveQuotas(db, projectId, defaults))[resource];
  if (limit < 0) return;
  // Until this transaction ends, the project's other creates wait here and then count its rows.
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`quota:${projectId}`}, 0))`);
  if ((await usage(db, projectId, resource)) + 1 > limit) throw overQuota(resource);
}

/** Octavia's deprecated spellings, accepted on input. */
export const DEPRECATED_SPELLINGS = { load_balancer: "loadbalancer", health_monitor: "healthmonitor" } as const;

export async function setQuotas(db: Db, projectId: string, values: Partial<Record<QuotaResource, number | null>>): Promise<void> {
  const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId));
  if (!project) throw new NotFoundError("Project", projectId);
  await db.insert(quotas).values({ project_id: projectId, ...values }).onConflictDoUpdate({ target: quotas.project_id, set: values });
}

export async function resetQuotas(db: Db, projectId: string): Promise<void> {
  await db.delete(quotas).where(eq(quotas.project_id, projectId));
}

/** Projects with quotas of their own (Octavia lists those). */
export async function projectsWithQuotas(db: Db): Promise<string[]> {
  return (await db.select({ id: quotas.project_id }).from(quotas)).map((r) => r.id);
}
