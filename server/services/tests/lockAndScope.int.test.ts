import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { expectRejection, markTreeActive, webGraph } from "@/server/testing/fixtures";

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w.close());

describe("the status lock", () => {
  it("refuses every write under a load balancer that is PENDING_CREATE with CONFLICT", async () => {
    const lb = await w.caller.loadBalancer.create(webGraph(w));
    const pool = lb.pools[0]!;
    const immutable = `Load Balancer ${lb.id} is immutable and cannot be updated.`;
    await expectRejection(w.caller.listener.create({ loadbalancer_id: lb.id, protocol: "TCP", protocol_port: 81 }), "CONFLICT", immutable);
    await expectRejection(w.caller.member.create({ pool_id: pool.id, address: w.web3.fixed_ip, protocol_port: 80 }), "CONFLICT", immutable);
    await expectRejection(w.caller.member.update({ id: pool.members[0]!.id, weight: 3 }), "CONFLICT", immutable);
    await expectRejection(w.caller.healthMonitor.delete({ id: pool.healthmonitor!.id }), "CONFLICT", immutable);
    await expectRejection(w.caller.pool.update({ id: pool.id, lb_algorithm: "SOURCE_IP" }), "CONFLICT", immutable);
    await expectRejection(
      w.caller.loadBalancer.update({ id: lb.id, name: "x" }),
      "CONFLICT",
      `Invalid state PENDING_CREATE of loadbalancer resource ${lb.id}`,
    );
    await expectRejection(
      w.caller.loadBalancer.delete({ id: lb.id, cascade: true }),
      "CONFLICT",
      `Invalid state PENDING_CREATE of loadbalancer resource ${lb.id}`,
    );
  });

  it("puts the parents in PENDING_UPDATE on a child change, so a second change is refused", async () => {
    const lb = await w.caller.loadBalancer.create(webGraph(w));
    await markTreeActive(w, lb.id);
    const pool = lb.pools[0]!;
    await w.caller.member.create({ pool_id: pool.id, address: w.web3.fixed_ip, protocol_port: 80 });
    const tree = await w.caller.loadBalancer.statusTree({ id: lb.id });
    expect(tree.loadbalancer.provisioning_status).toBe("PENDING_UPDATE");
    expect(tree.loadbalancer.listeners[0]?.provisioning_status).toBe("PENDING_UPDATE");
    expect(tree.loadbalancer.listeners[0]?.pools[0]?.provisioning_status).toBe("PENDING_UPDATE");
    await expectRejection(
      w.caller.member.create({ pool_id: pool.id, address: w.web3.fixed_ip, protocol_port: 81 }),
      "CONFLICT",
      `Load Balancer ${lb.id} is immutable and cannot be updated.`,
    );
  });

  it("lets only one of two concurrent changes through", async () => {
    const lb = await w.caller.loadBalancer.create(webGraph(w));
    await markTreeActive(w, lb.id);
    const results = await Promise.allSettled([
      w.caller.listener.create({ loadbalancer_id: lb.id, protocol: "TCP", protocol_port: 8001 }),
      w.caller.listener.create({ loadbalancer_id: lb.id, protocol: "TCP", protocol_port: 8002 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["CONFLICT"]);
  });

  it("refuses delete with children unless cascade, and cascades the whole tree to PENDING_DELETE", async () => {
    const lb = await w.caller.loadBalancer.create(webGraph(w));
    await markTreeActive(w, lb.id);
    await expectRejection(
      w.caller.loadBalancer.delete({ id: lb.id }),
      "BAD_REQUEST",
      `Validation failure: Cannot delete Load Balancer ${lb.id} - it has children`,
    );
    await w.caller.loadBalancer.delete({ id: lb.id, cascade: true });
    const tree = await w.caller.loadBalancer.statusTree({ id: lb.id });
    expect(tree.loadbalancer.provisioning_status).toBe("PENDING_DELETE");
    const pool = tree.loadbalancer.listeners[0]?.pools[0];
    expect([tree.loadbalancer.listeners[0]?.provisioning_status, pool?.provisioning_status, pool?.health_monitor?.provisioning_status]).toEqual([
      "PENDING_DELETE",
      "PENDING_DELETE",
      "PENDING_DELETE",
    ]);
    expect(pool?.members.every((m) => m.provisioning_status === "PENDING_DELETE")).toBe(true);
  });

  it("deletes a childless load balancer without cascade", async () => {
    const lb = await w.caller.loadBalancer.create({ vip_subnet_id: w.selfservice.id });
    await markTreeActive(w, lb.id);
    await w.caller.loadBalancer.delete({ id: lb.id });
    expect((await w.caller.loadBalancer.get({ id: lb.id })).provisioning_status).toBe("PENDING_DELETE");
  });
});

describe("project scoping", () => {
  it("answers NOT_FOUND for another project's resources, on reads and writes", async () => {
    const lb = await w.caller.loadBalancer.create(webGraph(w));
    await markTreeActive(w, lb.id);
    const other = await w.otherProject();
    const pool = lb.pools[0]!;
    const member = pool.members[0]!;
    const listener = lb.listeners[0]!;
    expect((await other.loadBalancer.list()).items.map((l) => l.id)).not.toContain(lb.id);
    await expectRejection(other.loadBalancer.get({ id: lb.id }), "NOT_FOUND", `Load Balancer ${lb.id} not found.`);
    await expectRejection(other.loadBalancer.statusTree({ id: lb.id }), "NOT_FOUND", "not found");
    await expectRejection(other.loadBalancer.update({ id: lb.id, name: "stolen" }), "NOT_FOUND", "not found");
    await expectRejection(other.loadBalancer.delete({ id: lb.id, cascade: true }), "NOT_FOUND", "not found");
    await expectRejection(other.listener.get({ id: listener.id }), "NOT_FOUND", `Listener ${listener.id} not found.`);
    await expectRejection(other.listener.create({ loadbalancer_id: lb.id, protocol: "TCP", protocol_port: 99 }), "NOT_FOUND", "not found");
    await expectRejection(other.pool.get({ id: pool.id }), "NOT_FOUND", `Pool ${pool.id} not found.`);
    await expectRejection(other.member.list({ pool_id: pool.id }), "NOT_FOUND", "not found");
    await expectRejection(other.member.create({ pool_id: pool.id, address: "127.1.2.3", protocol_port: 80 }), "NOT_FOUND", "not found");
    await expectRejection(other.member.delete({ id: member.id }), "NOT_FOUND", `Member ${member.id} not found.`);
    await expectRejection(other.healthMonitor.get({ id: pool.healthmonitor!.id }), "NOT_FOUND", "not found");
    await expectRejection(other.loadBalancer.create({ vip_subnet_id: w.selfservice.id }), "BAD_REQUEST", `Subnet ${w.selfservice.id} not found.`);
    expect((await other.instance.list()).map((i) => i.id)).not.toContain(w.web1.id);
    // Nothing the other project tried changed the tree.
    expect((await w.caller.loadBalancer.get({ id: lb.id })).provisioning_status).toBe("ACTIVE");
  });
});
