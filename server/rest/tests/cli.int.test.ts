import https from "node:https";
import type { TLSSocket } from "node:tls";
import { describe, expect, it } from "vitest";
import { namespaceName } from "@/server/network/names";
import { pemBundle, testCa } from "@/server/testing/certificates";
import { fetchBodiesFrom } from "@/server/testing/probe";
import { eventually, fetchBodies } from "@/server/testing/stack";
import { cliWorld } from "./cli-world";
import type { CliUser } from "./openstack-cli";

// Debian's real `openstack` CLI against the product: the whole stack (controller, HAProxy
// amphorae, the demo instances) behind the REST front doors, the CLI authenticating with a
// user name and password. The seeded flow as an operator types it, then its refusals, then an
// admin's commands. Slow (the CLI is Python and waits as it polls), so the steps share one
// load balancer and run in order. The host reaches the load balancer as a user of a real cloud
// does, through a floating IP the CLI creates and sets on the VIP port; the VIP itself is
// reached from inside the cloud, from web3 on the same subnet.

const demo: CliUser = { name: "demo", password: "demo-cli-pw", project: "demo" };
const viewer: CliUser = { name: "viewer", password: "demo-cli-pw", project: "demo" };
const admin: CliUser = { name: "admin", password: "admin-cli-pw", project: "demo" };

type Json = Record<string, unknown>;
const alternates = (bodies: string[]) => bodies.every((b, i) => i === 0 || b !== bodies[i - 1]);

/** One HTTPS GET of `/` on port 443, trusting only `ca`: the status, the body and the certificate's CN. */
function httpsGet(host: string, ca: string, servername: string): Promise<{ status: number; body: string; subject: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host, port: 443, path: "/", ca, servername, agent: false, timeout: 5000 }, (res) => {
      const subject = String((res.socket as TLSSocket).getPeerCertificate().subject?.CN);
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: body.trim(), subject }));
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timed out")));
  });
}

/** Bodies from `address` (from the host, or from inside the namespace `from`) once both members answer, in turn. */
const bothMembers = (address: string, from?: string) =>
  eventually(async () => {
    const url = `http://${address}/`;
    const bodies = from ? await fetchBodiesFrom(from, url, 10) : await fetchBodies(url, 10);
    return new Set(bodies).size === 2 && alternates(bodies) ? bodies : undefined;
  }, 20_000, `web1 and web2 through ${address}`);

/** Where the host reaches lb1: the floating IP the seeded flow sets on its VIP port. */
let floating: string;

const world = cliWorld({ admin, demo });

