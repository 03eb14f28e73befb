import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestWorld } from "@/server/testing/database";
import type { RestClient } from "./client";
import { openstackCli } from "./openstack-cli";
import { startRestWorld } from "./rest-server";

// The Nova subset over real HTTP: the catalog's compute endpoint, the version document, servers
// in Nova's shape (addresses keyed by network name), start/stop through the instance procedures
// (policy and project in scope theirs), and Nova's error bodies.

let w: TestWorld;
let rest: RestClient;
let demo: string;
let viewer: string;
let world: Awaited<ReturnType<typeof startRestWorld>>;

const C = "/compute/v2.1";
type Server = Record<string, unknown> & { id: string; name: string };

beforeAll(async () => {
  world = await startRestWorld();
  ({ w, rest } = world);
  demo = world.tokens.demo;
  viewer = world.tokens.viewer;
});
afterAll(() => world?.close());

describe("the compute endpoint", () => {
  it("is in the token's catalog, and answers its version document", async () => {
    const login = await fetch(`${world.server.url}/identity/v3/auth/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        auth: {
          identity: { methods: ["password"], password: { user: { name: "demo", domain: { name: "Default" }, password: "demo-pw-1" } } },
          scope: { project: { name: "demo", domain: { name: "Default" } } },
        },
      }),
    });
    const { token } = (await login.json()) as { token: { catalog: { type: string; endpoints: { url: string }[] }[] } };
    expect(token.catalog.find((s) => s.type === "compute")?.endpoints[0]?.url).toBe(`${world.server.url}${C}`);
    const version = await rest.call<{ version: Record<string, unknown> }>("GET", C, { token: demo });
    expect(version.status).toBe(200);
    expect(version.body.version).toMatchObject({ id: "v2.1", status: "CURRENT", min_version: "2.1" });
    // The image service the CLI opens before it lists servers: in the catalog, with no images.
    expect(token.catalog.find((s) => s.type === "image")?.endpoints[0]?.url).toBe(`${world.server.url}/image`);
    expect((await rest.call("GET", "/image/v2/images", { token: demo })).body).toMatchObject({ images: [] });
    expect((await rest.call("GET", "/image/v2/images")).status).toBe(401);
  });
});

describe("servers", () => {
  it("lists the project's instances in detail with Nova's addresses, and ids with links", async () => {
    const detail = await rest.call<{ servers: Server[] }>("GET", `${C}/servers/detail`, { token: viewer });
    expect(detail.status).toBe(200);
    expect(detail.body.servers.map((s) => s.name).sort()).toEqual(["db1", "web1", "web2", "web3"]);
    const web1 = detail.body.servers.find((s) => s.name === "web1");
    expect(web1).toMatchObject({
      id: w.web1.id,
      status: "ACTIVE",
      tenant_id: w.projectId,
      "OS-EXT-STS:vm_state": "active",
      addresses: { selfservice: [{ addr: w.web1.fixed_ip, version: 4, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": expect.stringMatching(/^fa:16:3e/) }] },
    });
    // The MAC is the port's own, as Neutron shows it.
    const port = await rest.call<{ port: { mac_address: string } }>("GET", `/networking/v2.0/ports/${w.web1.port_id}`, { token: viewer });
    expect((web1?.addresses as Record<string, { "OS-EXT-IPS-MAC:mac_addr": string }[]>).selfservice?.[0]?.["OS-EXT-IPS-MAC:mac_addr"]).toBe(port.body.port.mac_address);
    const refs = await rest.call<{ servers: Server[] }>("GET", `${C}/servers?name=web1`, { token: viewer });
    expect(refs.body.servers).toEqual([{ id: w.web1.id, name: "web1", links: [{ rel: "self", href: `${world.server.url}${C}/servers/${w.web1.id}` }] }]);
  });

  it("shows one by id, and answers a name in the id's place with itemNotFound", async () => {
    const shown = await rest.call<{ server: Server }>("GET", `${C}/servers/${w.db1.id}`, { token: viewer });
    expect(shown.body.server).toMatchObject({ id: w.db1.id, name: "db1", addresses: { backend: [expect.objectContaining({ addr: w.db1.fixed_ip })] } });
    const missing = await rest.call("GET", `${C}/servers/web1`, { token: viewer });
    expect({ status: missing.status, body: missing.body }).toEqual({ status: 404, body: { itemNotFound: { code: 404, message: "Instance web1 could not be found." } } });
  });

  it("stops and starts an instance (202), refuses a second stop (409 conflictingRequest), and a reader's stop (403 forbidden)", async () => {
    const act = (token: string, body: unknown) => rest.call("POST", `${C}/servers/${w.web3.id}/action`, { token, body });
    expect((await act(demo, { "os-stop": null })).status).toBe(202);
    expect((await w.caller.instance.list()).find((i) => i.id === w.web3.id)?.status).toBe("SHUTOFF");
    const shown = await rest.call<{ server: Server }>("GET", `${C}/servers/${w.web3.id}`, { token: demo });
    expect(shown.body.server).toMatchObject({ status: "SHUTOFF", "OS-EXT-STS:vm_state": "stopped", "OS-EXT-STS:power_state": 4 });
    const again = await act(demo, { "os-stop": null });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ conflictingRequest: { code: 409, message: expect.stringContaining("Cannot stop instance web3") } });
    const reader = await act(viewer, { "os-start": null });
    expect(reader.status).toBe(403);
    expect(reader.body).toHaveProperty("forbidden.code", 403);
    expect((await act(demo, { "os-start": null })).status).toBe(202);
    expect((await w.caller.instance.list()).find((i) => i.id === w.web3.id)?.status).toBe("ACTIVE");
  });

  it("refuses an action it does not carry out with badRequest", async () => {
    const res = await rest.call("POST", `${C}/servers/${w.web3.id}/action`, { token: demo, body: { reboot: { type: "SOFT" } } });
    expect({ status: res.status, body: res.body }).toEqual({ status: 400, body: { badRequest: { code: 400, message: "There is no such action: reboot" } } });
  });

  it("wants a token", async () => {
    const res = await rest.call("GET", `${C}/servers/detail`);
    expect(res.status).toBe(401);
    expect(res.body).toHaveProperty("unauthorized.code", 401);
  });
});

describe("flavors", () => {
  it("lists the one flavor servers name, and shows it", async () => {
    const list = await rest.call<{ flavors: { id: string }[] }>("GET", `${C}/flavors/detail`, { token: viewer });
    expect(list.body.flavors).toEqual([expect.objectContaining({ id: "1", name: "m1.demo", vcpus: 1 })]);
    const server = await rest.call<{ server: { flavor: { id: string } } }>("GET", `${C}/servers/${w.web1.id}`, { token: viewer });
    expect((await rest.call("GET", `${C}/flavors/${server.body.server.flavor.id}`, { token: viewer })).status).toBe(200);
  });
});

describe("servers through the openstack CLI", { timeout: 120_000 }, () => {
  const user = { name: "demo", password: "demo-pw-1", project: "demo" };

  it("lists the servers with their networks, shows one by name, stops and starts it", async () => {
    const cli = openstackCli(world.server.url);
    try {
      const list = await cli.json<{ ID: string; Name: string; Status: string; Networks: Record<string, string[]> }[]>(user, ["server", "list"]);
      expect(list.find((s) => s.Name === "web2")).toMatchObject({ ID: w.web2.id, Status: "ACTIVE", Networks: { selfservice: [w.web2.fixed_ip] } });
      const shown = await cli.json(user, ["server", "show", "web2"]);
      expect(shown).toMatchObject({ id: w.web2.id, name: "web2", status: "ACTIVE", project_id: w.projectId });
      expect(await cli.run(user, ["server", "stop", "web2"])).toMatchObject({ exitCode: 0 });
      expect(await cli.json(user, ["server", "show", w.web2.id])).toMatchObject({ status: "SHUTOFF" });
      expect(await cli.run(user, ["server", "start", "web2"])).toMatchObject({ exitCode: 0 });
      expect(await cli.json(user, ["server", "show", "web2"])).toMatchObject({ status: "ACTIVE" });
    } finally {
      cli.dispose();
    }
  });
});
