import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimOctet } from "@/server/testing/address-ranges";
import type { TestWorld } from "@/server/testing/database";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";
import type { RestClient } from "./client";
import { openstackCli } from "./openstack-cli";
import { startRestWorld } from "./rest-server";

// Neutron's routers over real HTTP, as the openstack CLI and SDK call them: the router's shape
// with external_gateway_info, create/update/delete, add/remove_router_interface answering
// Neutron's body, the refusals in NeutronError bodies, floating IPs' router_id, the router
// extension, another project kept out, and Debian's openstack CLI end to end.

const N = "/networking/v2.0";
type Item = Record<string, unknown> & { id: string };

const altRange = claimOctet();
let world: Awaited<ReturnType<typeof startRestWorld>>;
let w: TestWorld;
let rest: RestClient;
let demo: string;
let viewer: string;
let alt: string;
let publicId: string;

beforeAll(async () => {
  world = await startRestWorld();
  ({ w, rest } = world);
  ({ demo, viewer } = world.tokens);
  alt = await rest.token("alt", "demo-pw-1", "alt");
  publicId = w.publicSubnet.network_id;
});
afterAll(async () => {
  await world?.close();
  altRange.release();
});

const expectError = (res: { status: number; body: unknown }, status: number, type: string, message: string) =>
  expect({ status: res.status, body: res.body }).toEqual({ status, body: { NeutronError: { type, message, detail: "" } } });

