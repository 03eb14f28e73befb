import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, projects, statusEvents, subnets } from "@/db/schema";
import type { TestWorld } from "@/server/testing/database";
import { markTreeActive } from "@/server/testing/fixtures";
import type { RestClient } from "./client";
import { type RestServer, startRestWorld } from "./rest-server";

// Octavia's v2 API over real HTTP, without a controller (trees are settled by hand): the wire
// shapes, status codes, fault bodies, listing (filters, fields=, sort, paging links), the
// refusals tRPC gives with the same words, and the audit and status rows a REST change writes.

let w: TestWorld;
let server: RestServer;
let rest: RestClient;
let demo: string; // member of demo
let viewer: string; // reader of demo
let admin: string;

const LB = "/load-balancer/v2.0/lbaas/loadbalancers";
type Item = Record<string, unknown> & { id: string };

let world: Awaited<ReturnType<typeof startRestWorld>>;

beforeAll(async () => {
  world = await startRestWorld();
  ({ w, server, rest } = world);
  demo = world.tokens.demo;
  viewer = world.tokens.viewer;
  admin = world.tokens.admin;
});
afterAll(() => world?.close());

const createLb = async (name: string, extra: Record<string, unknown> = {}) => {
  const res = await rest.call<{ loadbalancer: Item }>("POST", LB, { token: demo, body: { loadbalancer: { name, vip_subnet_id: w.selfservice.id, ...extra } } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.loadbalancer;
};

const expectFault = (res: { status: number; body: unknown; headers: Headers }, status: number, faultstring: string) => {
  expect({ status: res.status, body: res.body }).toEqual({ status, body: { faultcode: status >= 500 ? "Server" : "Client", faultstring, debuginfo: null } });
  expect(res.headers.get("x-openstack-request-id")).toMatch(/^req-/);
};

describe("authentication and the root document", () => {
  it("answers 401 with Octavia's fault body and a request id when there is no token or a bad one", async () => {
    for (const token of [undefined, "not-a-token"]) {
      const res = await rest.call(token === undefined ? "GET" : "POST", LB, { token, body: token ? { loadbalancer: {} } : undefined });
      expectFault(res, 401, "The request you have made requires authentication.");
      expect(res.headers.get("www-authenticate")).toBe(`Keystone uri="${server.url}/identity"`);
    }
  });

  it("serves the version document at the root without a token", async () => {
    const res = await rest.call("GET", "/load-balancer/");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ versions: [expect.objectContaining({ id: "v2.0", status: "CURRENT", links: [{ href: `${server.url}/load-balancer/v2`, rel: "self" }] })] });
    // The self link answers as Octavia's does: the version's id.
    for (const path of ["/load-balancer/v2", "/load-balancer/v2.0/"]) {
      const version = await rest.call("GET", path);
      expect({ status: version.status, body: version.body }).toEqual({ status: 200, body: "v2.0" });
      expect(version.headers.get("x-openstack-request-id")).toMatch(/^req-/);
    }
  });

  it("answers an unknown path 404 and a wrong method 405, in the fault body", async () => {
    expectFault(await rest.call("GET", "/load-balancer/v2.0/lbaas/nothing", { token: demo }), 404, "The resource could not be found.");
    expectFault(await rest.call("POST", `${LB}/${w.projectId}/status`, { token: demo, body: {} }), 405, "The method POST is not allowed for this resource.");
  });
});

