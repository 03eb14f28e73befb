import { and, eq, inArray, ne } from "drizzle-orm";
import { healthMonitors, listeners, type loadBalancers, members, pools } from "@/db/schema";
import { quotaDefaults } from "@/server/env";
import { consumeQuota } from "@/server/identity/quotas";
import { newResourceColumns, type ServiceContext, withTransaction } from "@/server/kernel/context";
import { ConflictError, ValidationError } from "@/server/kernel/errors";
import { policyUsingPool } from "./l7policies";
import { listenersUsingPool, lockForChildChange, lockParentsOf } from "./locks";
import { findListener, findLoadBalancer, findPool } from "./lookup";
import { listPage, mapPage } from "./paging";
import { assertAlgorithmSupported } from "./provider";
import { type PoolCreateInput, poolFilters, type PoolListInput, type PoolSpec, type PoolUpdateInput } from "./schemas/pool";
import { poolProtocolRule, sessionPersistenceRule } from "./schemas/rules";
import { announceCreated, setStatus, statusTarget } from "./status";
import { poolView } from "./views";
import { mergedPoolTls, poolTlsColumns, touchesPoolTls } from "./listener-tls";

type LoadBalancerRow = typeof loadBalancers.$inferSelect;
type PoolRow = typeof pools.$inferSelect;

export const poolTarget = (row: PoolRow) => statusTarget("pool", row, row.loadbalancer_id);

/** Inserts a pool row in PENDING_CREATE and records its event. Validation is the caller's. */
export async function insertPool(
  ctx: ServiceContext,
  lb: LoadBalancerRow,
  spec: Omit<PoolSpec, "members" | "healthmonitor">,
  field = "",
): Promise<PoolRow> {
  const tls = await poolTlsColumns(ctx, spec, field);
  await consumeQuota(ctx.db, ctx.projectId, "pool", quotaDefaults());
  const [row] = await ctx.db
    .insert(pools)
    .values({
      ...newResourceColumns(ctx, spec),
      loadbalancer_id: lb.id,
      protocol: spec.protocol,
      lb_algorithm: spec.lb_algorithm,
      session_persistence: spec.session_persistence
        ? { type: spec.session_persistence.type, cookie_name: spec.session_persistence.cookie_name ?? null }
        : null,
      tags: spec.tags ?? [],
      ...tls,
    })
    .returning();
  if (!row) throw new Error("pool insert returned no row");
  await announceCreated(ctx.db, poolTarget(row), row);
  return row;
}

export async function poolChildren(ctx: ServiceContext, poolIds: string[]) {
  if (poolIds.length === 0) return new Map<string, { listenerIds: string[]; memberIds: string[]; healthmonitorId: string | null }>();
  // One query after the other: inside a transaction they share one connection.
  const ls = await ctx.db
    .select({ id: listeners.id, pool: listeners.default_pool_id })
    .from(listeners)
    .where(inArray(listeners.default_pool_id, poolIds));
  const ms = await ctx.db
    .select({ id: members.id, pool: members.pool_id })
    .from(members)
    .where(and(inArray(members.pool_id, poolIds), ne(members.provisioning_status, "DELETED")))
    .orderBy(members.created_at);
  const hms = await ctx.db
    .select({ id: healthMonitors.id, pool: healthMonitors.pool_id })
    .from(healthMonitors)
    .where(and(inArray(healthMonitors.pool_id, poolIds), ne(healthMonitors.provisioning_status, "DELETED")));
  return new Map(
    poolIds.map((id) => [
      id,
      {
        listenerIds: ls.filter((l) => l.pool === id).map((l) => l.id),
        memberIds: ms.filter((m) => m.pool === id).map((m) => m.id),
        healthmonitorId: hms.find((h) => h.pool === id)?.id ?? null,
      },
    ]),
  );
}

async function viewPools(ctx: ServiceContext, rows: PoolRow[]) {
  const children = await poolChildren(ctx, rows.map((r) => r.id));
  return rows.map((r) => poolView(r, children.get(r.id) ?? { listenerIds: [], memberIds: [], healthmonitorId: null }));
}

