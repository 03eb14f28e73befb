import { expect } from "vitest";
import { ZodError } from "zod";
import { eq, inArray } from "drizzle-orm";
import { healthMonitors, l7policies, l7rules, listeners, loadBalancers, members, pools } from "@/db/schema";
import { setStatus } from "@/server/services/status";
import { type TestWorld, testWorld } from "./database";

/** The issue's reference graph: HTTP:80, ROUND_ROBIN, web1+web2 on :80, an HTTP monitor. */
export function webGraph(w: TestWorld, overrides: Record<string, unknown> = {}) {
  return {
    name: "web-lb",
    vip_subnet_id: w.selfservice.id,
    listeners: [
      {
        name: "http",
        protocol: "HTTP" as const,
        protocol_port: 80,
        default_pool: {
          name: "web-pool",
          protocol: "HTTP" as const,
          lb_algorithm: "ROUND_ROBIN" as const,
          members: [
            { address: w.web1.fixed_ip, protocol_port: 80, subnet_id: w.selfservice.id },
            { address: w.web2.fixed_ip, protocol_port: 80, subnet_id: w.selfservice.id },
          ],
          healthmonitor: { type: "HTTP" as const, delay: 1, timeout: 1, max_retries: 2 },
        },
      },
    ],
    ...overrides,
  };
}

/**
 * The smallest useful graph: an HTTP:80 listener whose pool has `members` (addresses on port 80)
 * and no monitor. What scale, quota and crash tests create many of.
 */
export function httpGraph(name: string, vipSubnetId: string, members: string[]) {
  return {
    name,
    vip_subnet_id: vipSubnetId,
    listeners: [
      {
        protocol: "HTTP" as const,
        protocol_port: 80,
        default_pool: {
          protocol: "HTTP" as const,
          lb_algorithm: "ROUND_ROBIN" as const,
          members: members.map((address) => ({ address, protocol_port: 80 })),
        },
      },
    ],
  };
}

/**
 * Stands in for the controller finishing its work, for service tests that run without one (the
 * acceptance tests run the real controller): the tree settles through the status function.
 */
export async function markTreeActive(w: TestWorld, lbId: string): Promise<void> {
  const project_id = w.projectId;
  const ref = (resource_type: "loadbalancer" | "listener" | "pool" | "member" | "healthmonitor" | "l7policy" | "l7rule", id: string) => ({
    resource_type,
    id,
    loadbalancer_id: lbId,
    project_id,
  });
  const ls = await w.db.select({ id: listeners.id, s: listeners.provisioning_status }).from(listeners).where(eq(listeners.loadbalancer_id, lbId));
  const ps = await w.db.select({ id: pools.id, s: pools.provisioning_status }).from(pools).where(eq(pools.loadbalancer_id, lbId));
  const poolIds = ps.map((p) => p.id);
  const ms = poolIds.length
    ? await w.db.select({ id: members.id, s: members.provisioning_status }).from(members).where(inArray(members.pool_id, poolIds))
    : [];
  const hs = poolIds.length
    ? await w.db.select({ id: healthMonitors.id, s: healthMonitors.provisioning_status }).from(healthMonitors).where(inArray(healthMonitors.pool_id, poolIds))
    : [];
  const listenerIds = ls.map((l) => l.id);
  const l7ps = listenerIds.length
    ? await w.db.select({ id: l7policies.id, s: l7policies.provisioning_status }).from(l7policies).where(inArray(l7policies.listener_id, listenerIds))
    : [];
  const l7rs = l7ps.length
    ? await w.db.select({ id: l7rules.id, s: l7rules.provisioning_status }).from(l7rules).where(inArray(l7rules.l7policy_id, l7ps.map((p) => p.id)))
    : [];
  await w.db.transaction(async (tx) => {
    const db = tx as unknown as typeof w.db;
    // As the controller does: what was PENDING_DELETE is removed, everything else goes ACTIVE.
    const settle = async (type: "listener" | "pool" | "member" | "healthmonitor" | "l7policy" | "l7rule", rows: { id: string; s: string }[], table: typeof members) => {
      for (const r of rows) {
        if (r.s === "PENDING_DELETE") await db.delete(table).where(eq(table.id, r.id));
        else await setStatus(db, ref(type, r.id), { provisioning_status: "ACTIVE" });
      }
    };
    await settle("l7rule", l7rs, l7rules as unknown as typeof members);
    await settle("l7policy", l7ps, l7policies as unknown as typeof members);
    await settle("member", ms, members);
    await settle("healthmonitor", hs, healthMonitors as unknown as typeof members);
    await settle("listener", ls, listeners as unknown as typeof members);
    await settle("pool", ps, pools as unknown as typeof members);
    await setStatus(db, ref("loadbalancer", lbId), { provisioning_status: "ACTIVE" });
  });
}

export async function countRows(w: TestWorld) {
  const count = async (table: typeof loadBalancers | typeof listeners | typeof pools | typeof members | typeof healthMonitors) =>
    (await w.db.select().from(table as typeof loadBalancers)).length;
  return {
    loadBalancers: await count(loadBalancers),
    listeners: await count(listeners),
    pools: await count(pools),
    members: await count(members),
    healthMonitors: await count(healthMonitors),
  };
}

/**
 * Asserts a caller rejects with `code` and a message containing `message`. Input-schema errors
 * carry their zod issues as the cause: each issue's message counts, as the HTTP API shows them.
 */
export async function expectRejection(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  const err = await promise.then(
    () => {
      throw new Error(`expected a ${code} rejection ("${message}"), but the call succeeded`);
    },
    (e: unknown) => e as { code?: string; message: string; cause?: unknown },
  );
  const issues = err.cause instanceof ZodError ? err.cause.issues.map((i) => i.message) : [err.message];
  expect({ code: err.code, messages: issues }).toEqual({
    code,
    messages: expect.arrayContaining([expect.stringContaining(message)]),
  });
}

export type Settle = <T>(call: Promise<T>) => Promise<T>;

/**
 * For rule tests that run without a controller: a fresh world with the reference graph ACTIVE,
 * and `accepted`, which awaits a change and settles the tree as the controller would (each
 * accepted change locks it).
 */
export async function worldWithWebGraph() {
  const w = await testWorld();
  const lb = await w.caller.loadBalancer.create(webGraph(w));
  await markTreeActive(w, lb.id);
  const accepted: Settle = async (call) => {
    const result = await call;
    await markTreeActive(w, lb.id);
    return result;
  };
  return { w, lbId: lb.id, poolId: lb.pools[0]!.id, listenerId: lb.listeners[0]!.id, accepted };
}