describe("load balancers", () => {
  let lb: Item;

  it("creates with 201 and Octavia's wrapped body, under /v2 and /v2.0 alike", async () => {
    lb = await createLb("rest-one", { tags: ["blue", "web"], description: "made over REST" });
    expect(lb).toMatchObject({
      name: "rest-one",
      description: "made over REST",
      admin_state_up: true,
      provisioning_status: "PENDING_CREATE",
      operating_status: "OFFLINE",
      vip_subnet_id: w.selfservice.id,
      project_id: w.projectId,
      provider: "amphora",
      tags: ["blue", "web"],
      listeners: [],
      pools: [],
    });
    const again = await rest.call<{ loadbalancer: Item }>("GET", `/load-balancer/v2/lbaas/loadbalancers/${lb.id}`, { token: demo });
    expect(again.status).toBe(200);
    expect(Object.keys(again.body)).toEqual(["loadbalancer"]);
    // Never changed since its create: no updated_at yet, as in Octavia.
    expect(again.body.loadbalancer).toEqual({ ...lb, updated_at: null });
  });

  it("refuses an unknown field by name, a non-boolean admin_state_up and a missing wrapper, as tRPC does", async () => {
    const bad = (body: unknown) => rest.call("POST", LB, { token: demo, body });
    expectFault(await bad({ loadbalancer: { name: "x", vip_subnet_id: w.selfservice.id, bogus: 1 } }), 400, 'Unrecognized key: "bogus"');
    expectFault(await bad({ loadbalancer: { name: "x", vip_subnet_id: w.selfservice.id }, extra: {} }), 400, 'Unrecognized key: "extra"');
    expectFault(await bad({ loadbalancer: { name: "x", vip_subnet_id: w.selfservice.id, admin_state_up: "true" } }), 400, "admin_state_up must be true or false");
    expectFault(await bad({ name: "x" }), 400, 'The request body must be an object {"loadbalancer": …}.');
    expectFault(await rest.call("POST", LB, { token: demo, raw: "{not json" }), 400, "The request body is not valid JSON.");
    // The same input through tRPC: the same message.
    await expect(w.caller.loadBalancer.create({ name: "x", vip_subnet_id: w.selfservice.id, admin_state_up: "true" as unknown as boolean })).rejects.toMatchObject({
      cause: { issues: [expect.objectContaining({ message: "admin_state_up must be true or false" })] },
    });
  });

  it("answers 404 for an unknown id and for a path segment that cannot be an id", async () => {
    const missing = "00000000-0000-4000-8000-0000000000ff";
    expectFault(await rest.call("GET", `${LB}/${missing}`, { token: demo }), 404, `Load Balancer ${missing} not found.`);
    expectFault(await rest.call("GET", `${LB}/no-such-lb`, { token: demo }), 404, "Load Balancer no-such-lb not found.");
  });

  it("refuses a change while the load balancer is busy with 409 and tRPC's message", async () => {
    const res = await rest.call("PUT", `${LB}/${lb.id}`, { token: demo, body: { loadbalancer: { name: "renamed" } } });
    expectFault(res, 409, `Invalid state PENDING_CREATE of loadbalancer resource ${lb.id}`);
  });

  it("updates with 200 and deletes with 204, cascade from the query", async () => {
    await markTreeActive(w, lb.id);
    const updated = await rest.call<{ loadbalancer: Item }>("PUT", `${LB}/${lb.id}`, { token: demo, body: { loadbalancer: { name: "renamed", admin_state_up: false, tags: ["red"] } } });
    expect(updated.status).toBe(200);
    expect(updated.body.loadbalancer).toMatchObject({ name: "renamed", admin_state_up: false, tags: ["red"], provisioning_status: "PENDING_UPDATE" });
    await markTreeActive(w, lb.id);
    // `unset --description` sends null: the description is cleared.
    const unset = await rest.call<{ loadbalancer: Item }>("PUT", `${LB}/${lb.id}`, { token: demo, body: { loadbalancer: { description: null } } });
    expect(unset.body.loadbalancer).toMatchObject({ name: "renamed", description: "" });
    await markTreeActive(w, lb.id);
    const gone = await createLb("to-delete");
    await markTreeActive(w, gone.id);
    await rest.call("POST", "/load-balancer/v2.0/lbaas/listeners", { token: demo, body: { listener: { loadbalancer_id: gone.id, protocol: "TCP", protocol_port: 22 } } });
    await markTreeActive(w, gone.id);
    expectFault(await rest.call("DELETE", `${LB}/${gone.id}`, { token: demo }), 400, `Validation failure: Cannot delete Load Balancer ${gone.id} - it has children`);
    const del = await rest.call("DELETE", `${LB}/${gone.id}?cascade=True`, { token: demo });
    expect(del.status).toBe(204);
    expect(del.headers.get("x-openstack-request-id")).toMatch(/^req-/);
    expect((await rest.call("GET", `${LB}/${gone.id}`, { token: demo })).body).toMatchObject({ loadbalancer: { provisioning_status: "PENDING_DELETE" } });
  });

  it("refuses a reader (403) and a create over quota (403) with the policy's and the quota's words", async () => {
    const res = await rest.call("POST", LB, { token: viewer, body: { loadbalancer: { name: "no", vip_subnet_id: w.selfservice.id } } });
    expectFault(res, 403, "Policy does not allow this request to be performed.");
    const quota = await rest.call("PUT", `/load-balancer/v2.0/lbaas/quotas/${w.projectId}`, { token: admin, body: { quota: { load_balancer: 1 } } });
    expect(quota.status).toBe(202);
    expectFault(await rest.call("POST", LB, { token: demo, body: { loadbalancer: { name: "over", vip_subnet_id: w.selfservice.id } } }), 403, "Quota has been met for resources: Load Balancer");
    expect((await rest.call("DELETE", `/load-balancer/v2.0/lbaas/quotas/${w.projectId}`, { token: admin })).status).toBe(204);
  });

  it("writes the audit row and the status event of a REST change, under the request's id", async () => {
    const res = await rest.call<{ loadbalancer: Item }>("POST", LB, { token: demo, body: { loadbalancer: { name: "audited", vip_subnet_id: w.selfservice.id } } });
    const requestId = res.headers.get("x-openstack-request-id") ?? "";
    const [row] = await w.db.select().from(auditLog).where(eq(auditLog.request_id, requestId));
    expect(row).toMatchObject({ procedure: "loadBalancer.create", outcome: "success", user_name: "demo", resource_id: res.body.loadbalancer.id });
    const events = await w.db.select().from(statusEvents).where(eq(statusEvents.resource_id, res.body.loadbalancer.id));
    expect(events.map((e) => e.provisioning_status)).toEqual(["PENDING_CREATE"]);
    const refused = await rest.call("POST", LB, { token: viewer, body: { loadbalancer: { name: "no", vip_subnet_id: w.selfservice.id } } });
    const [denied] = await w.db.select().from(auditLog).where(eq(auditLog.request_id, refused.headers.get("x-openstack-request-id") ?? ""));
    expect(denied).toMatchObject({ procedure: "loadBalancer.create", outcome: "denied", user_name: "viewer" });
  });
});

