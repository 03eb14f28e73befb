import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webGraph } from "@/server/testing/fixtures";
import { type Stack, eventually, fetchBodies, startStack } from "@/server/testing/stack";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";

// Octavia's failover for operators, with real HAProxy: the amphora is replaced (a new master,
// not a reload), the load balancer goes PENDING_UPDATE and back with events, traffic flows after.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const untilActive = (id: string) => stack.untilActive(id);

describe("failover", () => {
  it("replaces the amphora of a load balancer, which ends ACTIVE and carries traffic", async () => {
    const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "failover" }));
    await untilActive(lb.id);
    // A floating IP associated before the failover: the router's DNAT reaches the VIP in the new
    // amphora's namespace as it reached the old one's.
    const entry = await stack.reach(lb);
    const before = await stack.driver.status(lb.id);
    const amphora = (await stack.api.amphora.list.query()).find((a) => a.loadbalancer_id === lb.id)!;
    const config = await stack.api.amphora.config.query({ id: amphora.id });
    expect(config.config).toContain(`frontend ${lb.listeners[0]!.id}`);

    const watching = stack.watchEvents({ loadbalancer_id: lb.id }, (events) =>
      events.some((e) => e.resource_id === lb.id && e.provisioning_status === "ACTIVE"),
    );
    await stack.api.amphora.failover.mutate({ id: amphora.id });
    const events = (await watching).filter((e) => e.resource_id === lb.id).map((e) => e.provisioning_status);
    expect(events).toEqual(["PENDING_UPDATE", "ACTIVE"]);
    const after = await stack.driver.status(lb.id);
    expect(after.running).toBe(true);
    expect(after.pid).not.toBe(before.pid);
    expect(new Set(await eventually(() => fetchBodies(`http://${entry}/`, 6).catch(() => undefined), 10_000, "traffic"))).toEqual(
      new Set(["web1", "web2"]),
    );
    const record = (await stack.api.amphora.list.query()).find((a) => a.loadbalancer_id === lb.id);
    expect(record).toMatchObject({ status: "ALLOCATED", failover_requested: false, last_reload_reason: "amphora failover" });
    // A new amphora, as in Octavia: a new id, and the old one is gone.
    expect(record!.id).not.toBe(amphora.id);
    await expect(stack.api.amphora.config.query({ id: amphora.id })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });

    // The load balancer's own failover does the same.
    await stack.api.loadBalancer.failover.mutate({ id: lb.id });
    await untilActive(lb.id);
    expect((await stack.driver.status(lb.id)).pid).not.toBe(after.pid);
    await stack.api.loadBalancer.delete.mutate({ id: lb.id, cascade: true });
  });

  it("is for admins only, and refuses a load balancer that is busy", async () => {
    const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "busy" }));
    const member = createCaller(createInnerContext({ db: stack.db, projectId: stack.projectId, feed: stack.feed, isAdmin: false }));
    await expect(member.loadBalancer.failover({ id: lb.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Still PENDING_CREATE: the status lock refuses the admin, as it refuses any change.
    await expect(stack.api.loadBalancer.failover.mutate({ id: lb.id })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
    await untilActive(lb.id);
    await stack.api.loadBalancer.delete.mutate({ id: lb.id, cascade: true });
  });
});
