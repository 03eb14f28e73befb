import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedIdentities } from "@/server/identity/seed";
import { newLoginLimiter } from "@/server/identity/login-limiter";
import { namespaceName } from "@/server/network/names";
import { fetchBodiesFrom } from "@/server/testing/probe";
import { eventually, fetchBodies, type Stack, startStack } from "@/server/testing/stack";
import { type RestServer, startRestServer } from "./rest-server";

// openstacksdk (Debian's python3-openstacksdk), a second real client beside the CLI. The script
// beside this file logs in as Horizon does (keystoneauth's password plugin for an unscoped token,
// rescoped with the token plugin), drives the flow through conn.compute, conn.load_balancer and
// conn.network, and sends Horizon's bodies as they are (null for what was left empty, the
// caller's own project_id, the floating IP's port and address). The whole stack runs behind the
// REST doors, so the load balancer it builds serves real HTTP, checked here through the VIP (from
// web3, on its subnet) and through the floating IP (from the host, as a user of the cloud).

/** Debian's python, by its path: a python of another environment first in PATH has another openstacksdk. */
const PYTHON = "/usr/bin/python3";
const SCRIPT = path.join(import.meta.dirname, "openstacksdk-flow.py");
const PASSWORD = "demo-sdk-pw";

type Step = Record<string, unknown> & { step: string };

let stack: Stack;
let server: RestServer;

/** Runs one phase of the script as demo; its JSON lines, or a failure carrying its stderr. */
async function sdk(args: string[]): Promise<Step[]> {
  if (!fs.existsSync("/usr/lib/python3/dist-packages/openstack/__init__.py")) {
    throw new Error("python3-openstacksdk is missing (npm test installs it)");
  }
  const result = await execa(PYTHON, [SCRIPT, ...args], {
    reject: false,
    timeout: 300_000,
    // Nothing of the caller's environment (a virtualenv, PYTHONPATH, a clouds.yaml in HOME) reaches it.
    extendEnv: false,
    env: {
      PATH: "/usr/sbin:/usr/bin:/sbin:/bin",
      HOME: "/nonexistent",
      LANG: "C.UTF-8",
      OS_AUTH_URL: `${server.url}/identity/v3`,
      OS_USERNAME: "demo",
      OS_PASSWORD: PASSWORD,
      OS_PROJECT_NAME: "demo",
    },
  });
  if (result.exitCode !== 0) throw new Error(`openstacksdk-flow.py ${args.join(" ")} exited ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as Step);
}

const stepOf = (steps: Step[], name: string) => {
  const found = steps.find((s) => s.step === name);
  if (!found) throw new Error(`no ${name} step in ${JSON.stringify(steps)}`);
  return found;
};

/** Bodies from `address` (from the host, or from inside the namespace `from`) once web1 and web2 both answer. */
const bothMembers = (address: string, from?: string) =>
  eventually(async () => {
    const url = `http://${address}/`;
    const bodies = from ? await fetchBodiesFrom(from, url, 10) : await fetchBodies(url, 10);
    return new Set(bodies).size === 2 ? new Set(bodies) : undefined;
  }, 20_000, `web1 and web2 through ${address}`);

beforeAll(async () => {
  stack = await startStack();
  await seedIdentities(stack.db, { projectId: stack.projectId, demo: true, passwords: { admin: "admin-sdk-pw", demo: PASSWORD } });
  server = await startRestServer({ db: stack.db, feed: stack.feed, compute: stack.compute, dataPlane: stack.driver, loginLimiter: newLoginLimiter() });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await stack?.close();
}, 120_000);

describe("keystoneauth's password and token plugins, as Horizon logs in", { timeout: 120_000 }, () => {
  it("gets an unscoped token, lists the user's projects, and rescopes it with the token method", async () => {
    const steps = await sdk(["rescope"]);
    expect(stepOf(steps, "unscoped")).toEqual({ step: "unscoped", project_scoped: false, project_id: null, methods: ["password"] });
    expect(stepOf(steps, "projects")).toEqual({ step: "projects", users: ["demo"], auth: ["demo"] });
    // Octavia's role beside Keystone's, as a real cloud grants them.
    expect(stepOf(steps, "rescoped")).toMatchObject({ project_id: stack.projectId, methods: expect.arrayContaining(["token"]), roles: expect.arrayContaining(["member", "load-balancer_member"]) });
    expect(stepOf(steps, "rescoped_lists")).toEqual({ step: "rescoped_lists", load_balancers: [], servers: ["db1", "web1", "web2", "web3"] });
  });
});

