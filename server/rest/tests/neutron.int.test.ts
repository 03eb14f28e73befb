import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestWorld } from "@/server/testing/database";
import { markTreeActive } from "@/server/testing/fixtures";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";
import type { RestClient } from "./client";
import { startRestWorld } from "./rest-server";

// The Neutron subset over real HTTP: look-ups by name and id as the CLI makes them, Neutron's
// shapes, floating IPs allocated, associated with a VIP port, moved off it and released, and
// the NeutronError body with tRPC's messages.

let w: TestWorld;
let rest: RestClient;
let demo: string;
let viewer: string;

const N = "/networking/v2.0";
type Item = Record<string, unknown> & { id: string };

let world: Awaited<ReturnType<typeof startRestWorld>>;

beforeAll(async () => {
  world = await startRestWorld(98);
  ({ w, rest } = world);
  demo = world.tokens.demo;
  viewer = world.tokens.viewer;
});
afterAll(() => world?.close());

const expectError = (res: { status: number; body: unknown; headers: Headers }, status: number, type: string, message: string) => {
  expect({ status: res.status, body: res.body }).toEqual({ status, body: { NeutronError: { type, message, detail: "" } } });
  expect(res.headers.get("x-openstack-request-id")).toMatch(/^req-/);
};

describe("networks, subnets and ports", () => {
  it("looks a subnet up by name and by id, exactly one each, with Neutron's fields", async () => {
    const byName = await rest.call<{ subnets: Item[] }>("GET", `${N}/subnets?name=selfservice-subnet`, { token: demo });
    expect(byName.status).toBe(200);
    expect(byName.body.subnets).toEqual([
      expect.objectContaining({ id: w.selfservice.id, name: "selfservice-subnet", cidr: w.selfservice.cidr, ip_version: 4, tenant_id: w.projectId, enable_dhcp: false }),
    ]);
    expect((await rest.call<{ subnets: Item[] }>("GET", `${N}/subnets?id=${w.selfservice.id}`, { token: demo })).body.subnets).toHaveLength(1);
    expect((await rest.call<{ subnets: Item[] }>("GET", `${N}/subnets?id=selfservice-subnet`, { token: demo })).body.subnets).toEqual([]);
    expect((await rest.call("GET", `${N}/subnets/${w.selfservice.id}?fields=id,cidr`, { token: demo })).body).toEqual({ subnet: { id: w.selfservice.id, cidr: w.selfservice.cidr } });
  });

  it("answers a network by name in the id's place 404, and lists it by name (external, shared)", async () => {
    expectError(await rest.call("GET", `${N}/networks/public`, { token: demo }), 404, "NotFound", "Network public not found.");
    const list = await rest.call<{ networks: Item[] }>("GET", `${N}/networks?name=public`, { token: demo });
    expect(list.body.networks).toEqual([expect.objectContaining({ name: "public", "router:external": true, shared: true, subnets: [w.publicSubnet.id] })]);
    expect((await rest.call<{ networks: Item[] }>("GET", `${N}/networks?router:external=True`, { token: demo })).body.networks.map((n) => n.name)).toEqual(["public"]);
  });

  it("shows a port with its fixed IP", async () => {
    const port = await rest.call<{ port: Item }>("GET", `${N}/ports/${w.web1.port_id}`, { token: demo });
    expect(port.body.port).toMatchObject({
      id: w.web1.port_id,
      fixed_ips: [{ subnet_id: w.selfservice.id, ip_address: w.web1.fixed_ip }],
      device_owner: "compute:nova",
      mac_address: expect.stringMatching(/^fa:16:3e(:[0-9a-f]{2}){3}$/),
      status: "ACTIVE",
    });
  });

  it("wants a token", async () => {
    expectError(await rest.call("GET", `${N}/networks`), 401, "NotAuthenticated", "The request you have made requires authentication.");
  });
});