export async function listPools(ctx: ServiceContext, input: PoolListInput = {}) {
  const page = await listPage(ctx, pools, input ?? {}, { filters: Object.keys(poolFilters) });
  return mapPage(page, (rows) => viewPools(ctx, rows));
}

export async function getPool(ctx: ServiceContext, id: string) {
  const [view] = await viewPools(ctx, [await findPool(ctx, id)]);
  if (!view) throw new Error("pool view missing");
  return view;
}

export function createPool(ctx: ServiceContext, input: PoolCreateInput) {
  return withTransaction(ctx, async (tx) => {
    assertAlgorithmSupported(input.lb_algorithm, "lb_algorithm");
    const listener = input.listener_id ? await findListener(tx, input.listener_id) : null;
    const lbId = listener?.loadbalancer_id ?? input.loadbalancer_id;
    if (!lbId) throw new ValidationError("Either loadbalancer_id or listener_id must be specified.", "loadbalancer_id");
    if (listener && input.loadbalancer_id && input.loadbalancer_id !== listener.loadbalancer_id) {
      throw new ValidationError(`Listener ${listener.id} is not on load balancer ${input.loadbalancer_id}.`, "listener_id");
    }
    const lb = await findLoadBalancer(tx, lbId);
    if (listener) {
      if (listener.default_pool_id) throw new ConflictError("This listener already has a default pool", "listener_id");
      const message = poolProtocolRule(listener.protocol, input.protocol);
      if (message) throw new ValidationError(message, "protocol");
    }
    await lockForChildChange(tx, lb, { listenerIds: listener ? [listener.id] : [] });
    const { loadbalancer_id: _lb, listener_id: _l, ...spec } = input;
    const row = await insertPool(tx, lb, spec);
    if (listener) await tx.db.update(listeners).set({ default_pool_id: row.id }).where(eq(listeners.id, listener.id));
    return getPool(tx, row.id);
  });
}

export function updatePool(ctx: ServiceContext, input: PoolUpdateInput) {
  return withTransaction(ctx, async (tx) => {
    const row = await findPool(tx, input.id);
    if (input.lb_algorithm) assertAlgorithmSupported(input.lb_algorithm, "lb_algorithm");
    if (input.session_persistence) {
      const broken = sessionPersistenceRule(row.protocol, input.session_persistence);
      if (broken) throw new ValidationError(broken.message, `session_persistence.${broken.field}`);
    }
    await lockParentsOf(tx, row, { listenerIds: await listenersUsingPool(tx, row.id) });
    const tls = touchesPoolTls(input) ? await poolTlsColumns(tx, mergedPoolTls(row, input), "") : {};
    const { id, protocol: _p, loadbalancer_id: _lb, listener_id: _l, session_persistence, ...changes } = input;
    await tx.db
      .update(pools)
      .set({
        ...changes,
        ...(session_persistence !== undefined && {
          session_persistence: session_persistence
            ? { type: session_persistence.type, cookie_name: session_persistence.cookie_name ?? null }
            : null,
        }),
        ...tls,
      })
      .where(eq(pools.id, id));
    await setStatus(tx.db, poolTarget(row), { provisioning_status: "PENDING_UPDATE" });
    return getPool(tx, id);
  });
}

/** Deleting a pool takes its members and monitor with it, as in Octavia. */
export function deletePool(ctx: ServiceContext, id: string) {
  return withTransaction(ctx, async (tx) => {
    const row = await findPool(tx, id);
    const policyId = await policyUsingPool(tx, row.id);
    if (policyId) throw new ConflictError(`Pool ${row.id} is in use by L7 policy ${policyId}`);
    await lockParentsOf(tx, row, { listenerIds: await listenersUsingPool(tx, row.id) });
    await setStatus(tx.db, poolTarget(row), { provisioning_status: "PENDING_DELETE" });
  });
}
