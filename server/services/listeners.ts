import { and, eq, ne } from "drizzle-orm";
import { listeners, type loadBalancers } from "@/db/schema";
import { quotaDefaults } from "@/server/env";
import { consumeQuota } from "@/server/identity/quotas";
import { newResourceColumns, type ServiceContext, withTransaction } from "@/server/kernel/context";
import { conflictOnDuplicate } from "@/server/kernel/db-errors";
import { ConflictError, ValidationError } from "@/server/kernel/errors";
import { lockForChildChange, lockParentsOf } from "./locks";
import { findListener, findLoadBalancer, findPool } from "./lookup";
import { checkMonitorForPool, insertHealthMonitor } from "./healthMonitors";
import { insertListenerPolicies, markPolicyDeleted, policiesOfListeners } from "./l7policies";
import { assertNoDuplicateMembers, checkMemberSpec, insertMember } from "./members";
import { listPage, mapPage } from "./paging";
import { insertPool } from "./pools";
import { assertAlgorithmSupported, assertListenerProtocolSupported } from "./provider";
import type { PoolSpec } from "./schemas/pool";
import { type ListenerProtocol, portFamily } from "./schemas/enums";
import {
  type ListenerCreateInput,
  listenerFilters,
  type ListenerListInput,
  type ListenerSpec,
  type ListenerUpdateInput,
} from "./schemas/listener";
import { insertHeadersRule, poolProtocolRule } from "./schemas/rules";
import { sslHeadersRule } from "./schemas/tls";
import { listenerTlsColumns, mergedListenerTls, touchesListenerTls } from "./listener-tls";
import { announceCreated, setStatus, statusTarget } from "./status";
import { listenerView } from "./views";

type LoadBalancerRow = typeof loadBalancers.$inferSelect;
type ListenerRow = typeof listeners.$inferSelect;


export const duplicateListenerMessage = (protocol: string, port: number) =>
  `Another Listener on this Load Balancer is already using protocol ${protocol} and protocol_port ${port}`;

/** Rules that the schema alone cannot settle for a listener about to be created. */
export async function checkNewListener(
  ctx: ServiceContext,
  lbId: string,
  spec: Pick<ListenerSpec, "protocol" | "protocol_port">,
  field: string,
): Promise<void> {
  assertListenerProtocolSupported(spec.protocol, `${field}protocol`);
  const existing = await ctx.db
    .select({ protocol: listeners.protocol, protocol_port: listeners.protocol_port })
    .from(listeners)
    .where(and(eq(listeners.loadbalancer_id, lbId), eq(listeners.protocol_port, spec.protocol_port)));
  if (existing.some((l) => portFamily(l.protocol) === portFamily(spec.protocol))) {
    throw new ConflictError(duplicateListenerMessage(spec.protocol, spec.protocol_port), `${field}protocol_port`);
  }
}

/** Inserts a listener row in PENDING_CREATE and records its event. Validation is the caller's. */
export async function insertListener(
  ctx: ServiceContext,
  lb: LoadBalancerRow,
  spec: Omit<ListenerSpec, "default_pool">,
  defaultPoolId: string | null,
  field = "",
): Promise<ListenerRow> {
  const tls = await listenerTlsColumns(ctx, spec, field);
  await consumeQuota(ctx.db, ctx.projectId, "listener", quotaDefaults());
  const [row] = await conflictOnDuplicate(
    () =>
      ctx.db
        .insert(listeners)
        .values({
          ...newResourceColumns(ctx, spec),
          loadbalancer_id: lb.id,
          protocol: spec.protocol,
          protocol_port: spec.protocol_port,
          connection_limit: spec.connection_limit ?? -1,
          ...timeouts(spec),
          insert_headers: spec.insert_headers ?? {},
          allowed_cidrs: spec.allowed_cidrs ?? [],
          tags: spec.tags ?? [],
          default_pool_id: defaultPoolId,
          ...tls,
        })
        .returning(),
    { listeners_port_unique: duplicateListenerMessage(spec.protocol, spec.protocol_port) },
  );
  if (!row) throw new Error("listener insert returned no row");
  await announceCreated(ctx.db, target(row), row);
  return row;
}