describe("the floating IP quota", () => {
  it("refuses a floating IP over the project's floatingip quota with Neutron's OverQuota (409), and counts what the project holds", async () => {
    const admin = createCaller(createInnerContext({ db: w.db, feed: w.feed, projectId: w.projectId, isAdmin: true }));
    const held = (await w.caller.floatingIp.list()).length;
    await admin.quota.update({ project_id: w.projectId, quota: { floatingip: held + 1 } });
    const allocate = () => rest.call<{ floatingip: Item }>("POST", `${N}/floatingips`, { token: demo, body: { floatingip: { floating_network_id: w.publicSubnet.network_id } } });
    const first = await allocate();
    expect(first.status).toBe(201);
    expectError(await allocate(), 409, "OverQuota", "Quota exceeded for resources: ['floatingip'].");
    await expect(w.caller.floatingIp.allocate({ floating_network_id: w.publicSubnet.network_id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await admin.quota.usage()).floatingip).toEqual({ limit: held + 1, used: held + 1 });
    // A release makes room again.
    expect((await rest.call("DELETE", `${N}/floatingips/${first.body.floatingip.id}`, { token: demo })).status).toBe(204);
    const again = await allocate();
    expect(again.status).toBe(201);
    await rest.call("DELETE", `${N}/floatingips/${again.body.floatingip.id}`, { token: demo });
    await admin.quota.reset({ project_id: w.projectId });
  });
});

describe("floating IPs", () => {
  let lb: Item;
  let fip: Item;

  it("allocates one from the external network (201)", async () => {
    const res = await rest.call<{ floatingip: Item }>("POST", `${N}/floatingips`, { token: demo, body: { floatingip: { floating_network_id: w.publicSubnet.network_id } } });
    expect(res.status).toBe(201);
    fip = res.body.floatingip;
    expect(fip).toMatchObject({ floating_network_id: w.publicSubnet.network_id, port_id: null, fixed_ip_address: null, status: "DOWN", router_id: null, tenant_id: w.projectId });
  });

  it("associates it with a load balancer's VIP port (200), which takes the status lock", async () => {
    const created = await w.caller.loadBalancer.create({ name: "fip-target", vip_subnet_id: w.selfservice.id });
    await markTreeActive(w, created.id);
    lb = created as unknown as Item;
    const res = await rest.call<{ floatingip: Item }>("PUT", `${N}/floatingips/${fip.id}`, { token: demo, body: { floatingip: { port_id: lb.vip_port_id } } });
    expect(res).toMatchObject({ status: 200, body: { floatingip: { port_id: lb.vip_port_id, fixed_ip_address: lb.vip_address, status: "ACTIVE" } } });
    expect((await w.caller.loadBalancer.get({ id: lb.id })).provisioning_status).toBe("PENDING_UPDATE");
    await markTreeActive(w, lb.id);
    const listed = await rest.call<{ floatingips: Item[] }>("GET", `${N}/floatingips?floating_ip_address=${String(fip.floating_ip_address)}`, { token: demo });
    expect(listed.body.floatingips.map((f) => f.id)).toEqual([fip.id]);
  });

  it("refuses an unknown field, a reader, and a second association with tRPC's words", async () => {
    expectError(await rest.call("PUT", `${N}/floatingips/${fip.id}`, { token: demo, body: { floatingip: { router_id: null } } }), 400, "BadRequest", 'Unrecognized key: "router_id"');
    expectError(await rest.call("PUT", `${N}/floatingips/${fip.id}`, { token: viewer, body: { floatingip: { port_id: null } } }), 403, "PolicyNotAuthorized", "Policy does not allow this request to be performed.");
    const res = await rest.call("PUT", `${N}/floatingips/${fip.id}`, { token: demo, body: { floatingip: { port_id: w.web1.port_id } } });
    expectError(res, 409, "Conflict", `Floating IP ${String(fip.floating_ip_address)} is already associated with port ${String(lb.vip_port_id)}; disassociate it first.`);
  });

  it("disassociates with port_id null and releases with 204", async () => {
    const res = await rest.call<{ floatingip: Item }>("PUT", `${N}/floatingips/${fip.id}`, { token: demo, body: { floatingip: { port_id: null } } });
    expect(res).toMatchObject({ status: 200, body: { floatingip: { port_id: null, status: "DOWN" } } });
    await markTreeActive(w, lb.id);
    expect((await rest.call("DELETE", `${N}/floatingips/${fip.id}`, { token: demo })).status).toBe(204);
    expectError(await rest.call("GET", `${N}/floatingips/${fip.id}`, { token: demo }), 404, "NotFound", `Floating IP ${fip.id} not found.`);
  });

  it("allocates and associates in one create, and gives the address back when the association fails", async () => {
    const before = (await w.caller.floatingIp.list()).length;
    const ok = await rest.call<{ floatingip: Item }>("POST", `${N}/floatingips`, {
      token: demo,
      body: { floatingip: { floating_network_id: w.publicSubnet.network_id, port_id: w.web2.port_id, project_id: w.projectId } },
    });
    expect(ok).toMatchObject({ status: 201, body: { floatingip: { port_id: w.web2.port_id, fixed_ip_address: w.web2.fixed_ip } } });
    const missing = "00000000-0000-4000-8000-0000000000bb";
    const failed = await rest.call("POST", `${N}/floatingips`, { token: demo, body: { floatingip: { floating_network_id: w.publicSubnet.network_id, port_id: missing } } });
    expectError(failed, 404, "NotFound", `Port ${missing} not found.`);
    expect((await w.caller.floatingIp.list()).length).toBe(before + 1);
    expectError(
      await rest.call("POST", `${N}/floatingips`, { token: demo, body: { floatingip: { floating_network_id: w.selfservice.network_id } } }),
      400,
      "BadRequest",
      "Network selfservice is not an external network; floating IPs come from external networks.",
    );
  });
});
