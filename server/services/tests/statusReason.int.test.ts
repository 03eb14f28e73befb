import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OperatingStatus, ProvisioningStatus } from "@/db/schema";
import { setOperatingStatus, setStatus } from "@/server/services/status";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { markTreeActive } from "@/server/testing/fixtures";

// A load balancer's status_reason in the list and in get: the reason of the status event that
// put it in its current ERROR. The statuses are written through the status module exactly as the
// controller writes them (the real controller's ERRORs are in the orchestrator's fault tests and
// the dashboard's e2e tests).

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w.close());

async function newLoadBalancer(name: string) {
  const lb = await w.caller.loadBalancer.create({ name, vip_subnet_id: w.selfservice.id });
  await markTreeActive(w, lb.id);
  return lb.id;
}

const target = (id: string) => ({ resource_type: "loadbalancer" as const, id, loadbalancer_id: id, project_id: w.projectId });
const write = (id: string, provisioning_status: ProvisioningStatus, reason: string | null = null) =>
  setStatus(w.db, target(id), { provisioning_status, reason });
const observe = (id: string, operating_status: OperatingStatus, reason: string | null = null) => setOperatingStatus(w.db, target(id), operating_status, reason);

async function reasonInListAndGet(id: string) {
  const listed = (await w.caller.loadBalancer.list({ id })).items.find((lb) => lb.id === id);
  const got = await w.caller.loadBalancer.get({ id });
  expect(listed?.status_reason).toBe(got.status_reason);
  return got.status_reason;
}

describe("status_reason", () => {
  it("is null on a load balancer that is not in ERROR, whatever its events said", async () => {
    const id = await newLoadBalancer("healthy");
    await write(id, "PENDING_UPDATE");
    await write(id, "ACTIVE", "reloaded: load balancer updated");
    expect(await reasonInListAndGet(id)).toBeNull();
  });

  it("is the reason of the event that put it in ERROR, not hidden by later events without one", async () => {
    const id = await newLoadBalancer("failed-change");
    await write(id, "PENDING_UPDATE");
    await write(id, "ERROR", "haproxy refused the config: cannot bind socket");
    expect(await reasonInListAndGet(id)).toBe("haproxy refused the config: cannot bind socket");
    // A health change while it stays in ERROR writes an event with no reason.
    await observe(id, "OFFLINE");
    expect(await reasonInListAndGet(id)).toBe("haproxy refused the config: cannot bind socket");
  });

  it("forgets an earlier ERROR once it left it: a new ERROR without a reason has none", async () => {
    const id = await newLoadBalancer("recovered");
    await write(id, "ERROR", "first failure");
    await write(id, "PENDING_UPDATE", "failover requested");
    await write(id, "ACTIVE");
    expect(await reasonInListAndGet(id)).toBeNull();
    await write(id, "ERROR");
    expect(await reasonInListAndGet(id)).toBeNull();
  });

  it("tells an operating ERROR's reason (an amphora that would not restart)", async () => {
    const id = await newLoadBalancer("restart-failed");
    await observe(id, "ONLINE");
    await observe(id, "ERROR", "amphora restart failed: cannot bind socket");
    expect(await reasonInListAndGet(id)).toBe("amphora restart failed: cannot bind socket");
    await observe(id, "ONLINE");
    expect(await reasonInListAndGet(id)).toBeNull();
  });
});
