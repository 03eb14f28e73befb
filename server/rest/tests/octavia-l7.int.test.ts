import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestWorld } from "@/server/testing/database";
import { markTreeActive } from "@/server/testing/fixtures";
import type { RestClient } from "./client";
import { startRestWorld } from "./rest-server";

// L7 policies and their rules over Octavia's REST paths, without a controller (trees are settled
// by hand): the wrappers ("l7policy", "rule"), rules nested under their policy and listed by id
// in its `rules`, filters, sorting and paging links, and the fault bodies of refused rules.

let w: TestWorld;
let rest: RestClient;
let demo: string;
let world: Awaited<ReturnType<typeof startRestWorld>>;

const V = "/load-balancer/v2.0/lbaas";
const POLICIES = `${V}/l7policies`;
type Item = Record<string, unknown> & { id: string };
type Links = { rel: string; href: string }[];

let lbId = "";
let listenerId = "";
let apiPoolId = "";

beforeAll(async () => {
  world = await startRestWorld();
  ({ w, rest } = world);
  demo = world.tokens.demo;
  const lb = await w.caller.loadBalancer.create({
    name: "l7-rest",
    vip_subnet_id: w.selfservice.id,
    listeners: [{ name: "web", protocol: "HTTP", protocol_port: 80, default_pool: { name: "default", protocol: "HTTP", lb_algorithm: "ROUND_ROBIN" } }],
  });
  lbId = lb.id;
  await markTreeActive(w, lbId);
  listenerId = (await w.caller.listener.list({ loadbalancer_id: lbId })).items[0]?.id ?? "";
  apiPoolId = (await w.caller.pool.create({ loadbalancer_id: lbId, name: "api", protocol: "HTTP", lb_algorithm: "ROUND_ROBIN" })).id;
  await markTreeActive(w, lbId);
});
afterAll(() => world?.close());

const expectFault = (res: { status: number; body: unknown; headers: Headers }, status: number, faultstring: string) => {
  expect({ status: res.status, body: res.body }).toEqual({ status, body: { faultcode: "Client", faultstring, debuginfo: null } });
  expect(res.headers.get("x-openstack-request-id")).toMatch(/^req-/);
};

