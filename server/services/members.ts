import { and, eq, ne } from "drizzle-orm";
import { healthMonitors, type loadBalancers, members, type pools } from "@/db/schema";
import { quotaDefaults } from "@/server/env";
import { consumeQuota } from "@/server/identity/quotas";
import { type ServiceContext, withTransaction } from "@/server/kernel/context";
import { conflictOnDuplicate } from "@/server/kernel/db-errors";
import { ConflictError } from "@/server/kernel/errors";
import { lockForChildChange, lockPoolParents } from "./locks";
import { findLoadBalancer, findMember, findPool } from "./lookup";
import { checkMonitorAddress, memberSubnetId } from "./member-addresses";
import { listPage, mapPage } from "./paging";
import {
  type MemberBatchUpdateInput,
  type MemberCreateInput,
  memberFilters,
  type MemberListInput,
  type MemberSpec,
  type MemberUpdateInput,
} from "./schemas/member";
import { duplicateMemberMessage } from "./schemas/rules";
import { announceCreated, setStatus, statusTarget } from "./status";
import { memberView } from "./views";

type LoadBalancerRow = typeof loadBalancers.$inferSelect;
type PoolRow = typeof pools.$inferSelect;
type MemberRow = typeof members.$inferSelect;

const memberKey = (m: { address: string; protocol_port: number }) => `${m.address}:${m.protocol_port}`;

const target = (row: MemberRow, lbId: string) => statusTarget("member", row, lbId);

/**
 * Checks one member spec against the cloud before anything is written: its addresses are not the
 * control plane's, and a subnet it names is one the load balancer's project may use and holds
 * them (member-addresses.ts). insertMember checks again.
 */
export async function checkMemberSpec(ctx: ServiceContext, spec: MemberSpec, field: string, projectId = ctx.projectId): Promise<void> {
  await memberSubnetId(ctx, projectId, spec, field);
}

/** Within one list of specs (a graph create or a batch update), (address, port) is unique. */
export function assertNoDuplicateMembers(specs: MemberSpec[], field: string): void {
  const seen = new Set<string>();
  specs.forEach((spec, i) => {
    if (seen.has(memberKey(spec))) {
      throw new ConflictError(duplicateMemberMessage(spec.address, spec.protocol_port), `${field}${i}.address`);
    }
    seen.add(memberKey(spec));
  });
}

/**
 * Inserts a member in PENDING_CREATE; operating status OFFLINE under a monitor, else NO_MONITOR.
 * Every member row is written here, so the address rule runs here for all of them, and the
 * member keeps the subnet it resolved to.
 */
export async function insertMember(
  ctx: ServiceContext,
  lb: Pick<LoadBalancerRow, "id" | "project_id">,
  pool: Pick<PoolRow, "id">,
  spec: MemberSpec,
  monitored: boolean,
): Promise<MemberRow> {
  const subnetId = await memberSubnetId(ctx, lb.project_id, spec, "");
  await consumeQuota(ctx.db, ctx.projectId, "member", quotaDefaults());
  const [row] = await conflictOnDuplicate(
    () =>
      ctx.db
        .insert(members)
        .values({
          project_id: ctx.projectId,
          pool_id: pool.id,
          name: spec.name ?? "",
          admin_state_up: spec.admin_state_up ?? true,
          provisioning_status: "PENDING_CREATE",
          operating_status: monitored ? "OFFLINE" : "NO_MONITOR",
          address: spec.address,
          protocol_port: spec.protocol_port,
          weight: spec.weight ?? 1,
          backup: spec.backup ?? false,
          subnet_id: subnetId,
          monitor_address: spec.monitor_address ?? null,
          monitor_port: spec.monitor_port ?? null,
          tags: spec.tags ?? [],
        })
        .returning(),
    { members_address_port_unique: duplicateMemberMessage(spec.address, spec.protocol_port) },
  );
  if (!row) throw new Error("member insert returned no row");
  await announceCreated(ctx.db, target(row, lb.id), row);
  return row;
}

async function poolIsMonitored(ctx: ServiceContext, poolId: string): Promise<boolean> {
  const [hm] = await ctx.db
    .select({ id: healthMonitors.id })
    .from(healthMonitors)
    .where(and(eq(healthMonitors.pool_id, poolId), ne(healthMonitors.provisioning_status, "PENDING_DELETE")));
  return hm !== undefined;
}