describe("the seeded flow through the openstack CLI", { timeout: 240_000 }, () => {
  let lb: Json;
  let vip: string;

  it("creates a load balancer on the subnet named, and waits until it is ACTIVE", async () => {
    lb = await world.cli.json(demo, ["loadbalancer", "create", "--name", "lb1", "--vip-subnet-id", "selfservice-subnet", "--wait"]);
    expect(lb).toMatchObject({ name: "lb1", provisioning_status: "ACTIVE", vip_subnet_id: world.stack.selfservice.id, project_id: world.stack.projectId });
    vip = String(lb.vip_address);
    expect(vip.startsWith(world.stack.selfservice.cidr.split(".").slice(0, 3).join("."))).toBe(true);
  });

  it("adds a listener, a pool, two members and a health monitor, each waited for", async () => {
    const listener = await world.cli.json(demo, ["loadbalancer", "listener", "create", "--name", "l1", "--protocol", "HTTP", "--protocol-port", "80", "--wait", "lb1"]);
    expect(listener).toMatchObject({ name: "l1", protocol: "HTTP", protocol_port: 80, provisioning_status: "ACTIVE" });
    const pool = await world.cli.json(demo, ["loadbalancer", "pool", "create", "--name", "p1", "--protocol", "HTTP", "--lb-algorithm", "ROUND_ROBIN", "--listener", "l1", "--wait"]);
    expect(pool).toMatchObject({ name: "p1", lb_algorithm: "ROUND_ROBIN", provisioning_status: "ACTIVE" });
    for (const web of [world.stack.web1, world.stack.web2]) {
      const member = await world.cli.json(demo, [
        "loadbalancer", "member", "create", "--name", web.name, "--address", web.fixed_ip, "--subnet-id", "selfservice-subnet", "--protocol-port", "80", "--wait", "p1",
      ]);
      expect(member).toMatchObject({ name: web.name, address: web.fixed_ip, protocol_port: 80, subnet_id: world.stack.selfservice.id, provisioning_status: "ACTIVE" });
    }
    const hm = await world.cli.json(demo, ["loadbalancer", "healthmonitor", "create", "--name", "hm1", "--delay", "1", "--timeout", "1", "--max-retries", "2", "--type", "HTTP", "--wait", "p1"]);
    expect(hm).toMatchObject({ name: "hm1", type: "HTTP", delay: 1, url_path: "/", provisioning_status: "ACTIVE" });
  });

  it("balances web1 and web2 in turn through the VIP, for an instance on its subnet", async () => {
    expect(new Set(await bothMembers(vip, namespaceName(world.stack.net.prefix, "instance", world.stack.web3.id)))).toEqual(new Set(["web1", "web2"]));
  });

  it("creates a floating IP on public, sets it on the VIP port, waits until it is ACTIVE, and balances through it from the host", async () => {
    const fip = await world.cli.json(demo, ["floating", "ip", "create", "public"]);
    floating = String(fip.floating_ip_address);
    expect(floating.startsWith(world.stack.publicSubnet.cidr.split(".").slice(0, 3).join("."))).toBe(true);
    const set = await world.cli.run(demo, ["floating", "ip", "set", "--port", String(lb.vip_port_id), floating]);
    expect(set, set.stderr).toMatchObject({ exitCode: 0, stdout: "" });
    // ACTIVE once the router's namespace carries it, as a user watches it with `floating ip show`.
    const shown = await eventually(async () => {
      const now = await world.cli.json(demo, ["floating", "ip", "show", floating]);
      return now.status === "ACTIVE" ? now : undefined;
    }, 30_000, `floating IP ${floating} ACTIVE`);
    expect(shown).toMatchObject({ port_id: lb.vip_port_id, fixed_ip_address: vip, router_id: (await world.stack.caller.routers.list())[0]?.id });
    expect(new Set(await bothMembers(floating))).toEqual(new Set(["web1", "web2"]));
  });

  it("shows the status tree and the statistics", async () => {
    // `status show` prints its JSON without being asked (it takes no -f).
    const shown = await world.cli.run(demo, ["loadbalancer", "status", "show", "lb1"]);
    expect(shown.exitCode, shown.stderr).toBe(0);
    const status = JSON.parse(shown.stdout) as { loadbalancer: { provisioning_status: string; listeners: { pools: { members: Json[] }[] }[] } };
    expect(status.loadbalancer.provisioning_status).toBe("ACTIVE");
    const members = status.loadbalancer.listeners[0]?.pools[0]?.members ?? [];
    expect(members.map((m) => m.address).sort()).toEqual([world.stack.web1.fixed_ip, world.stack.web2.fixed_ip].sort());
    const stats = await world.cli.json(demo, ["loadbalancer", "stats", "show", "lb1"]);
    expect(Object.keys(stats).sort()).toEqual(["active_connections", "bytes_in", "bytes_out", "request_errors", "total_connections"]);
    expect(stats.total_connections).toBeGreaterThanOrEqual(20);
  });

  it("shows a stopped instance's member in ERROR", async () => {
    await world.stack.api.instance.stop.mutate({ id: world.stack.web1.id });
    const pool = (await world.stack.api.pool.list.query({ name: "p1" })).items[0];
    await eventually(async () => {
      const members = (await world.stack.api.member.list.query({ pool_id: pool?.id ?? "" })).items;
      return members.find((m) => m.address === world.stack.web1.fixed_ip)?.operating_status === "ERROR" ? true : undefined;
    }, 30_000, "web1's member in ERROR");
    const members = await world.cli.json<Json[]>(demo, ["loadbalancer", "member", "list", "p1"]);
    expect(members.map((m) => [m.name, m.operating_status]).sort()).toEqual([
      ["web1", "ERROR"],
      ["web2", "ONLINE"],
    ]);
    await world.stack.api.instance.start.mutate({ id: world.stack.web1.id });
  });
});

