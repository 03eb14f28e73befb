import { assertZoneUsable } from "./availability-zones";
import { flavorSettingsFor } from "./flavors";
import { randomUUID } from "node:crypto";
import { and, eq, exists, ilike, inArray, ne, or, sql } from "drizzle-orm";
import { floatingIps, healthMonitors, l7rules, listeners, loadBalancers, members, pools, subnets } from "@/db/schema";
import { allocatePort } from "@/server/cloud/ipam";
import { quotaDefaults } from "@/server/env";
import { covers, POLICY_DENIED } from "@/server/identity/policy";
import { consumeQuota } from "@/server/identity/quotas";
import { newResourceColumns, type ServiceContext, withTransaction } from "@/server/kernel/context";
import { ConflictError, ForbiddenError, ValidationError } from "@/server/kernel/errors";
import { markPolicyDeleted, policiesOfListeners } from "./l7policies";
import { checkDefaultPoolSpec, duplicateListenerMessage, insertListenerTree, viewListeners } from "./listeners";
import { lbTarget, lockLoadBalancer } from "./locks";
import { findLoadBalancer, findVisibleNetwork, findVisibleSubnet } from "./lookup";
import { likePattern, listPage, mapPage } from "./paging";
import { poolChildren } from "./pools";
import {
  type LoadBalancerCreateInput,
  loadBalancerFilters,
  type LoadBalancerListInput,
  type LoadBalancerUpdateInput,
} from "./schemas/loadBalancer";
import { announceCreated, setStatus } from "./status";
import { errorReasons } from "./status-reasons";
import { healthMonitorView, loadBalancerView, memberView, poolView } from "./views";

type LoadBalancerRow = typeof loadBalancers.$inferSelect;

async function childIds(ctx: ServiceContext, lbIds: string[]) {
  if (lbIds.length === 0) return new Map<string, { listenerIds: string[]; poolIds: string[] }>();
  // One query after the other: inside a transaction they share one connection.
  const ls = await ctx.db
    .select({ id: listeners.id, lb: listeners.loadbalancer_id })
    .from(listeners)
    .where(and(inArray(listeners.loadbalancer_id, lbIds), ne(listeners.provisioning_status, "DELETED")))
    .orderBy(listeners.created_at);
  const ps = await ctx.db
    .select({ id: pools.id, lb: pools.loadbalancer_id })
    .from(pools)
    .where(and(inArray(pools.loadbalancer_id, lbIds), ne(pools.provisioning_status, "DELETED")))
    .orderBy(pools.created_at);
  return new Map(
    lbIds.map((id) => [
      id,
      { listenerIds: ls.filter((l) => l.lb === id).map((l) => l.id), poolIds: ps.filter((p) => p.lb === id).map((p) => p.id) },
    ]),
  );
}

async function view(ctx: ServiceContext, rows: LoadBalancerRow[]) {
  const children = await childIds(ctx, rows.map((r) => r.id));
  const reasons = await errorReasons(ctx, rows.map((r) => ({ ...r, loadbalancer_id: r.id })));
  return rows.map((r) => loadBalancerView(r, children.get(r.id) ?? { listenerIds: [], poolIds: [] }, reasons.get(r.id) ?? null));
}

/**
 * The dashboard's search: the text anywhere in the name, the VIP address, the floating IP on the
 * VIP port or either status (any case), or at the start of the id. Blank searches nothing.
 */
function searchCondition(ctx: ServiceContext, text: string | undefined) {
  const needle = text?.trim();
  if (!needle) return undefined;
  const anywhere = likePattern(needle);
  const floatingIpMatches = ctx.db
    .select({ one: sql`1` })
    .from(floatingIps)
    .where(
      and(
        eq(floatingIps.port_id, loadBalancers.vip_port_id),
        eq(floatingIps.project_id, loadBalancers.project_id),
        ilike(floatingIps.floating_ip_address, anywhere),
      ),
    );
  return or(
    ilike(loadBalancers.name, anywhere),
    ilike(loadBalancers.vip_address, anywhere),
    ilike(sql`${loadBalancers.id}::text`, likePattern(needle, "prefix")),
    ilike(loadBalancers.provisioning_status, anywhere),
    ilike(loadBalancers.operating_status, anywhere),
    exists(floatingIpMatches),
  );
}

/** A page of the project's load balancers: one query for the rows, two for their children's ids. */
export async function listLoadBalancers(ctx: ServiceContext, input: LoadBalancerListInput = {}) {
  const { search, project_id, all_projects, ...query } = input ?? {};
  // Other projects are a global reader's view (Octavia's get_all-global): the policy's scope says whose.
  const everyProject = ctx.readScope.kind === "all";
  if ((all_projects && !everyProject) || (project_id !== undefined && !covers(ctx.readScope, project_id))) throw new ForbiddenError(POLICY_DENIED);
  const page = await listPage(ctx, loadBalancers, query, {
    filters: Object.keys(loadBalancerFilters),
    addresses: ["vip_address"],
    where: [searchCondition(ctx, search)],
    projectId: all_projects ? null : (project_id ?? ctx.projectId),
  });
  return mapPage(page, (rows) => view(ctx, rows));
}

