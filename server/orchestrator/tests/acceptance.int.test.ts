import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRunningHaproxy } from "@/amphora/process-table";
import { namespaceName } from "@/server/network/names";
import { webGraph } from "@/server/testing/fixtures";
import { curlFrom } from "@/server/testing/probe";
import { type Stack, eventually, fetchBodies, startStack } from "@/server/testing/stack";

// The acceptance of a load balancer, through the tRPC HTTP endpoint of a started stack, real
// HAProxy in its amphora's namespace, real instance servers in theirs, and real HTTP: from the
// test process through a floating IP (the router's DNAT to the VIP), from inside the cloud to
// the VIP itself.

let stack: Stack;
/** Set by a test to make the next apply carry a directive HAProxy refuses. */
let spoilNextConfig = false;

beforeAll(async () => {
  stack = await startStack({
    wrapDriver: (driver) => ({
      ...driver,
      apply: (lbId, text, reason, beforeReload) => {
        if (!spoilNextConfig) return driver.apply(lbId, text, reason, beforeReload);
        spoilNextConfig = false;
        return driver.apply(lbId, `${text}\nbackend spoiled\n    this-is-not-a-directive\n`, reason, beforeReload);
      },
    }),
  });
});
afterAll(() => stack?.close());

async function statusOf(lbId: string) {
  return (await stack.api.loadBalancer.statusTree.query({ id: lbId })).loadbalancer;
}

const untilActive = (lbId: string) => stack.untilActive(lbId);

const alternates = (bodies: string[]) => bodies.every((b, i) => i === 0 || b !== bodies[i - 1]);