describe("openstacksdk's flow", { timeout: 300_000 }, () => {
  let created: Step[];

  it("lists the instances, builds a load balancer waited for at each step, and sets a floating IP on its VIP port, ACTIVE once the router carries it", async () => {
    created = await sdk(["create"]);
    // Nova's addresses, keyed by network name: the members' addresses come from there.
    const fixed = (ip: string) => [expect.objectContaining({ addr: ip, version: 4, "OS-EXT-IPS:type": "fixed" })];
    expect(stepOf(created, "servers").servers).toEqual({
      db1: { backend: fixed(stack.db1.fixed_ip) },
      web1: { selfservice: fixed(stack.web1.fixed_ip) },
      web2: { selfservice: fixed(stack.web2.fixed_ip) },
      web3: { selfservice: fixed(stack.web3.fixed_ip) },
    });
    const lb = stepOf(created, "load_balancer");
    expect(lb).toMatchObject({ provisioning_status: "ACTIVE", vip_subnet_id: stack.selfservice.id, project_id: stack.projectId });
    expect(stepOf(created, "listener")).toMatchObject({ protocol: "HTTP", protocol_port: 80, provisioning_status: "ACTIVE" });
    expect(stepOf(created, "pool")).toMatchObject({ lb_algorithm: "ROUND_ROBIN", provisioning_status: "ACTIVE" });
    expect(created.filter((s) => s.step === "member")).toEqual([
      { step: "member", name: "web1", address: stack.web1.fixed_ip, subnet_id: stack.selfservice.id, provisioning_status: "ACTIVE" },
      { step: "member", name: "web2", address: stack.web2.fixed_ip, subnet_id: stack.selfservice.id, provisioning_status: "ACTIVE" },
    ]);
    expect(stepOf(created, "health_monitor")).toMatchObject({ type: "HTTP", url_path: "/", provisioning_status: "ACTIVE" });
    expect(stepOf(created, "load_balancer_active")).toMatchObject({ provisioning_status: "ACTIVE" });
    const fip = stepOf(created, "floating_ip");
    // ACTIVE once the router carried it; setting it left the load balancer as it was.
    expect(fip).toMatchObject({ port_id: lb.vip_port_id, fixed_ip_address: lb.vip_address, status: "ACTIVE", load_balancer_status: "ACTIVE" });
    expect(String(fip.floating_ip_address).startsWith(stack.publicSubnet.cidr.split(".").slice(0, 3).join("."))).toBe(true);
  });

  it("balances web1 and web2 through the VIP and through the floating IP", async () => {
    const web3 = namespaceName(stack.net.prefix, "instance", stack.web3.id);
    expect(await bothMembers(String(stepOf(created, "load_balancer").vip_address), web3)).toEqual(new Set(["web1", "web2"]));
    expect(await bothMembers(String(stepOf(created, "floating_ip").floating_ip_address))).toEqual(new Set(["web1", "web2"]));
  });

  it("deletes the floating IP and the load balancer with cascade, and waits until it is gone", async () => {
    const lbId = String(stepOf(created, "load_balancer").id);
    const steps = await sdk(["delete", lbId, String(stepOf(created, "floating_ip").id)]);
    expect(stepOf(steps, "deleted")).toEqual({ step: "deleted", id: lbId, found: false, floating_ip_found: false });
    await expect(stack.caller.loadBalancer.get({ id: lbId })).rejects.toThrow(`Load Balancer ${lbId} not found.`);
    expect((await stack.driver.status(lbId)).running).toBe(false);
  });
});

describe("Horizon's bodies over plain requests", { timeout: 300_000 }, () => {
  it("creates a load balancer, listener, pool, member and monitor from bodies with nulls and the caller's project_id", async () => {
    const steps = await sdk(["horizon"]);
    const answer = (name: string) => stepOf(steps, `horizon_${name}`) as Step & { status: number; body: Record<string, Record<string, unknown>> };
    const lb = answer("loadbalancer");
    expect(lb.status).toBe(201);
    // null is "not given": Octavia's defaults, and the address allocated on the subnet.
    expect(lb.body.loadbalancer).toMatchObject({ name: "horizon-lb", description: "", project_id: stack.projectId, vip_subnet_id: stack.selfservice.id });
    // The fields Octavia's bodies carry, with Octavia's values; nothing updated yet.
    expect(lb.body.loadbalancer).toMatchObject({ vip_qos_policy_id: null, additional_vips: [], vip_vnic_type: "normal", updated_at: null });
    expect(String(lb.body.loadbalancer?.vip_address).startsWith(stack.selfservice.cidr.split(".").slice(0, 3).join("."))).toBe(true);
    const listener = answer("listener");
    expect(listener.status).toBe(201);
    expect(listener.body.listener).toMatchObject({ name: "", description: "", connection_limit: -1, protocol_port: 8080, project_id: stack.projectId, timeout_client_data: 50000 });
    expect(listener.body.listener).toMatchObject({ allowed_cidrs: null, updated_at: null });
    const pool = answer("pool");
    expect(pool.status).toBe(201);
    expect(pool.body.pool).toMatchObject({ name: "", description: "", session_persistence: null, project_id: stack.projectId, updated_at: null });
    const member = answer("member");
    expect(member.status).toBe(201);
    expect(member.body.member).toMatchObject({ name: "", address: stack.web3.fixed_ip, weight: 1, backup: false, monitor_address: null, monitor_port: null, project_id: stack.projectId, updated_at: null });
    const monitor = answer("healthmonitor");
    expect(monitor.status).toBe(201);
    expect(monitor.body.healthmonitor).toMatchObject({ name: "", http_method: "GET", expected_codes: "200", url_path: "/", max_retries_down: 3, project_id: stack.projectId, updated_at: null });
    expect(stepOf(steps, "horizon_active")).toMatchObject({ provisioning_status: "ACTIVE" });
    // Associate Floating IP names the VIP port and its address.
    const fip = answer("floatingip") as Step & { status: number; body: { floatingip: Record<string, unknown> } };
    expect(fip.status).toBe(200);
    expect(fip.body.floatingip).toMatchObject({ port_id: lb.body.loadbalancer?.vip_port_id, fixed_ip_address: lb.body.loadbalancer?.vip_address });
    expect(stepOf(steps, "horizon_deleted")).toMatchObject({ id: lb.body.loadbalancer?.id });
  });
});