describe("routers", () => {
  it("lists the seeded router1 by name with Neutron's fields and its gateway", async () => {
    const list = await rest.call<{ routers: Item[] }>("GET", `${N}/routers?name=router1`, { token: demo });
    expect(list.status).toBe(200);
    expect(list.body.routers).toEqual([
      expect.objectContaining({
        name: "router1",
        status: "ACTIVE",
        admin_state_up: true,
        tenant_id: w.projectId,
        project_id: w.projectId,
        routes: [],
        distributed: false,
        ha: false,
        external_gateway_info: { network_id: publicId, enable_snat: true, external_fixed_ips: [{ subnet_id: w.publicSubnet.id, ip_address: expect.any(String) }] },
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      }),
    ]);
    expect(list.body.routers[0]).not.toHaveProperty("interfaces");
    const id = list.body.routers[0]!.id;
    expect((await rest.call("GET", `${N}/routers/${id}?fields=id,name`, { token: viewer })).body).toEqual({ router: { id, name: "router1" } });
    // Its interfaces are ports, as in Neutron.
    const ifaces = await rest.call<{ ports: Item[] }>("GET", `${N}/ports?device_id=${id}&device_owner=network:router_interface`, { token: demo });
    expect(ifaces.body.ports.map((p) => (p.fixed_ips as { ip_address: string }[])[0]!.ip_address).sort()).toEqual([w.backend.gateway_ip, w.selfservice.gateway_ip].sort());
  });

  it("creates, sets the gateway, adds and removes an interface, and deletes, in Neutron's bodies and codes", async () => {
    const admin = createCaller(createInnerContext({ db: w.db, feed: w.feed, projectId: w.projectId, isAdmin: true }));
    const net = await admin.network.create({ name: "rest-net" });
    const sn = await admin.subnet.create({ network_id: net.id, name: "rest-subnet", cidr: `127.${altRange.octet}.200.0/24` });

    const created = await rest.call<{ router: Item }>("POST", `${N}/routers`, { token: demo, body: { router: { name: "r-rest", admin_state_up: true, tenant_id: w.projectId } } });
    expect(created.status).toBe(201);
    expect(created.body.router).toMatchObject({ name: "r-rest", external_gateway_info: null, status: "ACTIVE" });
    const id = created.body.router.id;

    const gw = await rest.call<{ router: Item }>("PUT", `${N}/routers/${id}`, { token: demo, body: { router: { external_gateway_info: { network_id: publicId, enable_snat: false } } } });
    expect(gw.status).toBe(200);
    expect(gw.body.router.external_gateway_info).toMatchObject({ network_id: publicId, enable_snat: false });

    const added = await rest.call<Item>("PUT", `${N}/routers/${id}/add_router_interface`, { token: demo, body: { subnet_id: sn.id } });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ id, tenant_id: w.projectId, project_id: w.projectId, port_id: expect.any(String), subnet_id: sn.id, subnet_ids: [sn.id], network_id: net.id });
    expectError(
      await rest.call("PUT", `${N}/routers/${id}/add_router_interface`, { token: demo, body: { subnet_id: sn.id } }),
      400,
      "BadRequest",
      `Bad router request: Router already has a port on subnet ${sn.id}.`,
    );
    expectError(await rest.call("DELETE", `${N}/routers/${id}`, { token: demo }), 409, "Conflict", `Router ${id} still has ports`);
    expectError(await rest.call("PUT", `${N}/routers/${id}`, { token: viewer, body: { router: { name: "x" } } }), 403, "PolicyNotAuthorized", "Policy does not allow this request to be performed.");

    const removed = await rest.call<Item>("PUT", `${N}/routers/${id}/remove_router_interface`, { token: demo, body: { port_id: added.body.port_id } });
    expect(removed).toMatchObject({ status: 200, body: { id, port_id: added.body.port_id, subnet_id: sn.id } });
    expectError(
      await rest.call("PUT", `${N}/routers/${id}/remove_router_interface`, { token: demo, body: { subnet_id: sn.id } }),
      404,
      "NotFound",
      `Router ${id} has no interface on subnet ${sn.id}`,
    );
    const cleared = await rest.call<{ router: Item }>("PUT", `${N}/routers/${id}`, { token: demo, body: { router: { external_gateway_info: null } } });
    expect(cleared.body.router.external_gateway_info).toBeNull();
    expect((await rest.call("DELETE", `${N}/routers/${id}`, { token: demo })).status).toBe(204);
    expectError(await rest.call("GET", `${N}/routers/${id}`, { token: demo }), 404, "NotFound", `Router ${id} not found.`);
    await admin.network.delete({ id: net.id });
  });

  it("keeps another project out: alt neither lists, shows, changes nor attaches to demo's router", async () => {
    const demoRouter = (await rest.call<{ routers: Item[] }>("GET", `${N}/routers?name=router1`, { token: demo })).body.routers[0]!;
    const altRouters = (await rest.call<{ routers: Item[] }>("GET", `${N}/routers`, { token: alt })).body.routers;
    expect(altRouters.map((r) => r.name)).toEqual(["router1"]);
    expect(altRouters[0]!.id).not.toBe(demoRouter.id);
    const gone = `Router ${demoRouter.id} not found.`;
    expectError(await rest.call("GET", `${N}/routers/${demoRouter.id}`, { token: alt }), 404, "NotFound", gone);
    expectError(await rest.call("PUT", `${N}/routers/${demoRouter.id}`, { token: alt, body: { router: { name: "mine" } } }), 404, "NotFound", gone);
    expectError(await rest.call("DELETE", `${N}/routers/${demoRouter.id}`, { token: alt }), 404, "NotFound", gone);
    expectError(await rest.call("PUT", `${N}/routers/${demoRouter.id}/remove_router_interface`, { token: alt, body: { subnet_id: w.selfservice.id } }), 404, "NotFound", gone);
    expectError(
      await rest.call("PUT", `${N}/routers/${altRouters[0]!.id}/add_router_interface`, { token: alt, body: { subnet_id: w.backend.id } }),
      404,
      "NotFound",
      `Subnet ${w.backend.id} not found.`,
    );
  });

  it("shows a floating IP's router_id once associated, and refuses a port with no router path (400)", async () => {
    const router1 = (await rest.call<{ routers: Item[] }>("GET", `${N}/routers?name=router1`, { token: demo })).body.routers[0]!;
    const fip = (await rest.call<{ floatingip: Item }>("POST", `${N}/floatingips`, { token: demo, body: { floatingip: { floating_network_id: publicId } } })).body.floatingip;
    expect(fip.router_id).toBeNull();
    const set = await rest.call<{ floatingip: Item }>("PUT", `${N}/floatingips/${fip.id}`, { token: demo, body: { floatingip: { port_id: w.web1.port_id } } });
    expect(set.body.floatingip).toMatchObject({ port_id: w.web1.port_id, router_id: router1.id });
    expect((await rest.call<{ floatingip: Item }>("GET", `${N}/floatingips/${fip.id}`, { token: demo })).body.floatingip.router_id).toBe(router1.id);
    expectError(
      await rest.call("PUT", `${N}/routers/${router1.id}/remove_router_interface`, { token: demo, body: { subnet_id: w.selfservice.id } }),
      409,
      "Conflict",
      `Router interface for subnet ${w.selfservice.id} on router ${router1.id} cannot be deleted, as it is required by one or more floating IPs.`,
    );
    const unset = await rest.call<{ floatingip: Item }>("PUT", `${N}/floatingips/${fip.id}`, { token: demo, body: { floatingip: { port_id: null } } });
    expect(unset.body.floatingip.router_id).toBeNull();

    // A VIP on a network no router reaches: Neutron's 400.
    const admin = createCaller(createInnerContext({ db: w.db, feed: w.feed, projectId: w.projectId, isAdmin: true }));
    const net = await admin.network.create({ name: "unrouted" });
    const sn = await admin.subnet.create({ network_id: net.id, name: "unrouted-subnet", cidr: `127.${altRange.octet}.202.0/24` });
    const lb = await w.caller.loadBalancer.create({ name: "unrouted", vip_subnet_id: sn.id });
    expectError(
      await rest.call("PUT", `${N}/floatingips/${fip.id}`, { token: demo, body: { floatingip: { port_id: lb.vip_port_id } } }),
      400,
      "BadRequest",
      `External network ${publicId} is not reachable from subnet ${sn.id}. Therefore, cannot associate Port ${lb.vip_port_id} with a Floating IP.`,
    );
    await rest.call("DELETE", `${N}/floatingips/${fip.id}`, { token: demo });
  });

  it("refuses a router over the router quota with Neutron's OverQuota (409)", async () => {
    const admin = createCaller(createInnerContext({ db: w.db, feed: w.feed, projectId: w.projectId, isAdmin: true }));
    const held = (await w.caller.routers.list()).length;
    await admin.quota.update({ project_id: w.projectId, quota: { router: held } });
    expectError(await rest.call("POST", `${N}/routers`, { token: demo, body: { router: { name: "over" } } }), 409, "OverQuota", "Quota exceeded for resources: ['router'].");
    await admin.quota.reset({ project_id: w.projectId });
  });

  it("lists the router extension", async () => {
    const res = await rest.call<{ extension: Item }>("GET", `${N}/extensions/router`, { token: demo });
    expect(res.body.extension).toMatchObject({ alias: "router", name: "Neutron L3 Router" });
  });
});