/** Checks an inline default pool (members, monitor) against the cloud before anything is written. */
export async function checkDefaultPoolSpec(ctx: ServiceContext, pool: PoolSpec, field: string): Promise<void> {
  assertAlgorithmSupported(pool.lb_algorithm, `${field}lb_algorithm`);
  if (pool.healthmonitor) checkMonitorForPool(pool.protocol, pool.healthmonitor.type, `${field}healthmonitor.type`);
  assertNoDuplicateMembers(pool.members ?? [], `${field}members.`);
  for (const [j, member] of (pool.members ?? []).entries()) await checkMemberSpec(ctx, member, `${field}members.${j}.`);
}

/**
 * Writes a listener with its inline default pool, members and monitor, all PENDING_CREATE: the
 * listener part of a graph create, and a listener create with `default_pool` (Octavia has both).
 */
export async function insertListenerTree(ctx: ServiceContext, lb: LoadBalancerRow, spec: ListenerSpec, field: string): Promise<ListenerRow> {
  const { default_pool, l7policies, ...listenerSpec } = spec;
  await checkNewListener(ctx, lb.id, listenerSpec, field);
  const pool = default_pool ? await insertPool(ctx, lb, default_pool, `${field}default_pool.`) : null;
  const listener = await insertListener(ctx, lb, listenerSpec, pool?.id ?? null, field);
  if (pool && default_pool) {
    const monitored = Boolean(default_pool.healthmonitor);
    for (const member of default_pool.members ?? []) await insertMember(ctx, lb, pool, member, monitored);
    if (default_pool.healthmonitor) await insertHealthMonitor(ctx, lb.id, pool.id, default_pool.healthmonitor);
  }
  await insertListenerPolicies(ctx, lb, listener, l7policies ?? [], field);
  return listener;
}

/** Octavia: a timeout of null means "the default". */
function timeouts(spec: Partial<Pick<ListenerSpec, "timeout_client_data" | "timeout_member_connect" | "timeout_member_data" | "timeout_tcp_inspect">>) {
  return {
    timeout_client_data: spec.timeout_client_data ?? 50000,
    timeout_member_connect: spec.timeout_member_connect ?? 5000,
    timeout_member_data: spec.timeout_member_data ?? 50000,
    timeout_tcp_inspect: spec.timeout_tcp_inspect ?? 0,
  };
}

const target = (row: ListenerRow) => statusTarget("listener", row, row.loadbalancer_id);

/** A pool may become a listener's default pool if it is on the same load balancer, unused and compatible. */
async function checkDefaultPool(ctx: ServiceContext, lbId: string, protocol: ListenerProtocol, poolId: string, listenerId?: string) {
  const pool = await findPool(ctx, poolId);
  if (pool.loadbalancer_id !== lbId) {
    throw new ValidationError(`Pool ${poolId} is not on load balancer ${lbId}.`, "default_pool_id");
  }
  const message = poolProtocolRule(protocol, pool.protocol as never);
  if (message) throw new ValidationError(message, "default_pool_id");
  const [user] = await ctx.db
    .select({ id: listeners.id })
    .from(listeners)
    .where(listenerId ? and(eq(listeners.default_pool_id, poolId), ne(listeners.id, listenerId)) : eq(listeners.default_pool_id, poolId));
  if (user) throw new ConflictError(`Pool ${poolId} is already the default pool of listener ${user.id}.`, "default_pool_id");
}

/** Listeners as the API shows them, each with its live L7 policies in position order (Octavia's `l7policies`). */
export async function viewListeners(ctx: ServiceContext, rows: ListenerRow[]) {
  const policies = (await policiesOfListeners(ctx, rows.map((r) => r.id))).sort((a, b) => a.position - b.position);
  return rows.map((r) => listenerView(r, policies.filter((p) => p.listener_id === r.id).map((p) => p.id)));
}

async function viewListener(ctx: ServiceContext, row: ListenerRow) {
  const [view] = await viewListeners(ctx, [row]);
  if (!view) throw new Error("listener view missing");
  return view;
}

