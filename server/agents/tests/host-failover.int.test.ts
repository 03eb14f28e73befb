import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { namespaceListed } from "@/server/network/iproute";
import { namespaceName } from "@/server/network/names";
import { failOverDownHosts } from "@/server/orchestrator/host-failover";
import { webGraph } from "@/server/testing/fixtures";
import { watchOutage } from "@/server/testing/outage";
import { eventually, type Stack, startStack } from "@/server/testing/stack";
import { startWrk } from "@/server/testing/wrk";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";

// Two amphora hosts, each with its own agent and HAProxies. A host that is drained, that falls
// silent, or that dies as a power cut would, has its load balancers rebuilt on the other host
// from the database, serving again through the same floating IPs; a host that comes back finds
// its stale copies removed; and with no host to go to, nothing is torn down.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ hosts: 2 });
});
afterAll(() => stack?.close());

const hostRow = async (name: string) => (await stack.api.amphoraHost.list.query()).find((h) => h.name === name)!;
const amphoraOf = async (lbId: string) => (await stack.api.amphora.list.query()).find((a) => a.loadbalancer_id === lbId)!;
const [A, B] = ["local", "local-2"];

/** Load balancers made while only `on` takes amphorae, so they all land there; each reachable by its floating IP. */
async function createOn(on: string, names: string[]) {
  const other = await hostRow(on === A ? B : A);
  await stack.api.amphoraHost.update.mutate({ id: other.id, enabled: false });
  try {
    const made = [];
    for (const name of names) {
      const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name }));
      await stack.untilActive(lb.id);
      made.push({ id: lb.id, url: `http://${await stack.reach(lb)}/`, amphora: await amphoraOf(lb.id) });
    }
    for (const lb of made) expect(lb.amphora.host_name).toBe(on);
    return made;
  } finally {
    await stack.api.amphoraHost.update.mutate({ id: other.id, enabled: true });
  }
}

/** Once the load balancer is ACTIVE with a new amphora on `host`. */
const untilMovedTo = (lbId: string, host: string, oldAmphora: string) =>
  eventually(async () => {
    const [lb, amphora] = [await stack.api.loadBalancer.get.query({ id: lbId }), await amphoraOf(lbId)];
    return lb.provisioning_status === "ACTIVE" && amphora?.host_name === host && amphora.id !== oldAmphora && amphora.status === "ALLOCATED" ? amphora : undefined;
  }, 30_000, `load balancer ${lbId} ACTIVE on ${host}`);

const host = (name: string) => stack.hosts.find((h) => h.name === name)!;