describe("routers through the openstack CLI", { timeout: 180_000 }, () => {
  const user = { name: "demo", password: "demo-pw-1", project: "demo" };

  it("router create, set --external-gateway, add subnet, show, remove subnet, unset --external-gateway, delete", async () => {
    const admin = createCaller(createInnerContext({ db: w.db, feed: w.feed, projectId: w.projectId, isAdmin: true }));
    const net = await admin.network.create({ name: "cli-net" });
    const sn = await admin.subnet.create({ network_id: net.id, name: "cli-subnet", cidr: `127.${altRange.octet}.201.0/24` });
    const cli = openstackCli(world.server.url);
    try {
      const created = await cli.json<{ id: string; name: string }>(user, ["router", "create", "r1"]);
      expect(created.name).toBe("r1");
      expect(await cli.run(user, ["router", "set", "--external-gateway", "public", "r1"])).toMatchObject({ exitCode: 0 });
      expect(await cli.run(user, ["router", "add", "subnet", "r1", "cli-subnet"])).toMatchObject({ exitCode: 0 });
      const shown = await cli.json<{ id: string; external_gateway_info: { network_id: string }; interfaces_info: { subnet_id: string; ip_address: string }[] }>(user, [
        "router",
        "show",
        "r1",
      ]);
      expect(shown.id).toBe(created.id);
      expect(shown.external_gateway_info.network_id).toBe(publicId);
      expect(shown.interfaces_info).toEqual([expect.objectContaining({ subnet_id: sn.id, ip_address: sn.gateway_ip })]);
      const refused = await cli.run(user, ["router", "delete", "r1"]);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toContain(`Router ${created.id} still has ports`);
      expect(await cli.run(user, ["router", "remove", "subnet", "r1", "cli-subnet"])).toMatchObject({ exitCode: 0 });
      expect(await cli.run(user, ["router", "unset", "--external-gateway", "r1"])).toMatchObject({ exitCode: 0 });
      expect((await cli.json<{ external_gateway_info: unknown }>(user, ["router", "show", "r1"])).external_gateway_info).toBeFalsy();
      expect(await cli.run(user, ["router", "delete", "r1"])).toMatchObject({ exitCode: 0 });
      expect((await cli.json<unknown[]>(user, ["router", "list", "--name", "r1"])).length).toBe(0);
    } finally {
      cli.dispose();
      await admin.network.delete({ id: net.id }).catch(() => undefined);
    }
  });
});