describe("L7 and TLS through the CLI", { timeout: 240_000 }, () => {
  it("routes /api to another pool with an l7policy REDIRECT_TO_POOL and a PATH STARTS_WITH rule", async () => {
    await world.cli.json(demo, ["loadbalancer", "pool", "create", "--name", "p2", "--protocol", "HTTP", "--lb-algorithm", "ROUND_ROBIN", "--loadbalancer", "lb1", "--wait"]);
    await world.cli.json(demo, ["loadbalancer", "member", "create", "--address", world.stack.web3.fixed_ip, "--subnet-id", "selfservice-subnet", "--protocol-port", "80", "--wait", "p2"]);
    const policy = await world.cli.json(demo, ["loadbalancer", "l7policy", "create", "--name", "api", "--action", "REDIRECT_TO_POOL", "--redirect-pool", "p2", "--wait", "l1"]);
    expect(policy).toMatchObject({ name: "api", action: "REDIRECT_TO_POOL", position: 1, provisioning_status: "ACTIVE" });
    // No --wait: octaviaclient 3.1.0's `l7rule create --wait` reads the new rule back with the
    // policy and rule ids swapped, which any Octavia answers 404 (after creating the rule).
    const rule = await world.cli.json(demo, ["loadbalancer", "l7rule", "create", "--type", "PATH", "--compare-type", "STARTS_WITH", "--value", "/api", "api"]);
    expect(rule).toMatchObject({ type: "PATH", compare_type: "STARTS_WITH", value: "/api", invert: false, provisioning_status: "PENDING_CREATE" });
    await eventually(async () => ((await world.stack.caller.l7Rule.get({ id: String(rule.id) })).provisioning_status === "ACTIVE" ? true : undefined), 30_000, "the rule ACTIVE");
    // The policy lists its rules by id (the CLI prints them one a line).
    expect(await world.cli.json(demo, ["loadbalancer", "l7policy", "show", "api"])).toMatchObject({ rules: String(rule.id), operating_status: "ONLINE" });

    const api = await eventually(async () => {
      const bodies = await fetchBodies(`http://${floating}/api/users`, 4);
      return bodies.every((b) => b === "web3") ? bodies : undefined;
    }, 20_000, "/api answered by p2");
    expect(api).toEqual(["web3", "web3", "web3", "web3"]);
    // Everything else still goes to the listener's default pool.
    expect(new Set(await bothMembers(floating))).toEqual(new Set(["web1", "web2"]));
  });

  it("creates a TERMINATED_HTTPS listener from a secret ref, and serves HTTPS through the floating IP", async () => {
    const ca = testCa("CLI Test CA");
    const secret = await world.stack.api.secret.create.mutate({ name: "www", payload: pemBundle(ca.issue({ cn: "www.example.test", sans: ["www.example.test"] })), payload_content_type: "text/plain" });
    const listener = await world.cli.json(demo, [
      "loadbalancer", "listener", "create", "--name", "tls", "--protocol", "TERMINATED_HTTPS", "--protocol-port", "443",
      "--default-tls-container-ref", secret.secret_ref, "--default-pool", "p2", "--wait", "lb1",
    ]);
    expect(listener).toMatchObject({ protocol: "TERMINATED_HTTPS", protocol_port: 443, default_tls_container_ref: secret.secret_ref, provisioning_status: "ACTIVE" });

    const answer = await eventually(() => httpsGet(floating, ca.cert, "www.example.test").catch(() => undefined), 20_000, "HTTPS through the floating IP");
    expect(answer).toEqual({ status: 200, body: "web3", subject: "www.example.test" });
  });
});

