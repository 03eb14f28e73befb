import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestWorld } from "@/server/testing/database";
import { markTreeActive } from "@/server/testing/fixtures";
import type { RestClient } from "./client";
import { startRestWorld } from "./rest-server";

// What clients other than the openstack CLI decode (Terraform's Go SDK, tempest): Octavia's
// timestamps, string insert_headers, the v2 paths without lbaas/, integers sent as strings, the
// 501 for an option the amphora provider does not serve, and fields= over every field.

let w: TestWorld;
let rest: RestClient;
let demo: string;
let admin: string;
let world: Awaited<ReturnType<typeof startRestWorld>>;

const V = "/load-balancer/v2/lbaas";
type Item = Record<string, unknown> & { id: string };
/** Octavia's timestamp: UTC, whole seconds, no zone. */
const OCTAVIA_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

let lb: Item;
let listener: Item;
let pool: Item;

beforeAll(async () => {
  world = await startRestWorld();
  ({ w, rest } = world);
  demo = world.tokens.demo;
  admin = world.tokens.admin;
  const created = await rest.call<{ loadbalancer: Item }>("POST", `${V}/loadbalancers`, { token: demo, body: { loadbalancer: { name: "shapes", vip_subnet_id: w.selfservice.id } } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  lb = created.body.loadbalancer;
  await markTreeActive(w, lb.id);
});
afterAll(() => world?.close());

const create = async (path: string, key: string, body: Record<string, unknown>) => {
  const res = await rest.call<Record<string, Item>>("POST", `${V}/${path}`, { token: demo, body: { [key]: body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await markTreeActive(w, lb.id);
  return res.body[key] as Item;
};

describe("Octavia's wire shapes", () => {
  it("answers integers sent as strings as Octavia coerces them, and insert_headers values as strings", async () => {
    listener = await create("listeners", "listener", {
      loadbalancer_id: lb.id,
      protocol: "HTTP",
      protocol_port: "8080",
      connection_limit: "-1",
      insert_headers: { "X-Forwarded-For": true, "X-Forwarded-Port": "false" },
    });
    expect(listener).toMatchObject({ protocol_port: 8080, connection_limit: -1, insert_headers: { "X-Forwarded-For": "true", "X-Forwarded-Port": "false" } });
    const shown = await rest.call<{ listener: Item }>("GET", `${V}/listeners/${listener.id}`, { token: demo });
    expect(shown.body.listener.insert_headers).toEqual({ "X-Forwarded-For": "true", "X-Forwarded-Port": "false" });
    pool = await create("pools", "pool", { listener_id: listener.id, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN" });
  });

  it("refuses a non-numeric string for an integer with Octavia's 400", async () => {
    const res = await rest.call("POST", `${V}/pools/${pool.id}/members`, { token: demo, body: { member: { address: w.web1.fixed_ip, protocol_port: "eighty" } } });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { faultcode: "Client", faultstring: "Invalid input for field/attribute protocol_port. Value: 'eighty'. invalid literal for int() with base 10: 'eighty'", debuginfo: null },
    });
  });

  it("answers every timestamp as Octavia does: UTC, whole seconds, no zone", async () => {
    const member = await create(`pools/${pool.id}/members`, "member", { address: w.web1.fixed_ip, protocol_port: "80", subnet_id: w.selfservice.id, weight: "5" });
    expect(member).toMatchObject({ protocol_port: 80, weight: 5 });
    expect(member.created_at).toMatch(OCTAVIA_TIME);
    const listed = await rest.call<{ members: Item[] }>("GET", `${V}/pools/${pool.id}/members`, { token: demo });
    for (const item of listed.body.members) expect(item.created_at).toMatch(OCTAVIA_TIME);
    const shown = await rest.call<{ loadbalancer: Item }>("GET", `${V}/loadbalancers/${lb.id}`, { token: demo });
    expect(shown.body.loadbalancer.created_at).toMatch(OCTAVIA_TIME);
    expect(shown.body.loadbalancer.updated_at === null || OCTAVIA_TIME.test(String(shown.body.loadbalancer.updated_at))).toBe(true);
  });

  it("serves every v2 path also without lbaas/", async () => {
    const list = await rest.call<{ loadbalancers: Item[] }>("GET", "/load-balancer/v2/loadbalancers", { token: demo });
    expect(list.status).toBe(200);
    expect(list.body.loadbalancers.map((item) => item.id)).toContain(lb.id);
    const member = await rest.call<{ members: Item[] }>("GET", `/load-balancer/v2.0/pools/${pool.id}/members`, { token: demo });
    expect(member.status).toBe(200);
    const quota = await rest.call<{ quota: Item }>("GET", `/load-balancer/v2/quotas/${w.projectId}`, { token: admin });
    expect(quota).toMatchObject({ status: 200, body: { quota: { project_id: w.projectId } } });
    // Octavia takes any string as a project id: one with no quotas of its own has the defaults.
    const defaults = await rest.call<{ quota: Item }>("GET", "/load-balancer/v2/quotas/defaults", { token: demo });
    const named = await rest.call<{ quota: Item }>("GET", "/load-balancer/v2/quotas/tempest-project-1", { token: admin });
    expect({ status: named.status, body: named.body }).toEqual({ status: 200, body: { quota: { ...defaults.body.quota, project_id: "tempest-project-1" } } });
    expect(await rest.call("GET", "/load-balancer/v2/quotas/tempest-project-1", { token: demo })).toMatchObject({
      status: 403,
      body: { faultstring: "Policy does not allow this request to be performed." },
    });
  });

  it("answers an L7 policy on a TCP listener 501, as the amphora provider does", async () => {
    const tcp = await create("listeners", "listener", { loadbalancer_id: lb.id, protocol: "TCP", protocol_port: 9000 });
    const res = await rest.call("POST", `${V}/l7policies`, { token: demo, body: { l7policy: { listener_id: tcp.id, action: "REJECT" } } });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 501,
      body: {
        faultcode: "Server",
        faultstring: "Provider 'amphora' does not support a requested option: TCP protocol listeners do not support L7 policies",
        debuginfo: null,
      },
    });
  });

  it("answers fields= with the fields Octavia always has, constants included", async () => {
    const shown = await rest.call<{ loadbalancer: Item }>("GET", `${V}/loadbalancers/${lb.id}?fields=vip_qos_policy_id&fields=additional_vips`, { token: demo });
    expect(shown.body).toEqual({ loadbalancer: { vip_qos_policy_id: null, additional_vips: [] } });
    const listed = await rest.call<{ loadbalancers: Item[] }>("GET", `${V}/loadbalancers?fields=vip_qos_policy_id`, { token: demo });
    expect(listed.body.loadbalancers).toContainEqual({ vip_qos_policy_id: null });
  });
});