describe("a load balancer carrying real traffic", () => {
  let lbId = "";
  let vipPortId = "";
  /** The VIP on the tenant subnet: only the cloud's own namespaces reach it. */
  let vip = "";
  /** Where the test process sends: the floating IP associated with the VIP. */
  let entry = "";
  let poolId = "";

  it("graph create reaches ACTIVE, and the stream shows PENDING_CREATE then ACTIVE", async () => {
    const watching = stack.watchEvents({}, (events) =>
      events.some((e) => e.resource_type === "loadbalancer" && e.provisioning_status === "ACTIVE"),
    );
    await new Promise((r) => setTimeout(r, 200)); // the SSE stream is open before the create
    const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "acceptance" }));
    lbId = lb.id;
    vipPortId = lb.vip_port_id!;
    vip = lb.vip_address!;
    entry = await stack.reach(lb);
    poolId = lb.pools[0]!.id;
    const events = (await watching).filter((e) => e.resource_type === "loadbalancer" && e.resource_id === lbId);
    expect(events.map((e) => e.provisioning_status)).toEqual(["PENDING_CREATE", "ACTIVE"]);
    await untilActive(lbId);
  });

  it("answers web1 and web2 alternately through the VIP", async () => {
    const bodies = await eventually(async () => {
      const b = await fetchBodies(`http://${entry}/`, 10);
      return new Set(b).size === 2 ? b : undefined;
    }, 10_000, "both members serving");
    expect(new Set(bodies)).toEqual(new Set(["web1", "web2"]));
    expect(alternates(bodies)).toBe(true);
  });

  it("takes a stopped instance out of rotation, shows it ERROR and DEGRADED live, and brings it back", async () => {
    const seen = (events: { resource_type: string; operating_status: string }[], type: string, status: string) =>
      events.some((e) => e.resource_type === type && e.operating_status === status);
    const degraded = stack.watchEvents({ loadbalancer_id: lbId }, (events) =>
      ["member:ERROR", "pool:DEGRADED", "loadbalancer:DEGRADED"].every((k) => seen(events, ...(k.split(":") as [string, string]))),
    );
    await new Promise((r) => setTimeout(r, 200));
    await stack.api.instance.stop.mutate({ id: stack.web2.id });
    const events = await degraded;
    expect(seen(events, "member", "ERROR") && seen(events, "pool", "DEGRADED")).toBe(true);
    const tree = await statusOf(lbId);
    expect(tree.operating_status).toBe("DEGRADED");
    const web2 = tree.listeners[0]!.pools[0]!.members.find((m) => m.address === stack.web2.fixed_ip);
    expect(web2?.operating_status).toBe("ERROR");
    expect(await fetchBodies(`http://${entry}/`, 6)).toEqual(Array(6).fill("web1"));

    await stack.api.instance.start.mutate({ id: stack.web2.id });
    await eventually(async () => ((await statusOf(lbId)).operating_status === "ONLINE" ? true : undefined), 15_000, "ONLINE");
    const members = (await statusOf(lbId)).listeners[0]!.pools[0]!.members;
    expect(members.every((m) => m.operating_status === "ONLINE")).toBe(true);
    // Round robin may give a returning server two turns in a row once; then it alternates.
    const bodies = await eventually(async () => {
      const b = await fetchBodies(`http://${entry}/`, 10);
      return alternates(b) ? b : undefined;
    }, 5_000, "alternation");
    expect(new Set(bodies)).toEqual(new Set(["web1", "web2"]));
  });

  it("balances through an associated floating IP, and refuses once it is disassociated", async () => {
    // The floating IP the tests above came in by goes: the router drops its DNAT at the pass the
    // change announces. It is the network's change: the load balancer is not locked.
    const reached = (await stack.api.floatingIp.list.query()).find((f) => f.port_id === vipPortId)!;
    expect(reached.floating_ip_address).toBe(entry);
    expect((await stack.api.floatingIp.disassociate.mutate({ id: reached.id })).status).toBe("DOWN");
    expect((await stack.api.loadBalancer.get.query({ id: lbId })).provisioning_status).toBe("ACTIVE");
    await stack.network.pass();
    await expect(fetch(`http://${reached.floating_ip_address}/`, { signal: AbortSignal.timeout(3000) })).rejects.toThrow();
    // The VIP itself still serves, to a machine on its network.
    const web3 = namespaceName(stack.net.prefix, "instance", stack.web3.id);
    const inside = await curlFrom(web3, `http://${vip}/`);
    expect({ status: inside.status, body: inside.body.trim() }).toMatchObject({ status: 200, body: expect.stringMatching(/^web[12]$/) });
    await stack.api.floatingIp.release.mutate({ id: reached.id });

    // A new one is DOWN until the router carries it, then ACTIVE, and balances as the VIP does.
    const fip = await stack.api.floatingIp.allocate.mutate({ floating_network_id: stack.publicSubnet.network_id });
    expect((await stack.api.floatingIp.associate.mutate({ id: fip.id, port_id: vipPortId })).status).toBe("DOWN");
    expect((await stack.api.loadBalancer.get.query({ id: lbId })).provisioning_status).toBe("ACTIVE");
    entry = await stack.reach({ vip_port_id: vipPortId });
    expect(entry).toBe(fip.floating_ip_address);
    const bodies = await fetchBodies(`http://${entry}/`, 10);
    expect(new Set(bodies)).toEqual(new Set(["web1", "web2"]));
    expect(alternates(bodies)).toBe(true);
  });

  it("adds a member under load with zero failed requests and no new HAProxy master", async () => {
    const masterBefore = (await stack.driver.status(lbId)).pid;
    expect(masterBefore).toBeGreaterThan(0);
    let stop = false;
    let ok = 0;
    const failures: string[] = [];
    const deadline = Date.now() + 15_000;
    const load = Array.from({ length: 4 }, async () => {
      while (!stop && Date.now() < deadline && ok + failures.length < 5_000) {
        try {
          const res = await fetch(`http://${entry}/`, { signal: AbortSignal.timeout(5000) });
          if (res.status === 200) ok++;
          else failures.push(`status ${res.status}`);
          await res.text();
        } catch (err) {
          failures.push(String(err));
        }
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    const member = await stack.api.member.create.mutate({ pool_id: poolId, address: stack.web3.fixed_ip, protocol_port: 80 });
    await untilActive(lbId);
    await eventually(async () => {
      const m = await stack.api.member.get.query({ id: member.id });
      return m.operating_status === "ONLINE" ? m : undefined;
    }, 15_000, "web3 ONLINE");
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(load);
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(20);
    expect((await stack.driver.status(lbId)).pid).toBe(masterBefore);
    expect(new Set(await fetchBodies(`http://${entry}/`, 9))).toEqual(new Set(["web1", "web2", "web3"]));
  });

  it("counts the traffic in loadBalancer.stats and lists the amphora for the admin", async () => {
    await fetchBodies(`http://${entry}/`, 5);
    const { stats } = await stack.api.loadBalancer.stats.query({ id: lbId });
    expect(stats.total_connections).toBeGreaterThanOrEqual(5);
    expect(stats.bytes_in).toBeGreaterThan(0);
    expect(stats.bytes_out).toBeGreaterThan(0);
    const amphora = (await stack.api.amphora.list.query()).find((a) => a.loadbalancer_id === lbId);
    expect(amphora).toMatchObject({ status: "ALLOCATED", role: "STANDALONE", pid: (await stack.driver.status(lbId)).pid });
    expect(amphora?.config_hash).toMatch(/^[0-9a-f]{64}$/);
    // The member added before went in through the runtime API: the last reload is older than it.
    expect(amphora?.last_reload_reason).toMatch(/\w/);
    expect(amphora?.last_reload_reason).not.toMatch(/member .* created/);
  });

  it("applies a weight change at runtime: the change goes ACTIVE with no reload", async () => {
    const { pid } = await stack.driver.status(lbId);
    const before = (await stack.api.amphora.list.query()).find((a) => a.loadbalancer_id === lbId);
    const web1 = (await stack.api.member.list.query({ pool_id: poolId })).items.find((m) => m.address === stack.web1.fixed_ip)!;
    await stack.api.member.update.mutate({ id: web1.id, weight: 2 });
    await untilActive(lbId);
    const after = (await stack.api.amphora.list.query()).find((a) => a.loadbalancer_id === lbId);
    expect(after?.config_hash).not.toBe(before?.config_hash);
    expect(after?.last_reload_at).toBe(before?.last_reload_at);
    expect((await stack.driver.status(lbId)).pid).toBe(pid);
    const row = (await stack.driver.counters(lbId)).stats.find((r) => r.type === "server" && r.svname === web1.id);
    expect(row?.weight).toBe(2);
    // Weighted round robin: web1 now takes half of the requests, web2 and web3 a quarter each.
    const bodies = await fetchBodies(`http://${entry}/`, 40);
    const count = (name: string) => bodies.filter((b) => b === name).length;
    expect(count("web1")).toBeGreaterThan(count("web2") + 5);
    expect(count("web1")).toBeGreaterThan(count("web3") + 5);
  });

  it("keeps the running config when HAProxy refuses a new one: the change goes ERROR with a reason", async () => {
    const masterBefore = (await stack.driver.status(lbId)).pid;
    spoilNextConfig = true;
    const member = await stack.api.member.update.mutate({ id: (await stack.api.member.list.query({ pool_id: poolId })).items[2]!.id, weight: 7 });
    await untilActive(lbId);
    const failed = await stack.api.member.get.query({ id: member.id });
    expect(failed.provisioning_status).toBe("ERROR");
    const events = await stack.api.loadBalancer.events.query({ id: lbId });
    const reason = events.find((e) => e.resource_id === member.id && e.provisioning_status === "ERROR")?.reason ?? "";
    expect(reason).toMatch(/this-is-not-a-directive|unknown keyword/);
    expect(fs.existsSync(`${stack.driver.paths(lbId).config}.failed`) || fs.readdirSync(stack.driver.paths(lbId).dir).some((f) => f.includes("failed"))).toBe(true);
    expect((await stack.driver.status(lbId)).pid).toBe(masterBefore);
    expect(new Set(await fetchBodies(`http://${entry}/`, 9))).toEqual(new Set(["web1", "web2", "web3"]));
  });

  it("restarts an HAProxy killed with SIGKILL, and traffic resumes", async () => {
    const { pid } = await stack.driver.status(lbId);
    process.kill(pid!, "SIGKILL");
    const restarted = await eventually(async () => {
      const s = await stack.driver.status(lbId);
      return s.running && s.pid !== pid ? s : undefined;
    }, 15_000, "HAProxy restarted");
    expect(restarted.pid).not.toBe(pid);
    // The event is written once the new HAProxy answers, a moment after its pid appears.
    const restartEvent = await eventually(async () => {
      const events = await stack.api.loadBalancer.events.query({ id: lbId });
      return events.find((e) => e.resource_type === "loadbalancer" && /restarted/.test(e.reason ?? ""));
    }, 10_000, "the restart event");
    expect(restartEvent.provisioning_status).toBe("ACTIVE");
    // web3's member went ERROR in the test before: a child in ERROR is left out of every config
    // rendered after, this restart's included, until it is changed or deleted.
    expect(new Set(await eventually(async () => fetchBodies(`http://${entry}/`, 8).catch(() => undefined), 10_000, "traffic"))).toEqual(
      new Set(["web1", "web2"]),
    );
  });

  it("cascade delete stops HAProxy, releases the VIP and floating IP, and the load balancer is gone", async () => {
    const fip = (await stack.api.floatingIp.list.query()).find((f) => f.floating_ip_address === entry)!;
    expect(fip).toMatchObject({ port_id: vipPortId, status: "ACTIVE" });
    const { pid } = await stack.driver.status(lbId);
    await stack.api.loadBalancer.delete.mutate({ id: lbId, cascade: true });
    await eventually(
      () => stack.api.loadBalancer.get.query({ id: lbId }).then(() => undefined, (err: { data?: { code?: string } }) => err.data?.code),
      15_000,
      "NOT_FOUND",
    ).then((code) => expect(code).toBe("NOT_FOUND"));
    expect(await isRunningHaproxy(pid!, stack.driver.paths(lbId).config)).toBe(false);
    expect((await stack.driver.status(lbId)).running).toBe(false);
    const fipAfter = (await stack.api.floatingIp.list.query()).find((f) => f.id === fip.id);
    expect(fipAfter).toMatchObject({ port_id: null, status: "DOWN" });
    // Nothing answers at it once the router has dropped its DNAT.
    await stack.network.pass();
    await expect(fetch(`http://${entry}/`, { signal: AbortSignal.timeout(3000) })).rejects.toThrow();
    // The VIP is free again: asking for that exact address succeeds.
    const again = await stack.api.loadBalancer.create.mutate({ vip_subnet_id: stack.selfservice.id, vip_address: vip });
    expect(again.vip_address).toBe(vip);
    await untilActive(again.id);
    await stack.api.loadBalancer.delete.mutate({ id: again.id });
  });
});

describe("crash safety", () => {
  it("a load balancer left PENDING_CREATE by a stopped control plane ends ACTIVE with exactly one HAProxy", async () => {
    await stack.stopController();
    const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "crash" }));
    await new Promise((r) => setTimeout(r, 500));
    expect((await stack.api.loadBalancer.get.query({ id: lb.id })).provisioning_status).toBe("PENDING_CREATE");
    stack.startController();
    await untilActive(lb.id);
    const pids = fs
      .readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes(stack.driver.paths(lb.id).dir);
        } catch {
          return false;
        }
      });
    // One master and its worker(s), all of one process tree under one master.
    const masters = pids.filter((p) => {
      const ppid = fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ")[1]!;
      return !pids.includes(ppid);
    });
    expect(masters).toHaveLength(1);
    const entry = await stack.reach(lb);
    expect(new Set(await eventually(async () => fetchBodies(`http://${entry}/`, 6).catch(() => undefined), 10_000, "traffic")).size).toBe(2);
  });
});