describe("listing", () => {
  const names = (res: { body: { loadbalancers: Item[] } }) => res.body.loadbalancers.map((l) => l.name);
  type List = { loadbalancers: Item[]; loadbalancers_links: { rel: string; href: string }[] };

  beforeAll(async () => {
    for (const name of ["page-a", "page-b", "page-c"]) await createLb(name, { tags: ["paged"] });
  });

  it("filters on fields (name, id, status, admin_state_up, tags) and finds nothing for an id that is not one", async () => {
    const byName = await rest.call<List>("GET", `${LB}?name=page-b`, { token: demo });
    expect(names(byName)).toEqual(["page-b"]);
    const id = byName.body.loadbalancers[0]?.id;
    expect(names(await rest.call<List>("GET", `${LB}?id=${id}`, { token: demo }))).toEqual(["page-b"]);
    expect(await rest.call("GET", `${LB}?id=page-b`, { token: demo })).toMatchObject({ status: 200, body: { loadbalancers: [], loadbalancers_links: [] } });
    expect(names(await rest.call<List>("GET", `${LB}?tags=paged&provisioning_status=PENDING_CREATE&admin_state_up=true&sort=name`, { token: demo }))).toEqual([
      "page-a",
      "page-b",
      "page-c",
    ]);
    expect(names(await rest.call<List>("GET", `${LB}?tags=paged&admin_state_up=False`, { token: demo }))).toEqual([]);
    expectFault(await rest.call("GET", `${LB}?provisioning_status=SLEEPY`, { token: demo }), 400, expect.stringContaining("provisioning_status must be one of") as unknown as string);
    expectFault(await rest.call("GET", `${LB}?colour=blue`, { token: demo }), 400, 'Unrecognized key: "colour"');
  });

  it("sorts with sort= and with sort_key/sort_dir", async () => {
    expect(names(await rest.call<List>("GET", `${LB}?tags=paged&sort=name:desc`, { token: demo }))).toEqual(["page-c", "page-b", "page-a"]);
    expect(names(await rest.call<List>("GET", `${LB}?tags=paged&sort_key=name&sort_dir=desc`, { token: demo }))).toEqual(["page-c", "page-b", "page-a"]);
    expectFault(await rest.call("GET", `${LB}?sort=colour:asc`, { token: demo }), 400, "Supplied sort key 'colour' is not valid.");
  });

  it("pages with limit and marker, with next and previous links that work", async () => {
    const first = await rest.call<List>("GET", `${LB}?tags=paged&sort=name&limit=2`, { token: demo });
    expect(names(first)).toEqual(["page-a", "page-b"]);
    expect(first.body.loadbalancers_links).toEqual([{ rel: "next", href: expect.stringContaining(`${server.url}${LB}?`) }]);
    const next = new URL(first.body.loadbalancers_links[0]?.href ?? "");
    expect(Object.fromEntries(next.searchParams)).toEqual({ tags: "paged", sort: "name", limit: "2", marker: first.body.loadbalancers[1]?.id });
    const second = await rest.call<List>("GET", `${next.pathname}${next.search}`, { token: demo });
    expect(names(second)).toEqual(["page-c"]);
    expect(second.body.loadbalancers_links.map((l) => l.rel)).toEqual(["previous"]);
    const previous = new URL(second.body.loadbalancers_links[0]?.href ?? "");
    expect(previous.searchParams.get("page_reverse")).toBe("True");
    expect(names(await rest.call<List>("GET", `${previous.pathname}${previous.search}`, { token: demo }))).toEqual(["page-a", "page-b"]);
  });

  it("shows only the fields asked for, in lists and single reads", async () => {
    const list = await rest.call<List>("GET", `${LB}?tags=paged&fields=id&fields=name,provisioning_status`, { token: demo });
    expect(list.body.loadbalancers.map((l) => Object.keys(l).sort())).toEqual(Array(3).fill(["id", "name", "provisioning_status"]));
    const id = list.body.loadbalancers[0]?.id;
    expect((await rest.call("GET", `${LB}/${id}?fields=vip_address`, { token: demo })).body).toEqual({ loadbalancer: { vip_address: expect.any(String) } });
  });

  it("lets an admin list another project with ?project_id=, and not a member", async () => {
    const other = "00000000-0000-4000-8000-000000000123";
    expect((await rest.call<List>("GET", `${LB}?project_id=${other}`, { token: admin })).body.loadbalancers).toEqual([]);
    expectFault(await rest.call("GET", `${LB}?project_id=${other}`, { token: demo }), 403, "Policy does not allow this request to be performed.");
    expect((await rest.call<List>("GET", `/load-balancer/v2.0/lbaas/listeners?project_id=${w.projectId}`, { token: demo })).status).toBe(200);
  });
});