export async function listListeners(ctx: ServiceContext, input: ListenerListInput = {}) {
  const page = await listPage(ctx, listeners, input ?? {}, { filters: Object.keys(listenerFilters) });
  return mapPage(page, (rows) => viewListeners(ctx, rows));
}

export async function getListener(ctx: ServiceContext, id: string) {
  return viewListener(ctx, await findListener(ctx, id));
}

/** Creates a listener, with an existing pool as its default (default_pool_id) or a new one (default_pool). */
export function createListener(ctx: ServiceContext, input: ListenerCreateInput) {
  return withTransaction(ctx, async (tx) => {
    const lb = await findLoadBalancer(tx, input.loadbalancer_id);
    await checkNewListener(tx, lb.id, input, "");
    if (input.default_pool_id) await checkDefaultPool(tx, lb.id, input.protocol, input.default_pool_id);
    if (input.default_pool) await checkDefaultPoolSpec(tx, input.default_pool, "default_pool.");
    await lockForChildChange(tx, lb);
    const { loadbalancer_id: _lb, default_pool_id, ...spec } = input;
    const row = default_pool_id
      ? await insertListener(tx, lb, spec, default_pool_id)
      : await insertListenerTree(tx, lb, spec, "");
    return viewListener(tx, row);
  });
}

export function updateListener(ctx: ServiceContext, input: ListenerUpdateInput) {
  return withTransaction(ctx, async (tx) => {
    const row = await findListener(tx, input.id);
    const lb = await findLoadBalancer(tx, row.loadbalancer_id);
    if (input.insert_headers && Object.keys(input.insert_headers).length > 0) {
      const message = insertHeadersRule(row.protocol) ?? sslHeadersRule(row.protocol, input.insert_headers);
      if (message) throw new ValidationError(message, "insert_headers");
    }
    const previousCerts = [row.default_tls_container_ref, ...row.sni_container_refs].filter((r): r is string => r !== null);
    const tls = touchesListenerTls(input) ? await listenerTlsColumns(tx, mergedListenerTls(row, input), "", previousCerts) : {};
    if (input.default_pool_id) await checkDefaultPool(tx, lb.id, row.protocol, input.default_pool_id, row.id);
    await lockForChildChange(tx, lb);
    const {
      id,
      protocol: _p,
      protocol_port: _pp,
      loadbalancer_id: _l,
      timeout_client_data,
      timeout_member_connect,
      timeout_member_data,
      timeout_tcp_inspect,
      default_tls_container_ref: _d,
      sni_container_refs: _s,
      client_ca_tls_container_ref: _c,
      client_authentication: _a,
      client_crl_container_ref: _r,
      tls_versions: _v,
      tls_ciphers: _ci,
      alpn_protocols: _al,
      ...changes
    } = input;
    const timeoutChanges = definedTimeouts({ timeout_client_data, timeout_member_connect, timeout_member_data, timeout_tcp_inspect });
    await tx.db.update(listeners).set({ ...changes, ...timeoutChanges, ...tls }).where(eq(listeners.id, id));
    await setStatus(tx.db, target(row), { provisioning_status: "PENDING_UPDATE" });
    return viewListener(tx, await findListener(tx, id));
  });
}

/** On update, a timeout given as null goes back to its default; one not given stays. */
function definedTimeouts(changes: Partial<Record<keyof ReturnType<typeof timeouts>, number | null>>) {
  const defaults = timeouts({});
  const out: Partial<ReturnType<typeof timeouts>> = {};
  for (const key of Object.keys(defaults) as (keyof typeof defaults)[]) {
    if (changes[key] !== undefined) out[key] = changes[key] ?? defaults[key];
  }
  return out;
}

export function deleteListener(ctx: ServiceContext, id: string) {
  return withTransaction(ctx, async (tx) => {
    const row = await findListener(tx, id);
    const lb = await lockParentsOf(tx, row);
    // Its L7 policies and rules go with it (Octavia's cascade).
    for (const policy of await policiesOfListeners(tx, [row.id])) await markPolicyDeleted(tx, policy, lb.id);
    await setStatus(tx.db, target(row), { provisioning_status: "PENDING_DELETE" });
  });
}