export async function getLoadBalancer(ctx: ServiceContext, id: string) {
  const [lb] = await view(ctx, [await findLoadBalancer(ctx, id)]);
  if (!lb) throw new Error("load balancer view missing");
  return lb;
}

/** The load balancer with its whole tree expanded: what graph create answers with. */
export async function getLoadBalancerTree(ctx: ServiceContext, id: string) {
  const lb = await getLoadBalancer(ctx, id);
  const notDeleted = <T extends { provisioning_status: string }>(rows: T[]) => rows.filter((r) => r.provisioning_status !== "DELETED");
  const ls = notDeleted(await ctx.db.select().from(listeners).where(eq(listeners.loadbalancer_id, id)).orderBy(listeners.created_at));
  const ps = notDeleted(await ctx.db.select().from(pools).where(eq(pools.loadbalancer_id, id)).orderBy(pools.created_at));
  const poolIds = ps.map((p) => p.id);
  const ms = poolIds.length
    ? notDeleted(await ctx.db.select().from(members).where(inArray(members.pool_id, poolIds)).orderBy(members.created_at))
    : [];
  const hms = poolIds.length ? notDeleted(await ctx.db.select().from(healthMonitors).where(inArray(healthMonitors.pool_id, poolIds))) : [];
  const children = await poolChildren(ctx, poolIds);
  return {
    ...lb,
    listeners: await viewListeners(ctx, ls),
    pools: ps.map((p) => {
      const hm = hms.find((h) => h.pool_id === p.id);
      return {
        ...poolView(p, children.get(p.id) ?? { listenerIds: [], memberIds: [], healthmonitorId: null }),
        members: ms.filter((m) => m.pool_id === p.id).map(memberView),
        healthmonitor: hm ? healthMonitorView(hm) : null,
      };
    }),
  };
}

/** Resolves where the VIP goes: the subnet given, or the first subnet of the network given. */
async function resolveVipSubnet(ctx: ServiceContext, input: LoadBalancerCreateInput) {
  if (input.vip_subnet_id) {
    const { subnet } = await findVisibleSubnet(ctx, input.vip_subnet_id).catch(() => {
      throw new ValidationError(`Subnet ${input.vip_subnet_id} not found.`, "vip_subnet_id");
    });
    if (input.vip_network_id && subnet.network_id !== input.vip_network_id) {
      throw new ValidationError(`Subnet ${subnet.id} is not on network ${input.vip_network_id}.`, "vip_subnet_id");
    }
    return subnet;
  }
  const network = await findVisibleNetwork(ctx, input.vip_network_id ?? "").catch(() => {
    throw new ValidationError(`Network ${input.vip_network_id} not found.`, "vip_network_id");
  });
  const [subnet] = await ctx.db.select().from(subnets).where(eq(subnets.network_id, network.id)).orderBy(subnets.created_at).limit(1);
  if (!subnet) throw new ValidationError(`Network ${network.id} has no subnet to take a VIP from.`, "vip_network_id");
  return subnet;
}

/** Every rule the graph needs that the schema alone cannot settle; runs before anything is written. */
async function checkGraph(ctx: ServiceContext, input: LoadBalancerCreateInput) {
  const seenPorts = new Map<string, string>();
  for (const [i, listener] of (input.listeners ?? []).entries()) {
    const field = `listeners.${i}.`;
    const family = listener.protocol === "UDP" || listener.protocol === "SCTP" ? listener.protocol : "TCP";
    if (seenPorts.has(`${family}:${listener.protocol_port}`)) {
      throw new ConflictError(duplicateListenerMessage(listener.protocol, listener.protocol_port), `${field}protocol_port`);
    }
    seenPorts.set(`${family}:${listener.protocol_port}`, listener.protocol);
    if (listener.default_pool) await checkDefaultPoolSpec(ctx, listener.default_pool, `${field}default_pool.`);
  }
}

/**
 * Graph create: validates the whole tree, allocates the VIP, and writes every row in one
 * transaction, all PENDING_CREATE. Any error anywhere leaves nothing behind.
 */
export function createLoadBalancer(ctx: ServiceContext, input: LoadBalancerCreateInput) {
  return withTransaction(ctx, async (tx) => {
    const subnet = await resolveVipSubnet(tx, input);
    if (input.availability_zone) await assertZoneUsable(tx.db, input.availability_zone);
    const flavor = await flavorSettingsFor(tx.db, input.flavor_id);
    await checkGraph(tx, input);
    await consumeQuota(tx.db, tx.projectId, "loadbalancer", quotaDefaults());
    // The id is chosen here so the VIP port can name its owner before the row exists.
    const lbId = randomUUID();
    const port = await allocatePort(tx.db, {
      subnet,
      project_id: tx.projectId,
      device_owner: "Octavia",
      device_id: lbId,
      name: `octavia-lb-${lbId}`,
      ip_address: input.vip_address,
    });
    const [lb] = await tx.db
      .insert(loadBalancers)
      .values({
        id: lbId,
        ...newResourceColumns(tx, input),
        vip_address: port.ip_address,
        vip_port_id: port.id,
        vip_subnet_id: subnet.id,
        vip_network_id: subnet.network_id,
        provider: input.provider ?? "amphora",
        availability_zone: input.availability_zone ?? null,
        flavor_id: input.flavor_id ?? null,
        topology: flavor.topology,
        tags: input.tags ?? [],
      })
      .returning();
    if (!lb) throw new Error("load balancer insert returned no row");
    await announceCreated(tx.db, lbTarget(lb), lb);
    for (const [i, spec] of (input.listeners ?? []).entries()) await insertListenerTree(tx, lb, spec, `listeners.${i}.`);
    return getLoadBalancerTree(tx, lb.id);
  });
}

