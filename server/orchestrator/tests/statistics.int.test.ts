import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedStatistics } from "@/server/services/statistics";
import { webGraph } from "@/server/testing/fixtures";
import { type Stack, eventually, fetchBodies, startStack } from "@/server/testing/stack";

// Statistics last: what a worker counted is kept when a reload, a failover or a restart replaces
// it, as Octavia keeps totals in its database. Real HAProxy, real requests through the VIP
// (from the test process, by way of its floating IP).

let stack: Stack;
beforeAll(async () => {
  // Short reads, so the heartbeats bring the totals up to date (and sampled) in the test's time.
  stack = await startStack({ statsIntervalMs: 300 });
});
afterAll(() => stack?.close());

const untilActive = (id: string) => stack.untilActive(id);

describe("listener statistics", () => {
  it("survive a listener change, a failover and an amphora restart, and are sampled for the charts", async () => {
    const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "stats" }));
    const listenerId = lb.listeners[0]!.id;
    await untilActive(lb.id);
    const vip = `http://${await stack.reach(lb)}/`; // the floating IP the router DNATs to the VIP
    const listenerTotals = async () => (await stack.api.listener.stats.query({ id: listenerId })).stats;

    await fetchBodies(vip, 10);
    const first = await listenerTotals();
    expect(first.total_connections).toBe(10);
    expect(first.bytes_out).toBeGreaterThan(0);

    // A listener change reloads HAProxy: a new worker, counting from zero.
    const pidBefore = (await stack.driver.counters(lb.id)).worker_pid;
    await stack.api.listener.update.mutate({ id: listenerId, timeout_client_data: 40_000 });
    await untilActive(lb.id);
    expect((await stack.driver.counters(lb.id)).worker_pid).not.toBe(pidBefore);
    expect(await listenerTotals()).toMatchObject({ total_connections: 10, bytes_out: first.bytes_out });

    await fetchBodies(vip, 5);
    expect((await listenerTotals()).total_connections).toBe(15);

    // A failover replaces the amphora.
    await stack.api.loadBalancer.failover.mutate({ id: lb.id });
    await untilActive(lb.id);
    await fetchBodies(vip, 3);
    const afterFailover = await listenerTotals();
    expect(afterFailover.total_connections).toBe(18);

    // The load balancer's stats are the sum over its listeners.
    const lbStats = await stack.api.loadBalancer.stats.query({ id: lb.id });
    expect(lbStats.stats.total_connections).toBe(18);
    expect(lbStats.listeners[listenerId]).toEqual(afterFailover);

    // The controller keeps the totals on its own: once it has read them, they hold with no amphora at all.
    await eventually(async () => {
      const history = await stack.api.loadBalancer.statsHistory.query({ id: lb.id });
      const series = history.listeners[listenerId] ?? [];
      return series.some((p) => p.connections_per_second > 0) ? history : undefined;
    }, 10_000, "a sample with traffic");
    await eventually(async () => ((await storedTotal(lb.id, listenerId)) === 18 ? true : undefined), 10_000, "stored totals");
    await stack.stopController();
    await stack.driver.stop(lb.id);
    expect((await listenerTotals()).total_connections).toBe(18);
    stack.startController();
    await eventually(async () => ((await stack.driver.status(lb.id)).running ? true : undefined), 20_000, "amphora restarted");
    await fetchBodies(vip, 2);
    expect((await listenerTotals()).total_connections).toBe(20);

    await stack.api.loadBalancer.delete.mutate({ id: lb.id, cascade: true });
  });
});

async function storedTotal(lbId: string, listenerId: string): Promise<number | undefined> {
  return (await storedStatistics(stack.db, lbId)).get(listenerId)?.total_connections;
}
