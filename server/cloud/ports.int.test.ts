import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestWorld, testWorld } from "@/server/testing/database";

// port.list: Neutron's port list for the project (what `openstack port show` and
// `floating ip set --port` read), the VIP ports included, another project's never.

let w: TestWorld;

beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w?.close());

describe("port.list", () => {
  it("lists the project's instance ports and a new load balancer's VIP port, and no other project's", async () => {
    const before = await w.caller.port.list();
    expect(before.find((p) => p.id === w.web1.port_id)).toMatchObject({
      ip_address: w.web1.fixed_ip,
      subnet_id: w.selfservice.id,
      device_owner: "compute:nova",
      project_id: w.projectId,
    });

    const lb = await w.caller.loadBalancer.create({ name: "with-vip", vip_subnet_id: w.selfservice.id });
    const after = await w.caller.port.list();
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((p) => p.id === lb.vip_port_id)).toMatchObject({ ip_address: lb.vip_address, device_owner: "Octavia", device_id: lb.id });

    const other = await w.otherProject();
    const theirs = await other.port.list();
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.some((p) => after.some((mine) => mine.id === p.id))).toBe(false);
  });
});
