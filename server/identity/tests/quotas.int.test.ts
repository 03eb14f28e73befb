import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBalancers, type Role } from "@/db/schema";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { httpGraph, markTreeActive } from "@/server/testing/fixtures";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";

// Octavia's quotas: set by a quota admin, read by the project, enforced inside the creating
// transaction, exact under concurrent creates (on PostgreSQL, really concurrent).

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w?.close());

const as = (roles: Role[], projectId = w.projectId) =>
  createCaller(createInnerContext({ db: w.db, feed: w.feed, identity: { user: { id: "00000000-0000-4000-8000-0000000000c1", name: roles.join() }, project: { id: projectId, name: "" }, roles, cloudAdmin: false } }));

describe("quotas", () => {
  it("are unlimited by default, and a quota admin sets and resets them, old spellings included", async () => {
    const admin = as(["load-balancer_quota_admin"]);
    expect(await as(["reader"]).quota.get()).toMatchObject({ project_id: w.projectId, loadbalancer: -1, member: -1, healthmonitor: -1 });
    expect(await admin.quota.update({ project_id: w.projectId, quota: { load_balancer: 7, health_monitor: 2, pool: null } })).toMatchObject({ loadbalancer: 7, healthmonitor: 2, pool: -1 });
    expect(await admin.quota.reset({ project_id: w.projectId })).toMatchObject({ loadbalancer: -1, healthmonitor: -1 });
    await expect(as(["member"]).quota.update({ project_id: w.projectId, quota: { loadbalancer: 100 } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.quota.update({ project_id: w.projectId, quota: { loadbalancer: -2 } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuse a create over the limit with Octavia's message, and report use", async () => {
    await as(["admin"]).quota.update({ project_id: w.projectId, quota: { member: 2 } });
    const lb = await as(["member"]).loadBalancer.create(httpGraph("q", w.selfservice.id, [w.web1.fixed_ip]));
    const over = as(["member"]).loadBalancer.create(httpGraph("q2", w.selfservice.id, [w.web1.fixed_ip, w.web2.fixed_ip]));
    await expect(over).rejects.toMatchObject({ code: "FORBIDDEN", message: "Quota has been met for resources: Member" });
    // Graph create is one transaction: nothing of the refused tree stays.
    expect((await w.db.select().from(loadBalancers).where(eq(loadBalancers.name, "q2"))).length).toBe(0);
    expect((await as(["reader"]).quota.usage()).member).toEqual({ limit: 2, used: 1 });
    expect(lb.id).toBeTruthy();
    await as(["admin"]).quota.reset({ project_id: w.projectId });
  });

  it("report the use of L7 policies and rules, which a Create button needs to say the quota is met", async () => {
    const member = as(["member"]);
    const lb = await member.loadBalancer.create(httpGraph("q-l7", w.selfservice.id, []));
    await markTreeActive(w, lb.id);
    const before = await as(["reader"]).quota.usage();
    await as(["admin"]).quota.update({ project_id: w.projectId, quota: { l7policy: before.l7policy.used + 1 } });
    const listenerId = lb.listeners[0]?.id ?? "";
    const policy = await member.l7Policy.create({ listener_id: listenerId, action: "REJECT" });
    await markTreeActive(w, lb.id);
    await member.l7Rule.create({ l7policy_id: policy.id, type: "PATH", compare_type: "STARTS_WITH", value: "/api" });
    const after = await as(["reader"]).quota.usage();
    expect(after.l7policy).toEqual({ limit: before.l7policy.used + 1, used: before.l7policy.used + 1 });
    expect(after.l7rule).toEqual({ limit: -1, used: before.l7rule.used + 1 });
    await as(["admin"]).quota.reset({ project_id: w.projectId });
  });

  it("let exactly the quota through when ten creates race for three places", async () => {
    const existing = (await as(["reader"]).quota.usage()).loadbalancer.used;
    await as(["admin"]).quota.update({ project_id: w.projectId, quota: { loadbalancer: existing + 3 } });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => as(["member"]).loadBalancer.create({ name: `race-${i}`, vip_subnet_id: w.selfservice.id })),
    );
    const created = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(created).toHaveLength(3);
    expect(refused.every((r) => (r.reason as { message?: string }).message === "Quota has been met for resources: Load Balancer")).toBe(true);
    expect((await as(["reader"]).quota.usage()).loadbalancer.used).toBe(existing + 3);
  });

  it("are read only for the caller's own project unless they read globally", async () => {
    const other = await w.otherProject();
    const otherId = (await other.quota.get()).project_id;
    await expect(as(["member"]).quota.get({ project_id: otherId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await as(["load-balancer_global_observer"]).quota.get({ project_id: otherId })).project_id).toBe(otherId);
    expect((await as(["admin"]).quota.list()).some((q) => q.project_id === w.projectId)).toBe(true);
  });
});