describe("the tree below a load balancer", () => {
  const V = "/load-balancer/v2.0";
  let lb: Item;
  let listener: Item;
  let pool: Item;
  let member: Item;

  it("creates a listener, a pool and a member; each answer names its parents the way the CLI reads them", async () => {
    lb = await createLb("tree");
    await markTreeActive(w, lb.id);
    const l = await rest.call<{ listener: Item }>("POST", `${V}/lbaas/listeners`, {
      token: demo,
      body: { listener: { loadbalancer_id: lb.id, name: "l1", protocol: "HTTP", protocol_port: 80, admin_state_up: true, insert_headers: { "X-Forwarded-For": "true" } } },
    });
    expect(l.status).toBe(201);
    listener = l.body.listener;
    expect(listener).toMatchObject({ name: "l1", loadbalancers: [{ id: lb.id }], insert_headers: { "X-Forwarded-For": "true" }, connection_limit: -1 });
    expect((await rest.call<{ loadbalancer: Item }>("GET", `${LB}/${lb.id}`, { token: demo })).body.loadbalancer.provisioning_status).toBe("PENDING_UPDATE");
    await markTreeActive(w, lb.id);

    const p = await rest.call<{ pool: Item }>("POST", `${V}/lbaas/pools`, {
      token: demo,
      body: { pool: { listener_id: listener.id, name: "p1", protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", admin_state_up: true } },
    });
    expect(p.status).toBe(201);
    pool = p.body.pool;
    expect(pool).toMatchObject({ loadbalancers: [{ id: lb.id }], listeners: [{ id: listener.id }] });
    await markTreeActive(w, lb.id);

    const m = await rest.call<{ member: Item }>("POST", `${V}/lbaas/pools/${pool.id}/members`, {
      token: demo,
      body: { member: { address: w.web1.fixed_ip, protocol_port: 80, subnet_id: w.selfservice.id } },
    });
    expect(m.status).toBe(201);
    member = m.body.member;
    expect(member).toMatchObject({ pool_id: pool.id, address: w.web1.fixed_ip, weight: 1, operating_status: "NO_MONITOR" });
    await markTreeActive(w, lb.id);
  });

  it("refuses a duplicate listener port, a second default pool and a bad member address with tRPC's words", async () => {
    const dup = await rest.call("POST", `${V}/lbaas/listeners`, { token: demo, body: { listener: { loadbalancer_id: lb.id, protocol: "TCP", protocol_port: 80 } } });
    expectFault(dup, 409, "Another Listener on this Load Balancer is already using protocol TCP and protocol_port 80");
    const again = await rest.call("POST", `${V}/lbaas/pools`, { token: demo, body: { pool: { listener_id: listener.id, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN" } } });
    expectFault(again, 409, "This listener already has a default pool");
    const bad = await rest.call("POST", `${V}/lbaas/pools/${pool.id}/members`, { token: demo, body: { member: { address: "300.1.1.1", protocol_port: 80 } } });
    expectFault(bad, 400, "address must be a valid IPv4 address");
  });

  it("serves members only under their own pool", async () => {
    const list = await rest.call<{ members: Item[] }>("GET", `${V}/lbaas/pools/${pool.id}/members`, { token: demo });
    expect(list.body.members.map((m) => m.id)).toEqual([member.id]);
    expect((await rest.call("GET", `${V}/lbaas/pools/${pool.id}/members/${member.id}`, { token: demo })).status).toBe(200);
    expectFault(await rest.call("GET", `${V}/lbaas/pools/${listener.id}/members/${member.id}`, { token: demo }), 404, `Member ${member.id} not found.`);
    expectFault(await rest.call("GET", `${V}/lbaas/pools/${listener.id}/members`, { token: demo }), 404, `Pool ${listener.id} not found.`);
    const renamed = await rest.call<{ member: Item }>("PUT", `${V}/lbaas/pools/${pool.id}/members/${member.id}`, { token: demo, body: { member: { weight: 5 } } });
    expect(renamed).toMatchObject({ status: 200, body: { member: { weight: 5, provisioning_status: "PENDING_UPDATE" } } });
    await markTreeActive(w, lb.id);
  });

  it("replaces the members with the batch update (202)", async () => {
    const res = await rest.call("PUT", `${V}/lbaas/pools/${pool.id}/members`, {
      token: demo,
      body: { members: [{ address: w.web2.fixed_ip, protocol_port: 80 }] },
    });
    expect(res.status).toBe(202);
    const list = await rest.call<{ members: Item[] }>("GET", `${V}/lbaas/pools/${pool.id}/members?sort=address`, { token: demo });
    expect(list.body.members.map((m) => [m.address, m.provisioning_status])).toEqual([
      [w.web1.fixed_ip, "PENDING_DELETE"],
      [w.web2.fixed_ip, "PENDING_CREATE"],
    ]);
    await markTreeActive(w, lb.id);
  });

  it("creates a health monitor once per pool (409 the second time)", async () => {
    const body = { healthmonitor: { pool_id: pool.id, type: "HTTP", delay: 2, timeout: 1, max_retries: 2, admin_state_up: true } };
    const hm = await rest.call<{ healthmonitor: Item }>("POST", `${V}/lbaas/healthmonitors`, { token: demo, body });
    expect(hm).toMatchObject({ status: 201, body: { healthmonitor: { pools: [{ id: pool.id }], url_path: "/", expected_codes: "200", http_method: "GET" } } });
    await markTreeActive(w, lb.id);
    expectFault(await rest.call("POST", `${V}/lbaas/healthmonitors`, { token: demo, body }), 409, "This pool already has a health monitor");
  });

  it("answers the status tree, statistics (zero with no amphora running) and the listener's statistics", async () => {
    const status = await rest.call<{ statuses: { loadbalancer: { id: string; listeners: { pools: { members: unknown[]; health_monitor: unknown }[] }[] } } }>(
      "GET",
      `${LB}/${lb.id}/status`,
      { token: demo },
    );
    expect(status.body.statuses.loadbalancer.id).toBe(lb.id);
    expect(status.body.statuses.loadbalancer.listeners[0]?.pools[0]?.members).toHaveLength(1);
    const zero = { active_connections: 0, bytes_in: 0, bytes_out: 0, request_errors: 0, total_connections: 0 };
    expect((await rest.call("GET", `${LB}/${lb.id}/stats`, { token: demo })).body).toEqual({ stats: zero });
    expect((await rest.call("GET", `${V}/lbaas/listeners/${listener.id}/stats`, { token: demo })).body).toEqual({ stats: zero });
  });

  it("fails over for an admin only (202), and the load balancer goes PENDING_UPDATE", async () => {
    expectFault(await rest.call("PUT", `${LB}/${lb.id}/failover`, { token: demo }), 403, "Policy does not allow this request to be performed.");
    expect((await rest.call("PUT", `${LB}/${lb.id}/failover`, { token: admin })).status).toBe(202);
    expect((await rest.call<{ loadbalancer: Item }>("GET", `${LB}/${lb.id}`, { token: demo })).body.loadbalancer.provisioning_status).toBe("PENDING_UPDATE");
    await markTreeActive(w, lb.id);
  });

  it("deletes children with 204", async () => {
    expect((await rest.call("DELETE", `${V}/lbaas/pools/${pool.id}/members/${member.id}`, { token: demo })).status).toBe(404); // batch-deleted above
    const hm = (await rest.call<{ healthmonitors: Item[] }>("GET", `${V}/lbaas/healthmonitors?pool_id=${pool.id}`, { token: demo })).body.healthmonitors[0];
    expect((await rest.call("DELETE", `${V}/lbaas/healthmonitors/${hm?.id}`, { token: demo })).status).toBe(204);
  });
});

describe("quotas, amphorae, providers, flavors", () => {
  const V = "/load-balancer/v2.0";

  it("shows a project's quota with Octavia's old and new names, its defaults, and sets it for admins (202)", async () => {
    const own = await rest.call<{ quota: Record<string, number> }>("GET", `${V}/lbaas/quotas/${w.projectId}`, { token: demo });
    expect(own.body.quota).toMatchObject({ project_id: w.projectId, load_balancer: -1, loadbalancer: -1, health_monitor: -1, member: -1, l7policy: -1 });
    expect((await rest.call("GET", `${V}/lbaas/quotas/defaults`, { token: demo })).body).toEqual({ quota: expect.objectContaining({ listener: -1, health_monitor: -1 }) });
    expect((await rest.call("GET", `${V}/lbaas/quotas/${w.projectId}/default`, { token: demo })).status).toBe(200);
    expectFault(await rest.call("PUT", `${V}/lbaas/quotas/${w.projectId}`, { token: demo, body: { quota: { pool: 3 } } }), 403, "Policy does not allow this request to be performed.");
    const set = await rest.call<{ quota: Record<string, number> }>("PUT", `${V}/lbaas/quotas/${w.projectId}`, { token: admin, body: { quota: { pool: 3, health_monitor: 4 } } });
    expect(set).toMatchObject({ status: 202, body: { quota: { pool: 3, healthmonitor: 4, health_monitor: 4 } } });
    expectFault(await rest.call("PUT", `${V}/lbaas/quotas/${w.projectId}`, { token: admin, body: { quota: { pools: 3 } } }), 400, 'Unrecognized key: "pools"');
    const list = await rest.call<{ quotas: Record<string, unknown>[] }>("GET", `${V}/lbaas/quotas`, { token: admin });
    expect(list.body.quotas).toContainEqual(expect.objectContaining({ project_id: w.projectId, pool: 3 }));
    expect((await rest.call("DELETE", `${V}/lbaas/quotas/${w.projectId}`, { token: admin })).status).toBe(204);
  });

  it("lists amphorae for admins only (the failover above made one), shows one, and answers 404 for one that does not exist", async () => {
    const list = await rest.call<{ amphorae: Item[] }>("GET", `${V}/octavia/amphorae`, { token: admin });
    expect(list.status).toBe(200);
    const [amphora] = list.body.amphorae;
    expect(amphora).toMatchObject({ role: "STANDALONE", status: "ALLOCATED", compute_id: null, lb_network_ip: null });
    const lbId = String(amphora?.loadbalancer_id);
    expect((await rest.call<{ amphorae: Item[] }>("GET", `${V}/octavia/amphorae?loadbalancer_id=${lbId}`, { token: admin })).body.amphorae).toHaveLength(1);
    expect((await rest.call<{ amphorae: Item[] }>("GET", `${V}/octavia/amphorae?status=ERROR`, { token: admin })).body.amphorae).toHaveLength(0);
    expect((await rest.call("GET", `${V}/octavia/amphorae/${amphora?.id}?fields=id,status`, { token: admin })).body).toEqual({ amphora: { id: amphora?.id, status: "ALLOCATED" } });
    expect((await rest.call("PUT", `${V}/octavia/amphorae/${amphora?.id}/config`, { token: admin })).status).toBe(202);
    expectFault(await rest.call("PUT", `${V}/octavia/amphorae/${amphora?.id}/config`, { token: demo }), 403, "Policy does not allow this request to be performed.");
    expectFault(await rest.call("GET", `${V}/octavia/amphorae`, { token: demo }), 403, "Policy does not allow this request to be performed.");
    const missing = "00000000-0000-4000-8000-0000000000aa";
    expectFault(await rest.call("GET", `${V}/octavia/amphorae/${missing}`, { token: admin }), 404, `Amphora ${missing} not found.`);
    expectFault(await rest.call("PUT", `${V}/octavia/amphorae/${missing}/failover`, { token: admin }), 404, `Amphora ${missing} not found.`);
  });

  it("lists the amphora provider and its flavor keys, and no flavors or availability zones", async () => {
    expect((await rest.call("GET", `${V}/lbaas/providers`, { token: demo })).body).toEqual({
      providers: [{ name: "amphora", description: "The Octavia Amphora driver." }],
      providers_links: [],
    });
    const capabilities = (await rest.call<{ flavor_capabilities: Item[] }>("GET", `${V}/lbaas/providers/amphora/flavor_capabilities`, { token: admin })).body;
    expect(capabilities.flavor_capabilities.map((c) => c.name)).toEqual(["loadbalancer_topology", "compute_flavor", "amp_image_tag", "sriov_vip", "allow_member_sriov"]);
    expectFault(await rest.call("GET", `${V}/lbaas/providers/ovn/flavor_capabilities`, { token: admin }), 400, "Provider 'ovn' is not enabled.");
    expect((await rest.call("GET", `${V}/lbaas/flavors`, { token: demo })).body).toEqual({ flavors: [], flavors_links: [] });
    expect((await rest.call("GET", `${V}/lbaas/availabilityzones`, { token: demo })).body).toEqual({ availability_zones: [], availability_zones_links: [] });
    expectFault(await rest.call("GET", `${V}/lbaas/flavorprofiles`, { token: demo }), 403, "Policy does not allow this request to be performed.");
    expectFault(await rest.call("GET", `${V}/lbaas/flavors/${w.projectId}`, { token: demo }), 404, `Flavor ${w.projectId} not found.`);
  });
});

describe("the bodies Octavia's other clients send (Horizon, openstacksdk)", () => {
  const V = "/load-balancer/v2.0/lbaas";
  const POLICY_DENIED = "Policy does not allow this request to be performed.";

  /**
   * The fields of each of Octavia's response bodies (its API reference, 2023.1): every one is
   * in ours. Ours may carry more (status_reason).
   */
  const OCTAVIA_FIELDS: Record<string, string[]> = {
    loadbalancer: [
      "id", "name", "description", "project_id", "admin_state_up", "provisioning_status", "operating_status", "vip_address", "vip_port_id",
      "vip_subnet_id", "vip_network_id", "vip_qos_policy_id", "vip_vnic_type", "additional_vips", "provider", "flavor_id",
      "availability_zone", "listeners", "pools", "tags", "created_at", "updated_at",
    ],
    listener: [
      "id", "name", "description", "project_id", "admin_state_up", "provisioning_status", "operating_status", "protocol", "protocol_port",
      "connection_limit", "default_pool_id", "default_tls_container_ref", "sni_container_refs", "insert_headers", "l7policies",
      "loadbalancers", "timeout_client_data", "timeout_member_connect", "timeout_member_data", "timeout_tcp_inspect",
      "client_ca_tls_container_ref", "client_authentication", "client_crl_container_ref", "allowed_cidrs", "tls_ciphers", "tls_versions",
      "alpn_protocols", "tags", "created_at", "updated_at",
    ],
    pool: [
      "id", "name", "description", "project_id", "admin_state_up", "provisioning_status", "operating_status", "protocol", "lb_algorithm",
      "session_persistence", "loadbalancers", "listeners", "members", "healthmonitor_id", "tls_container_ref", "ca_tls_container_ref",
      "crl_container_ref", "tls_enabled", "tls_ciphers", "tls_versions", "alpn_protocols", "tags", "created_at", "updated_at",
    ],
    member: [
      "id", "name", "project_id", "admin_state_up", "provisioning_status", "operating_status", "address", "protocol_port", "weight",
      "backup", "subnet_id", "monitor_address", "monitor_port", "tags", "created_at", "updated_at",
    ],
    healthmonitor: [
      "id", "name", "project_id", "admin_state_up", "provisioning_status", "operating_status", "type", "delay", "timeout", "max_retries",
      "max_retries_down", "http_method", "url_path", "expected_codes", "http_version", "domain_name", "pools", "tags", "created_at",
      "updated_at",
    ],
    l7policy: [
      "id", "name", "description", "project_id", "admin_state_up", "provisioning_status", "operating_status", "listener_id", "action",
      "position", "redirect_pool_id", "redirect_url", "redirect_prefix", "redirect_http_code", "rules", "tags", "created_at", "updated_at",
    ],
    rule: [
      "id", "project_id", "admin_state_up", "provisioning_status", "operating_status", "type", "compare_type", "key", "value", "invert",
      "tags", "created_at", "updated_at",
    ],
  };
  OCTAVIA_FIELDS.quota = ["load_balancer", "loadbalancer", "listener", "member", "pool", "health_monitor", "healthmonitor", "l7policy", "l7rule"];
  OCTAVIA_FIELDS.amphora = [
    "id", "loadbalancer_id", "compute_id", "lb_network_ip", "vrrp_ip", "ha_ip", "vrrp_port_id", "ha_port_id", "cert_expiration", "cert_busy",
    "role", "status", "vrrp_interface", "vrrp_id", "vrrp_priority", "cached_zone", "created_at", "updated_at", "image_id", "compute_flavor",
  ];
  const expectOctaviaFields = (kind: string, item: Item) => expect({ kind, missing: (OCTAVIA_FIELDS[kind] ?? []).filter((key) => !(key in item)) }).toEqual({ kind, missing: [] });

  const created: Record<string, Item> = {};
  /** POSTs Horizon's way (every optional field null, the caller's own project_id) and expects 201, Octavia's fields and no updated_at yet. */
  async function horizonCreate(kind: string, path: string, fields: Record<string, unknown>, token = demo): Promise<Item> {
    const res = await rest.call<Record<string, Item>>("POST", `${V}/${path}`, { token, body: { [kind]: { ...fields, project_id: w.projectId } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const item = res.body[kind] as Item;
    expectOctaviaFields(kind, item);
    expect(item).toMatchObject({ project_id: w.projectId, updated_at: null });
    created[kind] = item;
    return item;
  }

  it("creates every resource from a body whose optional fields are null and that names the caller's own project", async () => {
    const lb = await horizonCreate("loadbalancer", "loadbalancers", {
      name: "horizon", description: null, vip_address: null, vip_subnet_id: w.selfservice.id, vip_network_id: null, vip_port_id: null,
      vip_qos_policy_id: null, flavor_id: null, availability_zone: null, provider: null, admin_state_up: true, tags: null,
    });
    expect(lb).toMatchObject({ description: "", vip_qos_policy_id: null, additional_vips: [], vip_vnic_type: "normal" });
    await markTreeActive(w, lb.id);
    const listener = await horizonCreate("listener", "listeners", {
      name: null, description: null, loadbalancer_id: lb.id, protocol: "HTTP", protocol_port: 8080, connection_limit: null, admin_state_up: true,
      default_pool_id: null, default_tls_container_ref: null, sni_container_refs: null, insert_headers: null, allowed_cidrs: null,
      timeout_client_data: null, timeout_member_connect: null, timeout_member_data: null, timeout_tcp_inspect: null,
      client_ca_tls_container_ref: null, client_authentication: null, client_crl_container_ref: null, tls_ciphers: null, tls_versions: null,
      alpn_protocols: null, tags: null,
    });
    expect(listener).toMatchObject({ name: "", connection_limit: -1, allowed_cidrs: null, timeout_client_data: 50000 });
    await markTreeActive(w, lb.id);
    const pool = await horizonCreate("pool", "pools", {
      name: null, description: null, listener_id: listener.id, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", session_persistence: null,
      admin_state_up: true, tls_enabled: null, tls_container_ref: null, ca_tls_container_ref: null, crl_container_ref: null, tls_ciphers: null,
      tls_versions: null, alpn_protocols: null, tags: null,
    });
    expect(pool).toMatchObject({ session_persistence: null, listeners: [{ id: listener.id }] });
    await markTreeActive(w, lb.id);
    await horizonCreate("member", `pools/${pool.id}/members`, {
      name: null, address: w.web1.fixed_ip, protocol_port: 80, subnet_id: w.selfservice.id, weight: null, backup: null, admin_state_up: true,
      monitor_address: null, monitor_port: null, tags: null,
    });
    await markTreeActive(w, lb.id);
    const monitor = await horizonCreate("healthmonitor", "healthmonitors", {
      name: null, pool_id: pool.id, type: "HTTP", delay: 5, timeout: 3, max_retries: 3, max_retries_down: null, http_method: null,
      url_path: null, expected_codes: null, http_version: null, domain_name: null, admin_state_up: true, tags: null,
    });
    expect(monitor).toMatchObject({ max_retries_down: 3, pools: [{ id: pool.id }] });
    await markTreeActive(w, lb.id);
    const policy = await horizonCreate("l7policy", "l7policies", {
      name: null, description: null, listener_id: listener.id, action: "REJECT", position: null, redirect_pool_id: null, redirect_url: null,
      redirect_prefix: null, redirect_http_code: null, admin_state_up: true, tags: null,
    });
    await markTreeActive(w, lb.id);
    await horizonCreate("rule", `l7policies/${policy.id}/rules`, {
      type: "PATH", compare_type: "STARTS_WITH", key: null, value: "/admin", invert: null, admin_state_up: true, tags: null,
    });
    await markTreeActive(w, lb.id);
    // A read answers the same fields, Octavia's way.
    const listed = await rest.call<{ listeners: Item[] }>("GET", `${V}/listeners?id=${listener.id}`, { token: demo });
    expect(listed.body.listeners).toEqual([expect.objectContaining({ id: listener.id, allowed_cidrs: null })]);
  });

  it("reads null as not given inside a graph create too (listeners, their default pool, its members)", async () => {
    const res = await rest.call<{ loadbalancer: Item }>("POST", `${V}/loadbalancers`, {
      token: demo,
      body: {
        loadbalancer: {
          name: "graph", description: null, vip_subnet_id: w.selfservice.id, vip_address: null, project_id: w.projectId,
          listeners: [{
            name: null, protocol: "HTTP", protocol_port: 81, connection_limit: null, allowed_cidrs: null,
            default_pool: { name: null, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", session_persistence: null, members: [{ address: w.web1.fixed_ip, protocol_port: 80, weight: null, monitor_port: null }] },
          }],
        },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const listeners = await rest.call<{ listeners: Item[] }>("GET", `${V}/listeners?loadbalancer_id=${res.body.loadbalancer.id}`, { token: demo });
    expect(listeners.body.listeners).toEqual([expect.objectContaining({ name: "", connection_limit: -1, allowed_cidrs: null, default_pool_id: expect.any(String) })]);
    const poolId = (listeners.body.listeners[0] as Item).default_pool_id as string;
    const members = await rest.call<{ members: Item[] }>("GET", `${V}/pools/${poolId}/members`, { token: demo });
    expect(members.body.members).toEqual([expect.objectContaining({ address: w.web1.fixed_ip, weight: 1, monitor_port: null })]);
  });

  it("answers a quota and an amphora with every field of Octavia's", async () => {
    expectOctaviaFields("quota", (await rest.call<{ quota: Item }>("GET", `${V}/quotas/${w.projectId}`, { token: demo })).body.quota);
    expectOctaviaFields("quota", (await rest.call<{ quota: Item }>("GET", `${V}/quotas/defaults`, { token: demo })).body.quota);
    // The failover of an earlier test made one.
    const amphorae = (await rest.call<{ amphorae: Item[] }>("GET", "/load-balancer/v2.0/octavia/amphorae", { token: admin })).body.amphorae;
    expect(amphorae.length).toBeGreaterThan(0);
    for (const amphora of amphorae) {
      expectOctaviaFields("amphora", amphora);
      // Octavia's timestamp layout (UTC, whole seconds, no zone): the Go SDK decodes nothing else.
      expect(amphora.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    }
  });

  it("answers updated_at null until the first change, then its time", async () => {
    const lb = await createLb("stamps");
    const path = `${V}/loadbalancers/${lb.id}`;
    const read = async () => (await rest.call<{ loadbalancer: Item }>("GET", path, { token: demo })).body.loadbalancer;
    expect(await read()).toMatchObject({ created_at: lb.created_at, updated_at: null });
    // Going ACTIVE is a change (Octavia's worker stamps it too), and so is the caller's update.
    // Octavia's times are whole seconds, so a change in the same second reads the same time.
    await markTreeActive(w, lb.id);
    const active = await read();
    expect(Date.parse(active.updated_at as string)).toBeGreaterThanOrEqual(Date.parse(active.created_at as string));
    const changed = await rest.call<{ loadbalancer: Item }>("PUT", path, { token: demo, body: { loadbalancer: { description: "changed" } } });
    expect(Date.parse(changed.body.loadbalancer.updated_at as string)).toBeGreaterThanOrEqual(Date.parse(active.updated_at as string));
  });

  it("resets a field set to null on update to Octavia's default, and clears the ones Octavia clears", async () => {
    const lb = created.loadbalancer as Item;
    const listenerPath = `${V}/listeners/${(created.listener as Item).id}`;
    const set = await rest.call<{ listener: Item }>("PUT", listenerPath, {
      token: demo,
      body: { listener: { name: "named", description: "said", connection_limit: 500, allowed_cidrs: ["10.0.0.0/8"], timeout_client_data: 1000, tags: ["x"] } },
    });
    expect(set.body.listener).toMatchObject({ name: "named", connection_limit: 500, allowed_cidrs: ["10.0.0.0/8"], timeout_client_data: 1000, tags: ["x"] });
    await markTreeActive(w, lb.id);
    const reset = await rest.call<{ listener: Item }>("PUT", listenerPath, {
      token: demo,
      body: { listener: { name: null, description: null, connection_limit: null, allowed_cidrs: null, timeout_client_data: null, tags: null, default_pool_id: null } },
    });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body.listener).toMatchObject({ name: "", description: "", connection_limit: -1, allowed_cidrs: null, timeout_client_data: 50000, tags: [], default_pool_id: null });
    await markTreeActive(w, lb.id);
    const monitorPath = `${V}/healthmonitors/${(created.healthmonitor as Item).id}`;
    const changes = { name: "m", max_retries_down: 7, http_method: "HEAD", url_path: "/health", expected_codes: "204" };
    expect((await rest.call("PUT", monitorPath, { token: demo, body: { healthmonitor: changes } })).body).toMatchObject({ healthmonitor: changes });
    await markTreeActive(w, lb.id);
    // What Octavia's own API test of this update expects.
    const nulls = { max_retries_down: null, name: null, http_method: null, url_path: null, expected_codes: null };
    const monitor = await rest.call<{ healthmonitor: Item }>("PUT", monitorPath, { token: demo, body: { healthmonitor: nulls } });
    expect(monitor.body.healthmonitor).toMatchObject({ max_retries_down: 3, name: "", http_method: "GET", url_path: "/", expected_codes: "200" });
    await markTreeActive(w, lb.id);
  });

  it("refuses a member's project_id that is another project's (403), and creates an admin's in the project named", async () => {
    const [alt] = await w.db.select({ id: projects.id }).from(projects).where(eq(projects.name, "alt"));
    const altId = (alt as { id: string }).id;
    // alt's own tenant subnet (it overlaps demo's selfservice: another network of its own).
    const [altSubnet] = await w.db.select({ id: subnets.id }).from(subnets).where(eq(subnets.project_id, altId));
    const body = { name: "elsewhere", vip_subnet_id: (altSubnet as { id: string }).id, project_id: altId };
    expectFault(await rest.call("POST", `${V}/loadbalancers`, { token: demo, body: { loadbalancer: body } }), 403, POLICY_DENIED);
    const listenerBody = { loadbalancer_id: (created.loadbalancer as Item).id, protocol: "TCP", protocol_port: 9000, project_id: altId };
    expectFault(await rest.call("POST", `${V}/listeners`, { token: demo, body: { listener: listenerBody } }), 403, POLICY_DENIED);
    expectFault(await rest.call("POST", `${V}/loadbalancers`, { token: demo, body: { loadbalancer: { ...body, project_id: "not-a-project" } } }), 400, "project_id must be a UUID");

    const made = await rest.call<{ loadbalancer: Item }>("POST", `${V}/loadbalancers`, { token: admin, body: { loadbalancer: body } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.loadbalancer).toMatchObject({ name: "elsewhere", project_id: altId });
    // It is alt's: listed under alt's project, not in the admin's own.
    const inAlt = await rest.call<{ loadbalancers: Item[] }>("GET", `${V}/loadbalancers?project_id=${altId}`, { token: admin });
    expect(inAlt.body.loadbalancers.map((x) => x.id)).toEqual([made.body.loadbalancer.id]);
    const own = await rest.call<{ loadbalancers: Item[] }>("GET", `${V}/loadbalancers?name=elsewhere`, { token: demo });
    expect(own.body.loadbalancers).toEqual([]);
  });
});
