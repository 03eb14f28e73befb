import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { POLICY_DENIED } from "@/server/identity/policy";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";

// An operator's view of every project's load balancers (Octavia's get_all-global): admins and
// global observers list all projects or pick one by project_id; everyone else sees their own
// project only.

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w?.close());

describe("loadBalancer.list across projects", () => {
  it("lists every project for an admin, one project by project_id, and refuses both to a member", async () => {
    const other = await w.otherProject();
    const otherSubnet = (await other.subnet.list()).find((s) => s.name === "selfservice-subnet")!;
    const mine = await w.caller.loadBalancer.create({ name: "mine", vip_subnet_id: w.selfservice.id });
    const theirs = await other.loadBalancer.create({ name: "theirs", vip_subnet_id: otherSubnet.id });
    const admin = createCaller(createInnerContext({ db: w.db, projectId: w.projectId, feed: w.feed, isAdmin: true }));

    const all = (await admin.loadBalancer.list({ all_projects: true })).items.map((lb) => lb.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect((await admin.loadBalancer.list({ project_id: theirs.project_id })).items.map((lb) => lb.id)).toEqual([theirs.id]);
    expect((await admin.loadBalancer.list({ all_projects: true, search: "theirs" })).items.map((lb) => lb.id)).toEqual([theirs.id]);
    // Paging across projects keeps its marker.
    const first = await admin.loadBalancer.list({ all_projects: true, limit: 1 });
    const second = await admin.loadBalancer.list({ all_projects: true, limit: 1, marker: first.next_marker! });
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);

    await expect(w.caller.loadBalancer.list({ all_projects: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(w.caller.loadBalancer.list({ project_id: theirs.project_id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await w.caller.loadBalancer.list({ project_id: w.projectId })).items.map((lb) => lb.id)).toEqual([mine.id]);
    expect((await w.caller.loadBalancer.list()).items.map((lb) => lb.id)).toEqual([mine.id]);
  });

  it("lists every project for Octavia's global observer, one by project_id, and lets it change nothing", async () => {
    const other = await w.otherProject();
    const otherSubnet = (await other.subnet.list()).find((s) => s.name === "selfservice-subnet")!;
    const theirs = await other.loadBalancer.create({ name: "observed", vip_subnet_id: otherSubnet.id });
    const observer = createCaller(
      createInnerContext({
        db: w.db,
        feed: w.feed,
        identity: { user: { id: "00000000-0000-4000-8000-0000000000d1", name: "observer" }, project: { id: w.projectId, name: "demo" }, roles: ["load-balancer_global_observer"], cloudAdmin: false },
      }),
    );

    expect((await observer.loadBalancer.list({ all_projects: true, search: "observed" })).items.map((lb) => lb.id)).toEqual([theirs.id]);
    expect((await observer.loadBalancer.list({ project_id: theirs.project_id })).items.map((lb) => lb.id)).toEqual([theirs.id]);
    await expect(observer.loadBalancer.create({ name: "nope", vip_subnet_id: w.selfservice.id })).rejects.toMatchObject({ code: "FORBIDDEN", message: POLICY_DENIED });
    await expect(observer.loadBalancer.delete({ id: theirs.id })).rejects.toMatchObject({ code: "FORBIDDEN", message: POLICY_DENIED });
  });
});
