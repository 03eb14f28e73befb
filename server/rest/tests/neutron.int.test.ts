import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { networks } from "@/db/schema";
import type { TestWorld } from "@/server/testing/database";
import { markTreeActive } from "@/server/testing/fixtures";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";
import type { RestClient } from "./client";
import { openstackCli } from "./openstack-cli";
import { startRestWorld } from "./rest-server";

// The Neutron subset over real HTTP: look-ups by name and id as the CLI makes them, Neutron's
// shapes, floating IPs allocated, associated with a VIP port (or a port and its fixed IP), moved
// off it and released, the extensions served, an admin's lists over every project, and the
// NeutronError body with tRPC's messages.

let w: TestWorld;
let rest: RestClient;
let demo: string;
let viewer: string;

const N = "/networking/v2.0";
type Item = Record<string, unknown> & { id: string };

let world: Awaited<ReturnType<typeof startRestWorld>>;

beforeAll(async () => {
  world = await startRestWorld();
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

  it("associates it with a load balancer's VIP port (200), DOWN until the router carries it, without locking the load balancer", async () => {
    const created = await w.caller.loadBalancer.create({ name: "fip-target", vip_subnet_id: w.selfservice.id });
    await markTreeActive(w, created.id);
    lb = created as unknown as Item;
    const res = await rest.call<{ floatingip: Item }>("PUT", `${N}/floatingips/${fip.id}`, { token: demo, body: { floatingip: { port_id: lb.vip_port_id } } });
    // The floating IP is the router's DNAT, not the amphora's: the network reconciler's next
    // pass carries it (ACTIVE then), and the load balancer is left as it was.
    expect(res).toMatchObject({ status: 200, body: { floatingip: { port_id: lb.vip_port_id, fixed_ip_address: lb.vip_address, status: "DOWN" } } });
    expect((await w.caller.loadBalancer.get({ id: lb.id })).provisioning_status).toBe("ACTIVE");
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
    expect((await w.caller.loadBalancer.get({ id: lb.id })).provisioning_status).toBe("ACTIVE");
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

describe("associating with a fixed IP", () => {
  it("accepts the port's own fixed IP, and refuses another or one without a port with Neutron's messages", async () => {
    const created = await rest.call<{ floatingip: Item }>("POST", `${N}/floatingips`, { token: demo, body: { floatingip: { floating_network_id: w.publicSubnet.network_id } } });
    const fip = created.body.floatingip;
    const put = (body: Record<string, unknown>) => rest.call<{ floatingip: Item }>("PUT", `${N}/floatingips/${fip.id}`, { token: demo, body: { floatingip: body } });
    expectError(
      await put({ port_id: w.web3.port_id, fixed_ip_address: w.web1.fixed_ip }),
      400,
      "BadRequest",
      `Bad floatingip request: Port ${w.web3.port_id} does not have fixed ip ${w.web1.fixed_ip}.`,
    );
    expectError(await put({ fixed_ip_address: w.web3.fixed_ip }), 400, "BadRequest", "Bad floatingip request: fixed_ip_address cannot be specified without a port_id.");
    expect((await w.caller.floatingIp.list()).find((f) => f.id === fip.id)?.port_id).toBeNull();
    const res = await put({ port_id: w.web3.port_id, fixed_ip_address: w.web3.fixed_ip });
    expect(res).toMatchObject({ status: 200, body: { floatingip: { port_id: w.web3.port_id, fixed_ip_address: w.web3.fixed_ip, status: "DOWN" } } });
    expect((await put({ port_id: null, fixed_ip_address: null })).body.floatingip).toMatchObject({ port_id: null, fixed_ip_address: null });
    expect((await rest.call("DELETE", `${N}/floatingips/${fip.id}`, { token: demo })).status).toBe(204);
  });
});

describe("what clients read", () => {
  it("lists the extensions served, in Neutron's shape, and shows one by alias", async () => {
    const list = await rest.call<{ extensions: { alias: string }[] }>("GET", `${N}/extensions`, { token: viewer });
    expect(list.status).toBe(200);
    expect(list.body.extensions.map((e) => e.alias)).toEqual(expect.arrayContaining(["external-net", "router", "standard-attr-timestamp"]));
    for (const e of list.body.extensions) expect(Object.keys(e).sort()).toEqual(["alias", "description", "links", "name", "updated"]);
    expect((await rest.call("GET", `${N}/extensions/external-net`, { token: viewer })).body).toMatchObject({ extension: { alias: "external-net", name: "Neutron external network" } });
    expectError(await rest.call("GET", `${N}/extensions/security-group`, { token: viewer }), 404, "NotFound", "Extension with alias security-group does not exist");
    expectError(await rest.call("GET", `${N}/extensions`), 401, "NotAuthenticated", "The request you have made requires authentication.");
  });

  it("gives networks, subnets, ports and floating IPs Neutron's standard attributes", async () => {
    const time = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const standard = { tenant_id: w.projectId, project_id: w.projectId, revision_number: 0, tags: [], description: "", created_at: time, updated_at: time };
    expect((await rest.call<{ network: Item }>("GET", `${N}/networks/${w.selfservice.network_id}`, { token: demo })).body.network).toMatchObject({
      ...standard,
      port_security_enabled: false,
      mtu: 1500,
      admin_state_up: true,
    });
    expect((await rest.call<{ subnet: Item }>("GET", `${N}/subnets/${w.selfservice.id}`, { token: demo })).body.subnet).toMatchObject(standard);
    expect((await rest.call<{ port: Item }>("GET", `${N}/ports/${w.web1.port_id}`, { token: demo })).body.port).toMatchObject({ ...standard, port_security_enabled: false });
  });

  it("names an instance's port's instance (compute:nova) and a VIP port's load balancer (Octavia)", async () => {
    const instancePort = await rest.call<{ port: Item }>("GET", `${N}/ports/${w.db1.port_id}`, { token: demo });
    expect(instancePort.body.port).toMatchObject({ device_owner: "compute:nova", device_id: w.db1.id });
    const lb = await w.caller.loadBalancer.create({ name: "device-owner", vip_subnet_id: w.backend.id });
    const vipPort = await rest.call<{ ports: Item[] }>("GET", `${N}/ports?device_id=${lb.id}`, { token: demo });
    expect(vipPort.body.ports).toEqual([expect.objectContaining({ id: lb.vip_port_id, device_owner: "Octavia" })]);
    const byOwner = await rest.call<{ ports: Item[] }>("GET", `${N}/ports?device_owner=compute:nova`, { token: demo });
    expect(byOwner.body.ports.map((p) => p.device_id).sort()).toEqual([w.db1.id, w.web1.id, w.web2.id, w.web3.id].sort());
  });
});

describe("an admin's lists", () => {
  it("hold every project's networks, subnets, ports and floating IPs; a member's only its project's and the shared ones", async () => {
    const ids = async (token: string, what: "networks" | "subnets" | "floatingips" | "ports") =>
      (await rest.call<Record<string, Item[]>>("GET", `${N}/${what}`, { token })).body[what]?.map((i) => i.id);
    // alt's network and subnet: the same 10.0.0.0/24 as demo's selfservice, on a network of its own.
    const alt = await rest.token("alt", "demo-pw-1", "alt");
    const [altNetwork] = (await rest.call<{ networks: Item[] }>("GET", `${N}/networks?name=alt-net`, { token: alt })).body.networks;
    const [altSubnet] = (await rest.call<{ subnets: Item[] }>("GET", `${N}/subnets?network_id=${String(altNetwork?.id)}`, { token: alt })).body.subnets;
    expect(altSubnet).toMatchObject({ cidr: w.selfservice.cidr });
    expect(await ids(world.tokens.admin, "networks")).toContain(altNetwork!.id);
    expect(await ids(world.tokens.admin, "subnets")).toContain(altSubnet!.id);
    expect(await ids(demo, "networks")).not.toContain(altNetwork!.id);
    expect(await ids(demo, "subnets")).not.toContain(altSubnet!.id);

    // alt's own floating IP and its port, seen by the admin and not by demo.
    const altFip = (await rest.call<{ floatingip: Item }>("POST", `${N}/floatingips`, { token: alt, body: { floatingip: { floating_network_id: w.publicSubnet.network_id } } })).body.floatingip;
    expect(await ids(world.tokens.admin, "floatingips")).toContain(altFip.id);
    expect(await ids(demo, "floatingips")).not.toContain(altFip.id);
    const adminPorts = (await rest.call<{ ports: Item[] }>("GET", `${N}/ports?tenant_id=${String(altFip.project_id)}`, { token: world.tokens.admin })).body.ports;
    expect(adminPorts.map((p) => p.device_id)).toContain(altFip.id);
    expect((await rest.call<{ ports: Item[] }>("GET", `${N}/ports?tenant_id=${String(altFip.project_id)}`, { token: demo })).body.ports).toEqual([]);
    expect((await rest.call("DELETE", `${N}/floatingips/${altFip.id}`, { token: alt })).status).toBe(204);
  });

  it("show each network's segment (Neutron's provider attributes) to the admin only: the external network flat, a tenant network its VXLAN VNI", async () => {
    const networksOf = async (token: string) => (await rest.call<{ networks: Item[] }>("GET", `${N}/networks`, { token })).body.networks;
    const [selfservice] = await w.db.select({ vni: networks.segmentation_id }).from(networks).where(eq(networks.id, w.selfservice.network_id));
    const asAdmin = await networksOf(world.tokens.admin);
    expect(asAdmin.find((n) => n.id === w.selfservice.network_id)).toMatchObject({ "provider:network_type": "vxlan", "provider:segmentation_id": selfservice!.vni });
    expect(asAdmin.find((n) => n.id === w.publicSubnet.network_id)).toMatchObject({ "provider:network_type": "flat", "provider:segmentation_id": null });
    for (const n of await networksOf(demo)) expect(Object.keys(n).filter((k) => k.startsWith("provider:"))).toEqual([]);
  });

  it("are refused to a member who asks for every project through the procedures (403)", async () => {
    await expect(w.caller.network.list({ all_projects: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(w.caller.floatingIp.list({ all_projects: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("through the openstack CLI", { timeout: 120_000 }, () => {
  const user = { name: "demo", password: "demo-pw-1", project: "demo" };

  it("lists the network extensions, and sets a floating IP on a port with its fixed IP", async () => {
    const cli = openstackCli(world.server.url);
    try {
      const extensions = await cli.json<{ Alias: string }[]>(user, ["extension", "list", "--network"]);
      expect(extensions.map((e) => e.Alias)).toContain("external-net");
      const fip = await cli.json<{ id: string; floating_ip_address: string }>(user, ["floating", "ip", "create", "public"]);
      const refused = await cli.run(user, ["floating", "ip", "set", "--port", w.db1.port_id, "--fixed-ip-address", w.web1.fixed_ip, fip.floating_ip_address]);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toContain(`Port ${w.db1.port_id} does not have fixed ip ${w.web1.fixed_ip}`);
      expect(await cli.run(user, ["floating", "ip", "set", "--port", w.db1.port_id, "--fixed-ip-address", w.db1.fixed_ip, fip.floating_ip_address])).toMatchObject({ exitCode: 0 });
      expect(await cli.json(user, ["floating", "ip", "show", fip.id])).toMatchObject({ port_id: w.db1.port_id, fixed_ip_address: w.db1.fixed_ip });
      expect(await cli.run(user, ["floating", "ip", "delete", fip.id])).toMatchObject({ exitCode: 0 });
    } finally {
      cli.dispose();
    }
  });
});