describe("amphora host failover", () => {
  it("drains a host: its load balancers move to the other host and serve there; it takes nothing new", async () => {
    const [lb] = await createOn(A, ["drained"]);
    const outage = watchOutage(lb!.url);
    const drained = await stack.api.amphoraHost.drain.mutate({ id: (await hostRow(A)).id });
    expect(drained).toMatchObject({ enabled: false, draining: true });
    await untilMovedTo(lb!.id, B, lb!.amphora.id);
    await outage.recovered(10_000);
    const seen = await outage.stop();
    console.log(`drain: ${seen.failed} of ${seen.ok + seen.failed} requests failed, gap ${seen.gapMs} ms`);
    expect((await fetch(lb!.url)).status).toBe(200);
    expect(await hostRow(A)).toMatchObject({ amphorae: 0, state: "DISABLED" });
    // The old copy was stopped through A's agent, which is up.
    expect(await host(A).driver.list()).not.toContain(lb!.id);
    // Enabled again, the drain is over.
    expect(await stack.api.amphoraHost.update.mutate({ id: (await hostRow(A)).id, enabled: true })).toMatchObject({ draining: false, state: "UP" });
    await stack.api.loadBalancer.delete.mutate({ id: lb!.id, cascade: true });
  });

  it("a drain is for admins only", async () => {
    const member = createCaller(createInnerContext({ db: stack.db, projectId: stack.projectId, feed: stack.feed, isAdmin: false }));
    await expect(member.amphoraHost.drain({ id: (await hostRow(A)).id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await hostRow(A)).toMatchObject({ enabled: true, draining: false });
  });

  it("a silent host: nothing moves while no host could take its amphorae; then they move, and its stale copies go when it is back", async () => {
    const [lb] = await createOn(A, ["stranded"]);
    const b = await hostRow(B);
    await stack.api.amphoraHost.update.mutate({ id: b.id, enabled: false });
    // A's agent stops sending heartbeats; its HAProxies go on serving.
    host(A).agent!.sender.stop();
    await eventually(async () => ((await hostRow(A)).state === "DOWN" ? true : undefined), 15_000, "host A DOWN");
    // No host could take the amphora: the load balancer is left as it is, and serves.
    expect(await failOverDownHosts(stack.db, stack.hosts.map((h) => h.id), () => undefined)).toBe(0);
    expect(await stack.api.loadBalancer.get.query({ id: lb!.id })).toMatchObject({ provisioning_status: "ACTIVE" });
    expect(await amphoraOf(lb!.id)).toMatchObject({ id: lb!.amphora.id, host_name: A });
    expect((await fetch(lb!.url)).status).toBe(200);

    // B takes amphorae again: the load balancer fails over to it, saying why.
    const events = stack.watchEvents({ loadbalancer_id: lb!.id }, (seen) => seen.some((e) => e.resource_type === "loadbalancer" && e.provisioning_status === "ACTIVE"));
    await stack.api.amphoraHost.update.mutate({ id: b.id, enabled: true });
    await untilMovedTo(lb!.id, B, lb!.amphora.id);
    const lbEvents = (await events).filter((e) => e.resource_type === "loadbalancer");
    expect(lbEvents.map((e) => e.provisioning_status)).toEqual(["PENDING_UPDATE", "ACTIVE"]);
    expect(lbEvents[0]!.reason).toBe(`amphora host ${A} is DOWN: failing its amphora over to another host`);
    expect(await eventually(async () => ((await fetch(lb!.url)).status === 200 ? true : undefined), 10_000, "served from B")).toBe(true);
    // A still runs its copy's HAProxy (nobody could tell it otherwise), fenced as this machine's
    // host: its amphora's namespace is gone from A, so it answers for the VIP no more.
    expect(await host(A).driver.list()).toContain(lb!.id);
    expect(await namespaceListed(namespaceName(stack.net.prefix, "amphora", lb!.amphora.id))).toBe(false);

    // A is heard again: its copy is removed, not started twice.
    await stack.heartbeats!.watch(host(A).id, host(A).agent!.client);
    await eventually(async () => ((await hostRow(A)).state === "UP" ? true : undefined), 10_000, "host A UP");
    await eventually(async () => (!(await host(A).driver.list()).includes(lb!.id) ? true : undefined), 10_000, "A's stale copy stopped");
    expect(await host(B).driver.status(lb!.id)).toMatchObject({ running: true });
    expect((await fetch(lb!.url)).status).toBe(200);
    await stack.api.loadBalancer.delete.mutate({ id: lb!.id, cascade: true });
  });

  it("a host that dies (agent and every HAProxy killed) under load: each of its load balancers is rebuilt on the other host and serves again", async () => {
    const lbs = await createOn(A, ["cut-1", "cut-2", "cut-3"]);
    const outages = lbs.map((lb) => watchOutage(lb.url));
    const load = startWrk(lbs[0]!.url);
    await load.started();
    await stack.powerCut(host(A));
    for (const lb of lbs) await untilMovedTo(lb.id, B, lb.amphora.id);
    await Promise.all(outages.map((o) => o.recovered(15_000)));
    const seen = await Promise.all(outages.map((o) => o.stop()));
    const wrk = await load.stop();
    console.table(lbs.map((lb, i) => ({ load_balancer: lb.id, failed: seen[i]!.failed, answered: seen[i]!.ok, outage_ms: seen[i]!.gapMs })));
    console.log(`wrk through ${lbs[0]!.url}: ${wrk.requests} requests, ${wrk.socketErrors} socket errors, ${wrk.non2xx} not 2xx`);
    expect(await hostRow(A)).toMatchObject({ state: "DOWN" });
    for (const lb of lbs) expect((await fetch(lb.url)).status).toBe(200);
    // Statistics are read from the host each load balancer runs on now: B's worker counted the requests just made.
    const stats = await stack.api.loadBalancer.stats.query({ id: lbs[1]!.id });
    expect(stats.stats.total_connections).toBeGreaterThan(0);
    expect(wrk.requests).toBeGreaterThan(0);
    for (const lb of lbs) await stack.api.loadBalancer.delete.mutate({ id: lb.id, cascade: true });
  });
});
