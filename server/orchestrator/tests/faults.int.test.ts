import fs from "node:fs";
import { placeAmphora } from "@/server/services/amphora-hosts";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amphorae, statusEvents } from "@/db/schema";
import { webGraph } from "@/server/testing/fixtures";
import { free, occupy } from "@/server/testing/occupy";
import { type Stack, eventually, fetchBodies, startStack } from "@/server/testing/stack";

// Faults that must end well, with real HAProxy: an address HAProxy cannot bind (another
// process holds it, inside the amphora's namespace, where the VIP lives) is how a start or
// reload really fails on a host.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());


const settled = (id: string) =>
  eventually(async () => {
    const lb = await stack.caller.loadBalancer.get({ id });
    return lb.provisioning_status.startsWith("PENDING") ? undefined : lb;
  }, 20_000, `load balancer ${id} to settle`);

const eventsOf = (lbId: string) =>
  stack.db.select().from(statusEvents).where(and(eq(statusEvents.loadbalancer_id, lbId), eq(statusEvents.resource_id, lbId))).orderBy(statusEvents.id);

/** A free address in the selfservice subnet's allocation pool (.10-.250), away from the instances. */
const vipIn = (n: number) => stack.selfservice.cidr.replace(/\.0\/24$/, `.${n}`);

/** Holds the VIP's port in the load balancer's amphora namespace, which must exist. */
const occupyVip = async (lbId: string, vip: string, port: number) => occupy(vip, port, await stack.amphoraNamespace(lbId));

describe("faults that end well", () => {
  it("a load balancer whose HAProxy cannot start goes ERROR with HAProxy's reason", async () => {
    const vip = vipIn(201);
    // The port is taken before the first start: the amphora is placed and plugged (as the
    // controller places and plugs it before an apply) while the controller is stopped.
    await stack.stopController();
    const lb = await stack.caller.loadBalancer.create(webGraph(stack, { name: "cannot-start", vip_address: vip }));
    const host = stack.hosts[0]!;
    const blocker = await placeAmphora(stack.db, lb.id, [host.id])
      .then(() => stack.network.plugAmphora(lb.id, host.client))
      .then(() => occupyVip(lb.id, vip, 80))
      .finally(() => stack.startController());
    try {
      const done = await settled(lb.id);
      expect(done.provisioning_status).toBe("ERROR");
      const last = (await eventsOf(lb.id)).at(-1);
      expect(last?.provisioning_status).toBe("ERROR");
      expect(last?.reason).toMatch(/cannot bind|Address already in use|start/i);
      expect((await stack.driver.status(lb.id)).running).toBe(false);
      // ERROR is where Octavia's recovery starts: delete works.
      await stack.caller.loadBalancer.delete({ id: lb.id, cascade: true });
      await eventually(() => stack.caller.loadBalancer.get({ id: lb.id }).then(() => undefined, () => true), 15_000, "deleted");
    } finally {
      await free(blocker);
    }
  });

  it("an amphora that will not restart backs off, writes its ERROR once, and recovers when it can", async () => {
    const vip = vipIn(202);
    const lb = await stack.caller.loadBalancer.create(webGraph(stack, { name: "restart-backoff", vip_address: vip }));
    expect((await settled(lb.id)).provisioning_status).toBe("ACTIVE");
    await eventually(async () => ((await stack.caller.loadBalancer.get({ id: lb.id })).operating_status === "ONLINE" ? true : undefined), 15_000, "ONLINE");

    // The control plane is down while HAProxy dies and something else takes its address.
    await stack.stopController();
    const { pid } = await stack.driver.status(lb.id);
    await stack.driver.stop(lb.id);
    expect(pid).not.toBeNull();
    const blocker = await occupyVip(lb.id, vip, 80);
    const eventsBefore = (await eventsOf(lb.id)).length;
    stack.startController();
    try {
      // Failed attempts 1, 2, 3 come after about 0, 1 and 3 seconds: wait for the third.
      await eventually(async () => {
        const [record] = await stack.db.select().from(amphorae).where(eq(amphorae.loadbalancer_id, lb.id));
        return record && record.failures >= 3 ? record : undefined;
      }, 20_000, "three failed restarts");
      const during = (await eventsOf(lb.id)).slice(eventsBefore);
      expect(during.map((e) => e.operating_status)).toEqual(["ERROR"]);
      expect(during[0]?.reason).toMatch(/amphora restart failed/);
      const [record] = await stack.db.select().from(amphorae).where(eq(amphorae.loadbalancer_id, lb.id));
      expect(record?.status).toBe("ERROR");
      expect(Date.parse(record?.retry_at ?? "")).toBeGreaterThan(Date.now());
    } finally {
      await free(blocker);
    }
    // The next attempt (at most 8 s later) starts it, and the health manager sees it ONLINE.
    await eventually(async () => ((await stack.caller.loadBalancer.get({ id: lb.id })).operating_status === "ONLINE" ? true : undefined), 30_000, "ONLINE again");
    expect(new Set(await fetchBodies(`http://${await stack.reach(lb)}/`, 4))).toEqual(new Set(["web1", "web2"]));
    const [record] = await stack.db.select().from(amphorae).where(eq(amphorae.loadbalancer_id, lb.id));
    expect(record).toMatchObject({ status: "ALLOCATED", failures: 0, retry_at: null });
    await stack.caller.loadBalancer.delete({ id: lb.id, cascade: true });
  });

  it("a child in ERROR is left out of the config, so later changes to its load balancer still apply", async () => {
    const vip = vipIn(203);
    const lb = await stack.caller.loadBalancer.create(webGraph(stack, { name: "poisoned", vip_address: vip }));
    expect((await settled(lb.id)).provisioning_status).toBe("ACTIVE");
    const blocker = await occupyVip(lb.id, vip, 8080);
    try {
      // HAProxy's check passes (it does not bind), the reload cannot bind 8080: the listener goes ERROR.
      const bad = await stack.caller.listener.create({ loadbalancer_id: lb.id, protocol: "TCP", protocol_port: 8080 });
      expect((await settled(lb.id)).provisioning_status).toBe("ACTIVE");
      const failed = await stack.caller.listener.get({ id: bad.id });
      expect(failed.provisioning_status).toBe("ERROR");
      const [reason] = await stack.db
        .select({ reason: statusEvents.reason })
        .from(statusEvents)
        .where(and(eq(statusEvents.resource_id, bad.id), eq(statusEvents.provisioning_status, "ERROR")));
      expect(reason?.reason).toMatch(/left out of the running config/);

      // Still blocked: a change elsewhere in the tree applies anyway, and traffic carries on.
      const poolId = (await stack.caller.loadBalancer.get({ id: lb.id })).pools[0]!.id;
      const member = await stack.caller.member.create({ pool_id: poolId, address: stack.web3.fixed_ip, protocol_port: 80 });
      expect((await settled(lb.id)).provisioning_status).toBe("ACTIVE");
      expect((await stack.caller.member.get({ id: member.id })).provisioning_status).toBe("ACTIVE");
      expect(new Set(await fetchBodies(`http://${await stack.reach(lb)}/`, 9))).toEqual(new Set(["web1", "web2", "web3"]));
      expect(fs.readFileSync(stack.driver.paths(lb.id).config, "utf8")).not.toContain(bad.id);
    } finally {
      await free(blocker);
    }
    await stack.caller.loadBalancer.delete({ id: lb.id, cascade: true });
  });
});
