import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ports } from "@/db/schema";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { countRows, expectRejection, webGraph } from "@/server/testing/fixtures";

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w.close());

describe("loadBalancer.create (graph create)", () => {
  it("runs on the database the suite was asked for", () => {
    expect(w.database.kind).toBe(process.env.TEST_DB === "postgres" ? "postgres" : "pglite");
  });

  it("writes the whole tree PENDING_CREATE with the VIP allocated, and reads it back", async () => {
    const lb = await w.caller.loadBalancer.create(webGraph(w));
    expect(lb.provisioning_status).toBe("PENDING_CREATE");
    expect(lb.operating_status).toBe("OFFLINE");
    expect(lb.vip_address).toMatch(new RegExp(`^${w.selfservice.cidr.split(".").slice(0, 3).join("\\.")}\\.`));
    expect(lb.vip_subnet_id).toBe(w.selfservice.id);
    expect(lb.listeners).toHaveLength(1);
    const [listener] = lb.listeners;
    const [pool] = lb.pools;
    expect(listener?.provisioning_status).toBe("PENDING_CREATE");
    expect(listener?.default_pool_id).toBe(pool?.id);
    expect(pool?.members.map((m) => m.address).sort()).toEqual([w.web1.fixed_ip, w.web2.fixed_ip].sort());
    expect(pool?.members.every((m) => m.operating_status === "OFFLINE")).toBe(true);
    expect(pool?.healthmonitor).toMatchObject({ type: "HTTP", http_method: "GET", url_path: "/", expected_codes: "200" });

    const got = await w.caller.loadBalancer.get({ id: lb.id });
    expect(got).toMatchObject({ id: lb.id, name: "web-lb", vip_address: lb.vip_address, listeners: [{ id: listener?.id }] });
    const [vipPort] = await w.db.select().from(ports).where(eq(ports.id, lb.vip_port_id ?? ""));
    expect(vipPort).toMatchObject({ ip_address: lb.vip_address, device_owner: "Octavia", device_id: lb.id });

    const tree = await w.caller.loadBalancer.statusTree({ id: lb.id });
    expect(tree.loadbalancer.listeners[0]?.pools[0]?.members).toHaveLength(2);
    expect(tree.loadbalancer.listeners[0]?.pools[0]?.health_monitor?.type).toBe("HTTP");
  });

  it("honours a requested VIP address inside the subnet, and refuses one outside or taken", async () => {
    const prefix = w.selfservice.cidr.split(".").slice(0, 3).join(".");
    const lb = await w.caller.loadBalancer.create({ vip_subnet_id: w.selfservice.id, vip_address: `${prefix}.200` });
    expect(lb.vip_address).toBe(`${prefix}.200`);
    await expect(w.caller.loadBalancer.create({ vip_subnet_id: w.selfservice.id, vip_address: `${prefix}.200` })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("already allocated"),
    });
    await expect(w.caller.loadBalancer.create({ vip_subnet_id: w.selfservice.id, vip_address: "127.99.99.99" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("is not in subnet selfservice-subnet"),
    });
  });

  const badGraphs: [string, (g: ReturnType<typeof webGraph>) => void, string, string][] = [
    ["a member port of 0", (g) => void ((g.listeners[0]!.default_pool.members[1] as { protocol_port: number }).protocol_port = 0), "protocol_port must be between 1 and 65535", "BAD_REQUEST"],
    ["a monitor url_path without /", (g) => void Object.assign(g.listeners[0]!.default_pool.healthmonitor, { url_path: "health" }), "Value must be a valid URL Path string", "BAD_REQUEST"],
    ["a cookie name with a space", (g) => void Object.assign(g.listeners[0]!.default_pool, { session_persistence: { type: "APP_COOKIE", cookie_name: "my cookie" } }), 'Supplied "cookie_name" is invalid.', "BAD_REQUEST"],
    ["a pool protocol the listener cannot use", (g) => void Object.assign(g.listeners[0]!.default_pool, { protocol: "TCP" }), "The pool protocol 'TCP' is invalid while the listener protocol is 'HTTP'.", "BAD_REQUEST"],
    ["a member outside its subnet", (g) => void Object.assign(g.listeners[0]!.default_pool.members[0]!, { address: "127.250.0.1" }), "is not in subnet selfservice-subnet", "BAD_REQUEST"],
    ["a duplicate member", (g) => void g.listeners[0]!.default_pool.members.push({ ...g.listeners[0]!.default_pool.members[0]! }), "Another member on this pool is already using ip", "CONFLICT"],
  ];

  it.each(badGraphs)("writes nothing when the graph has %s", async (_label, spoil, message, code) => {
    const before = await countRows(w);
    const portsBefore = (await w.db.select().from(ports)).length;
    const graph = webGraph(w);
    spoil(graph);
    await expectRejection(w.caller.loadBalancer.create(graph), code, message);
    expect(await countRows(w)).toEqual(before);
    expect((await w.db.select().from(ports)).length).toBe(portsBefore);
  });

  it("rolls back rows already written when a late step fails (a second listener on the same port)", async () => {
    const before = await countRows(w);
    const graph = webGraph(w);
    const second = { ...graph.listeners[0]!, name: "again", protocol: "TCP" as const, default_pool: undefined };
    await expect(w.caller.loadBalancer.create({ ...graph, listeners: [graph.listeners[0]!, second] })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Another Listener on this Load Balancer is already using protocol TCP and protocol_port 80",
    });
    expect(await countRows(w)).toEqual(before);
  });
});