async function activeMembers(ctx: ServiceContext, poolId: string) {
  return ctx.db
    .select()
    .from(members)
    .where(and(eq(members.pool_id, poolId), ne(members.provisioning_status, "DELETED")))
    .orderBy(members.created_at);
}

/** A page of a pool's members; an unknown pool (or another project's) is NOT_FOUND, as in Octavia. */
export async function listMembers(ctx: ServiceContext, input: MemberListInput) {
  await findPool(ctx, input.pool_id);
  const page = await listPage(ctx, members, input, { filters: Object.keys(memberFilters), addresses: ["address", "monitor_address"] });
  return mapPage(page, (rows) => rows.map(memberView));
}

export async function getMember(ctx: ServiceContext, id: string) {
  return memberView(await findMember(ctx, id));
}

export function createMember(ctx: ServiceContext, input: MemberCreateInput) {
  return withTransaction(ctx, async (tx) => {
    const pool = await findPool(tx, input.pool_id);
    const { pool_id: _p, ...spec } = input;
    const lb = await findLoadBalancer(tx, pool.loadbalancer_id);
    await checkMemberSpec(tx, spec, "", lb.project_id);
    const existing = await activeMembers(tx, pool.id);
    if (existing.some((m) => memberKey(m) === memberKey(spec))) {
      throw new ConflictError(duplicateMemberMessage(spec.address, spec.protocol_port), "address");
    }
    await lockForChildChange(tx, lb, { pool });
    return memberView(await insertMember(tx, lb, pool, spec, await poolIsMonitored(tx, pool.id)));
  });
}

export function updateMember(ctx: ServiceContext, input: MemberUpdateInput) {
  return withTransaction(ctx, async (tx) => {
    const row = await findMember(tx, input.id);
    const pool = await findPool(tx, row.pool_id);
    const lb = await findLoadBalancer(tx, pool.loadbalancer_id);
    if (input.monitor_address) await checkMonitorAddress(tx, lb.project_id, input.monitor_address, "monitor_address");
    await lockForChildChange(tx, lb, { pool });
    const { id, address: _a, protocol_port: _pp, subnet_id: _s, pool_id: _p, ...changes } = input;
    await tx.db.update(members).set(changes).where(eq(members.id, id));
    await setStatus(tx.db, target(row, lb.id), { provisioning_status: "PENDING_UPDATE" });
    return memberView(await findMember(tx, id));
  });
}

export function deleteMember(ctx: ServiceContext, id: string) {
  return withTransaction(ctx, async (tx) => {
    const row = await findMember(tx, id);
    const pool = await findPool(tx, row.pool_id);
    const lb = await lockPoolParents(tx, pool);
    await setStatus(tx.db, target(row, lb.id), { provisioning_status: "PENDING_DELETE" });
  });
}

/**
 * Replaces a pool's member list in one change (Octavia's batch update): members are matched on
 * (address, protocol_port); new ones are created, missing ones deleted, matched ones updated.
 */
export function batchUpdateMembers(ctx: ServiceContext, input: MemberBatchUpdateInput) {
  return withTransaction(ctx, async (tx) => {
    const pool = await findPool(tx, input.pool_id);
    const lb = await findLoadBalancer(tx, pool.loadbalancer_id);
    assertNoDuplicateMembers(input.members, "members.");
    for (const [i, spec] of input.members.entries()) await checkMemberSpec(tx, spec, `members.${i}.`, lb.project_id);
    await lockForChildChange(tx, lb, { pool });
    const existing = new Map((await activeMembers(tx, pool.id)).map((m) => [memberKey(m), m]));
    const monitored = await poolIsMonitored(tx, pool.id);
    for (const spec of input.members) {
      const current = existing.get(memberKey(spec));
      existing.delete(memberKey(spec));
      if (!current) {
        await insertMember(tx, lb, pool, spec, monitored);
        continue;
      }
      // Only what differs from the row: a member listed as it is stays as it is (and ACTIVE).
      const { address: _a, protocol_port: _p, subnet_id: _s, ...fields } = spec;
      const changes = Object.fromEntries(
        Object.entries(fields).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key as keyof MemberRow])),
      );
      if (Object.keys(changes).length === 0) continue;
      await tx.db.update(members).set(changes).where(eq(members.id, current.id));
      await setStatus(tx.db, target(current, lb.id), { provisioning_status: "PENDING_UPDATE" });
    }
    for (const gone of existing.values()) {
      await setStatus(tx.db, target(gone, lb.id), { provisioning_status: "PENDING_DELETE" });
    }
    return (await activeMembers(tx, pool.id)).map(memberView);
  });
}