/** Update may change only name, description, admin_state_up and tags (Octavia). */
export function updateLoadBalancer(ctx: ServiceContext, input: LoadBalancerUpdateInput) {
  return withTransaction(ctx, async (tx) => {
    const lb = await findLoadBalancer(tx, input.id);
    await lockLoadBalancer(tx, lb, "PENDING_UPDATE");
    const { id, vip_address: _a, vip_subnet_id: _s, vip_network_id: _n, provider: _p, availability_zone: _z, flavor_id: _f, ...changes } = input;
    if (Object.keys(changes).length > 0) await tx.db.update(loadBalancers).set(changes).where(eq(loadBalancers.id, id));
    return getLoadBalancer(tx, id);
  });
}

/**
 * Delete needs no children, or `cascade`: then the whole tree goes PENDING_DELETE and the
 * controller removes listeners, pools, VIP and amphora before marking it DELETED.
 */
export function deleteLoadBalancer(ctx: ServiceContext, input: { id: string; cascade?: boolean }) {
  return withTransaction(ctx, async (tx) => {
    const lb = await findLoadBalancer(tx, input.id);
    const tree = await getLoadBalancerTree(tx, lb.id);
    const hasChildren = tree.listeners.length > 0 || tree.pools.length > 0;
    if (hasChildren && !input.cascade) {
      throw new ValidationError(`Validation failure: Cannot delete Load Balancer ${lb.id} - it has children`);
    }
    await lockLoadBalancer(tx, lb, "PENDING_DELETE");
    const mark = (resource_type: "listener" | "pool" | "member" | "healthmonitor", id: string) =>
      setStatus(tx.db, { resource_type, id, loadbalancer_id: lb.id, project_id: lb.project_id }, { provisioning_status: "PENDING_DELETE" });
    for (const policy of await policiesOfListeners(tx, tree.listeners.map((l) => l.id))) await markPolicyDeleted(tx, policy, lb.id);
    for (const l of tree.listeners) await mark("listener", l.id);
    for (const p of tree.pools) {
      await mark("pool", p.id);
      for (const m of p.members) await mark("member", m.id);
      if (p.healthmonitor) await mark("healthmonitor", p.healthmonitor.id);
    }
  });
}

interface StatusTreeNode {
  id: string;
  name: string;
  provisioning_status: string;
  operating_status: string;
}
export interface StatusTreeL7Policy extends StatusTreeNode {
  action: string;
  rules: (StatusTreeNode & { type: string })[];
}

/** Octavia's status tree: load balancer -> listeners -> L7 policies -> rules, and default pool -> monitor and members. */
export async function getStatusTree(ctx: ServiceContext, id: string) {
  const tree = await getLoadBalancerTree(ctx, id);
  const status = (r: { id: string; name: string | null; provisioning_status: string; operating_status: string }) => ({
    id: r.id,
    name: r.name ?? "",
    provisioning_status: r.provisioning_status,
    operating_status: r.operating_status,
  });
  const policies = await policiesOfListeners(ctx, tree.listeners.map((l) => l.id));
  const rules = policies.length
    ? await ctx.db.select().from(l7rules).where(and(inArray(l7rules.l7policy_id, policies.map((p) => p.id)), ne(l7rules.provisioning_status, "DELETED"))).orderBy(l7rules.created_at)
    : [];
  // Optional in the type: trees built before L7 existed (and listeners that cannot have any) are still trees.
  const policyNodes = (listenerId: string): { l7policies?: StatusTreeL7Policy[] } => ({
    l7policies: policies
      .filter((p) => p.listener_id === listenerId)
      .sort((a, b) => a.position - b.position)
      .map((p) => ({
        ...status(p),
        action: p.action,
        rules: rules.filter((r) => r.l7policy_id === p.id).map((r) => ({ ...status({ ...r, name: "" }), type: r.type })),
      })),
  });
  return {
    loadbalancer: {
      ...status(tree),
      listeners: tree.listeners.map((l) => {
        const pool = tree.pools.find((p) => p.id === l.default_pool_id);
        return {
          ...status(l),
          ...policyNodes(l.id),
          pools: pool
            ? [
                {
                  ...status(pool),
                  health_monitor: pool.healthmonitor ? { ...status(pool.healthmonitor), type: pool.healthmonitor.type } : null,
                  members: pool.members.map((m) => ({ ...status(m), address: m.address, protocol_port: m.protocol_port })),
                },
              ]
            : [],
        };
      }),
    },
  };
}