describe("refusals through the CLI", { timeout: 120_000 }, () => {
  const refused = async (user: CliUser, args: string[], message: string) => {
    const result = await world.cli.run(user, args);
    expect(result.exitCode, result.stdout).toBe(1);
    expect(result.stderr).toContain(message);
  };

  it("a listener on a port already taken (409)", async () => {
    await refused(demo, ["loadbalancer", "listener", "create", "--protocol", "TCP", "--protocol-port", "80", "lb1"], "Another Listener on this Load Balancer is already using protocol TCP and protocol_port 80 (HTTP 409)");
  });

  it("a second health monitor on a pool (409)", async () => {
    await refused(demo, ["loadbalancer", "healthmonitor", "create", "--delay", "2", "--timeout", "1", "--max-retries", "2", "--type", "TCP", "p1"], "This pool already has a health monitor (HTTP 409)");
  });

  it("a member address where the control plane answers (400)", async () => {
    await refused(demo, ["loadbalancer", "member", "create", "--address", "169.254.169.254", "--protocol-port", "80", "p1"], "169.254.169.254 is not a valid option for member address: it is an address of the control plane. (HTTP 400)");
  });

  it("a load balancer that does not exist", async () => {
    await refused(demo, ["loadbalancer", "show", "no-such-lb"], "Unable to locate no-such-lb in loadbalancers");
  });

  it("a reader's create (403)", async () => {
    await refused(viewer, ["loadbalancer", "create", "--name", "nope", "--vip-subnet-id", "selfservice-subnet"], "Policy does not allow this request to be performed. (HTTP 403)");
  });

  it("a create over the quota an admin set (403)", async () => {
    const quota = await world.cli.json(admin, ["loadbalancer", "quota", "set", "--loadbalancer", "1", "demo"]);
    expect(quota).toMatchObject({ load_balancer: 1 });
    await refused(demo, ["loadbalancer", "create", "--name", "lb2", "--vip-subnet-id", "selfservice-subnet"], "Quota has been met for resources: Load Balancer (HTTP 403)");
    expect((await world.cli.run(admin, ["loadbalancer", "quota", "reset", "demo"])).exitCode).toBe(0);
    expect(await world.cli.json(demo, ["loadbalancer", "quota", "show", "demo"])).toMatchObject({ load_balancer: -1 });
  });
});

describe("an admin through the CLI", { timeout: 240_000 }, () => {
  it("lists the amphorae and fails one over; the load balancer serves on", async () => {
    const amphorae = await world.cli.json<Json[]>(admin, ["loadbalancer", "amphora", "list"]);
    const lbId = (await world.stack.caller.loadBalancer.list({ name: "lb1" })).items[0]?.id;
    const amphora = amphorae.find((a) => a.loadbalancer_id === lbId);
    expect(amphora).toMatchObject({ status: "ALLOCATED", role: "STANDALONE" });
    const masterBefore = (await world.stack.driver.status(lbId ?? "")).pid;
    const failover = await world.cli.run(admin, ["loadbalancer", "amphora", "failover", "--wait", String(amphora?.id)]);
    expect(failover.exitCode, failover.stderr).toBe(0);
    expect((await world.stack.driver.status(lbId ?? "")).pid).not.toBe(masterBefore);
    const lb = await world.stack.caller.loadBalancer.get({ id: lbId ?? "" });
    expect(lb.provisioning_status).toBe("ACTIVE");
    expect(new Set(await bothMembers(floating))).toEqual(new Set(["web1", "web2"]));
    // The new amphora, placed on the host: `amphora show` prints the host's id and agent address.
    const [host] = await world.stack.api.amphoraHost.list.query();
    const replaced = (await world.cli.json<Json[]>(admin, ["loadbalancer", "amphora", "list"])).find((a) => a.loadbalancer_id === lbId);
    const shown = await world.cli.json<Json>(admin, ["loadbalancer", "amphora", "show", String(replaced?.id)]);
    expect(shown).toMatchObject({ compute_id: host?.id, lb_network_ip: "127.0.0.1", loadbalancer_id: lbId });
  });

  it("is refused the amphorae as a member", async () => {
    const result = await world.cli.run(demo, ["loadbalancer", "amphora", "list"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Policy does not allow this request to be performed. (HTTP 403)");
  });
});

describe("deleting through the CLI", { timeout: 120_000 }, () => {
  it("deletes the load balancer with its tree and waits until it is gone", async () => {
    const lbId = (await world.stack.caller.loadBalancer.list({ name: "lb1" })).items[0]?.id ?? "";
    const result = await world.cli.run(demo, ["loadbalancer", "delete", "--cascade", "--wait", "lb1"]);
    expect(result.exitCode, result.stderr).toBe(0);
    await expect(world.stack.caller.loadBalancer.get({ id: lbId })).rejects.toThrow(`Load Balancer ${lbId} not found.`);
    expect((await world.stack.driver.status(lbId)).running).toBe(false);
    expect(await world.cli.json<Json[]>(demo, ["loadbalancer", "list"])).toEqual([]);
  });
});