const createPolicy = async (body: Record<string, unknown>) => {
  const res = await rest.call<{ l7policy: Item }>("POST", POLICIES, { token: demo, body: { l7policy: { listener_id: listenerId, ...body } } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await markTreeActive(w, lbId);
  return res.body.l7policy;
};

describe("L7 policies and rules over REST", () => {
  let toApi: Item;
  let rule: Item;

  it("creates a policy (201, wrapped) that puts the load balancer in PENDING_UPDATE", async () => {
    const res = await rest.call<{ l7policy: Item }>("POST", POLICIES, {
      token: demo,
      body: { l7policy: { listener_id: listenerId, name: "to-api", action: "REDIRECT_TO_POOL", redirect_pool_id: apiPoolId, admin_state_up: true } },
    });
    expect(res.status).toBe(201);
    toApi = res.body.l7policy;
    expect(toApi).toMatchObject({
      name: "to-api",
      listener_id: listenerId,
      action: "REDIRECT_TO_POOL",
      redirect_pool_id: apiPoolId,
      redirect_url: null,
      redirect_http_code: null,
      position: 1,
      rules: [],
      provisioning_status: "PENDING_CREATE",
      project_id: w.projectId,
    });
    const lb = await rest.call<{ loadbalancer: Item }>("GET", `${V}/loadbalancers/${lbId}`, { token: demo });
    expect(lb.body.loadbalancer.provisioning_status).toBe("PENDING_UPDATE");
    await markTreeActive(w, lbId);
  });

  it("creates a rule under its policy (201, wrapped as rule); the policy lists it by id", async () => {
    const res = await rest.call<{ rule: Item }>("POST", `${POLICIES}/${toApi.id}/rules`, {
      token: demo,
      body: { rule: { type: "PATH", compare_type: "STARTS_WITH", value: "/api", admin_state_up: true } },
    });
    expect(res.status).toBe(201);
    rule = res.body.rule;
    expect(rule).toMatchObject({ type: "PATH", compare_type: "STARTS_WITH", key: null, value: "/api", invert: false, provisioning_status: "PENDING_CREATE" });
    await markTreeActive(w, lbId);
    const policy = await rest.call<{ l7policy: Item }>("GET", `${POLICIES}/${toApi.id}`, { token: demo });
    expect(policy.body.l7policy).toMatchObject({ rules: [{ id: rule.id }], provisioning_status: "ACTIVE" });
    const shown = await rest.call<{ rule: Item }>("GET", `${POLICIES}/${toApi.id}/rules/${rule.id}`, { token: demo });
    expect(Object.keys(shown.body)).toEqual(["rule"]);
    expect(shown.body.rule).toMatchObject({ id: rule.id, provisioning_status: "ACTIVE" });
  });

  it("refuses a bad rule and a bad policy with Octavia's fault body and messages", async () => {
    const rules = `${POLICIES}/${toApi.id}/rules`;
    const bad = (body: Record<string, unknown>) => rest.call("POST", rules, { token: demo, body: { rule: body } });
    expectFault(await bad({ type: "HEADER", compare_type: "EQUAL_TO", value: "x" }), 400, "Error parsing L7Rule: Invalid L7 Rule: L7 rule type requires a key");
    expectFault(await bad({ type: "PATH", compare_type: "REGEX", value: "(a+)+" }), 400, expect.stringMatching(/^Error parsing L7Rule: Unable to parse regular expression: /) as unknown as string);
    expectFault(await bad({ type: "PATH", compare_type: "EQUAL_TO", value: "/x", l7policy_id: toApi.id }), 400, 'Unrecognized key: "l7policy_id"');
    expectFault(
      await rest.call("POST", POLICIES, { token: demo, body: { l7policy: { listener_id: listenerId, action: "REDIRECT_TO_URL" } } }),
      400,
      "Invalid L7 Policy arguments: redirect_url must not be None",
    );
    const missing = "00000000-0000-4000-8000-0000000000aa";
    expectFault(await rest.call("POST", `${POLICIES}/${missing}/rules`, { token: demo, body: { rule: { type: "PATH", compare_type: "EQUAL_TO", value: "/x" } } }), 404, `L7 Policy ${missing} not found.`);
  });

  it("answers a rule only under its own policy", async () => {
    const other = await createPolicy({ name: "reject", action: "REJECT" });
    expectFault(await rest.call("GET", `${POLICIES}/${other.id}/rules/${rule.id}`, { token: demo }), 404, `L7 Rule ${rule.id} not found.`);
    expectFault(await rest.call("DELETE", `${POLICIES}/${other.id}/rules/${rule.id}`, { token: demo }), 404, `L7 Rule ${rule.id} not found.`);
    expect((await rest.call<{ rules: Item[] }>("GET", `${POLICIES}/${other.id}/rules`, { token: demo })).body.rules).toEqual([]);
  });

  it("filters, sorts and pages policies, with links that work", async () => {
    await createPolicy({ name: "old-site", action: "REDIRECT_TO_URL", redirect_url: "https://example.test/", position: 1 });
    type List = { l7policies: Item[]; l7policies_links: Links };
    const names = (res: { body: List }) => res.body.l7policies.map((p) => p.name);
    const byPosition = await rest.call<List>("GET", `${POLICIES}?listener_id=${listenerId}&sort=position`, { token: demo });
    expect(names(byPosition)).toEqual(["old-site", "to-api", "reject"]);
    expect(byPosition.body.l7policies.map((p) => p.position)).toEqual([1, 2, 3]);
    expect(names(await rest.call<List>("GET", `${POLICIES}?action=REJECT`, { token: demo }))).toEqual(["reject"]);
    expect(names(await rest.call<List>("GET", `${POLICIES}?redirect_pool_id=${apiPoolId}`, { token: demo }))).toEqual(["to-api"]);
    expect(await rest.call("GET", `${POLICIES}?id=to-api`, { token: demo })).toMatchObject({ status: 200, body: { l7policies: [], l7policies_links: [] } });

    const first = await rest.call<List>("GET", `${POLICIES}?sort=position:desc&limit=2&fields=id,name`, { token: demo });
    expect(names(first)).toEqual(["reject", "to-api"]);
    expect(first.body.l7policies.map((p) => Object.keys(p).sort())).toEqual([["id", "name"], ["id", "name"]]);
    const next = new URL(first.body.l7policies_links.find((l) => l.rel === "next")?.href ?? "");
    const second = await rest.call<List>("GET", `${next.pathname}${next.search}`, { token: demo });
    expect(names(second)).toEqual(["old-site"]);
    expect(second.body.l7policies_links.map((l) => l.rel)).toEqual(["previous"]);
    expectFault(await rest.call("GET", `${POLICIES}?action=FORWARD`, { token: demo }), 400, expect.stringContaining("action must be one of") as unknown as string);
  });

  it("filters and pages rules within their policy", async () => {
    const rules = `${POLICIES}/${toApi.id}/rules`;
    const res = await rest.call<{ rule: Item }>("POST", rules, { token: demo, body: { rule: { type: "HEADER", compare_type: "EQUAL_TO", key: "X-Api", value: "1" } } });
    expect(res.status).toBe(201);
    await markTreeActive(w, lbId);
    type List = { rules: Item[]; rules_links: Links };
    expect((await rest.call<List>("GET", `${rules}?type=HEADER`, { token: demo })).body.rules.map((r) => r.key)).toEqual(["X-Api"]);
    expect((await rest.call<List>("GET", `${rules}?id=${rule.id}`, { token: demo })).body.rules.map((r) => r.id)).toEqual([rule.id]);
    const page = await rest.call<List>("GET", `${rules}?limit=1&sort=type:asc`, { token: demo });
    expect(page.body.rules.map((r) => r.type)).toEqual(["HEADER"]);
    expect(page.body.rules_links.map((l) => l.rel)).toEqual(["next"]);
    expectFault(await rest.call("GET", `${rules}?name=x`, { token: demo }), 400, 'Unrecognized key: "name"');
  });

  it("updates (200) and deletes (204) rules and policies; a deleted policy is 404", async () => {
    const rules = `${POLICIES}/${toApi.id}/rules`;
    const updated = await rest.call<{ rule: Item }>("PUT", `${rules}/${rule.id}`, { token: demo, body: { rule: { value: "/v2", invert: true } } });
    expect(updated.status).toBe(200);
    expect(updated.body.rule).toMatchObject({ value: "/v2", invert: true, provisioning_status: "PENDING_UPDATE" });
    await markTreeActive(w, lbId);
    const renamed = await rest.call<{ l7policy: Item }>("PUT", `${POLICIES}/${toApi.id}`, { token: demo, body: { l7policy: { name: "api", position: 1 } } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.l7policy).toMatchObject({ name: "api", position: 1 });
    await markTreeActive(w, lbId);
    expect((await rest.call("DELETE", `${rules}/${rule.id}`, { token: demo })).status).toBe(204);
    await markTreeActive(w, lbId);
    expectFault(await rest.call("GET", `${rules}/${rule.id}`, { token: demo }), 404, `L7 Rule ${rule.id} not found.`);
    expect((await rest.call("DELETE", `${POLICIES}/${toApi.id}`, { token: demo })).status).toBe(204);
    await markTreeActive(w, lbId);
    expectFault(await rest.call("GET", `${POLICIES}/${toApi.id}`, { token: demo }), 404, `L7 Policy ${toApi.id} not found.`);
  });
});
