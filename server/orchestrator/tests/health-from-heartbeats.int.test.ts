import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AmphoraDriver } from "@/amphora/driver";
import { webGraph } from "@/server/testing/fixtures";
import { type Stack, eventually, fetchBodies, startStack } from "@/server/testing/stack";

// Health and statistics come from the hosts' heartbeats, as Octavia's health manager has them:
// here the controller cannot read any amphora's stats through its host (its client refuses),
// and no health log pushes anything; still a member's status follows its server and the
// listener's totals follow its traffic. A host is asked whether an amphora runs only when its
// heartbeats leave that amphora out: for a killed HAProxy, which is then restarted.

/** Which amphorae the controller asked their host about, per question. */
const asked: string[][] = [];
/** The controller's client of each host: stats reads refused, questions about what runs counted. */
const refusingReads = (driver: AmphoraDriver): AmphoraDriver => ({
  ...driver,
  running: async (known) => {
    asked.push(Object.keys(known));
    return driver.running(known);
  },
  counters: async () => {
    throw new Error("this test's hosts answer no stats read");
  },
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ wrapDriver: refusingReads, controller: { healthLog: undefined }, statsIntervalMs: 300 });
});
afterAll(() => stack?.close());

const memberStatus = async (lbId: string, address: string) => {
  const lb = await stack.caller.loadBalancer.get({ id: lbId });
  const members = (await stack.caller.member.list({ pool_id: lb.pools[0]!.id })).items;
  return members.find((m) => m.address === address)?.operating_status;
};
const until = (lbId: string, address: string, status: string) =>
  eventually(async () => ((await memberStatus(lbId, address)) === status ? true : undefined), 20_000, `${address} ${status}`);

describe("health from heartbeats", () => {
  it("follows a member's server, counts the traffic, and restarts a killed HAProxy, with no read of any host", async () => {
    const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "heard" }));
    await stack.untilActive(lb.id);
    await until(lb.id, stack.web1.fixed_ip, "ONLINE");
    await until(lb.id, stack.web2.fixed_ip, "ONLINE");

    await stack.api.instance.stop.mutate({ id: stack.web1.id });
    await until(lb.id, stack.web1.fixed_ip, "ERROR");
    expect((await stack.caller.loadBalancer.get({ id: lb.id })).operating_status).toBe("DEGRADED");
    await stack.api.instance.start.mutate({ id: stack.web1.id });
    await until(lb.id, stack.web1.fixed_ip, "ONLINE");

    // The stats API reads the stored totals here (its live read is refused too).
    const vip = `http://${await stack.reach(lb)}/`;
    await fetchBodies(vip, 6);
    const listenerId = lb.listeners[0]!.id;
    const totals = await eventually(async () => {
      const { stats } = await stack.api.listener.stats.query({ id: listenerId });
      return stats.total_connections >= 6 ? stats : undefined;
    }, 20_000, "the listener's totals from the heartbeats");
    expect(totals.total_connections).toBe(6);
    expect(totals.bytes_out).toBeGreaterThan(0);

    const { pid } = await stack.driver.status(lb.id);
    process.kill(pid!, "SIGKILL");
    await eventually(async () => {
      const s = await stack.driver.status(lb.id);
      return s.running && s.pid !== pid ? true : undefined;
    }, 20_000, "HAProxy restarted");
    await until(lb.id, stack.web2.fixed_ip, "ONLINE");
    expect(new Set(await eventually(() => fetchBodies(vip, 4).catch(() => undefined), 10_000, "traffic again"))).toEqual(new Set(["web1", "web2"]));
    // The totals kept what the killed worker had counted.
    await fetchBodies(vip, 2);
    await eventually(async () => ((await stack.api.listener.stats.query({ id: listenerId })).stats.total_connections >= 12 ? true : undefined), 20_000, "totals after the restart");

    // Asked about the killed one, and about nothing else.
    expect(new Set(asked.flat())).toEqual(new Set([lb.id]));
    await stack.api.loadBalancer.delete.mutate({ id: lb.id, cascade: true });
  });
});
