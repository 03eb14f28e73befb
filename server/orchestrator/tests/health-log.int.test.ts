import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startController } from "@/server/orchestrator/controller";
import { webGraph } from "@/server/testing/fixtures";
import { type Stack, eventually, startStack } from "@/server/testing/stack";

// Health is pushed: a member going down and coming back is read through the agent as soon as
// the amphora reports the change on the health log (counted below: with heartbeats, the health
// manager reads an amphora through its agent for a report and for nothing else). (Instances are
// stopped through `stack.api`: its context reaches the compute agent, the in-process caller's
// has none.)

/** Stats reads the controller made through the hosts' agents. */
let reads = 0;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    controller: { healthSweepMs: 3_600_000 },
    wrapDriver: (driver) => ({
      ...driver,
      counters: (lbId) => {
        reads++;
        return driver.counters(lbId);
      },
    }),
  });
});
afterAll(() => stack?.close());

const memberStatus = async (lbId: string, address: string) => {
  const lb = await stack.caller.loadBalancer.get({ id: lbId });
  const members = (await stack.caller.member.list({ pool_id: lb.pools[0]!.id })).items;
  return members.find((m) => m.address === address)?.operating_status;
};

describe("health reported by the amphorae", () => {
  it("shows a member ERROR when its server stops, and ONLINE when it is back, read when the amphora reports it", async () => {
    const lb = await stack.caller.loadBalancer.create(webGraph(stack, { name: "pushed" }));
    await eventually(async () => ((await memberStatus(lb.id, stack.web1.fixed_ip)) === "ONLINE" ? true : undefined), 20_000, "web1 ONLINE");
    const before = reads;
    await stack.api.instance.stop.mutate({ id: stack.web1.id });
    await eventually(async () => ((await memberStatus(lb.id, stack.web1.fixed_ip)) === "ERROR" ? true : undefined), 20_000, "web1 ERROR");
    expect(reads).toBeGreaterThan(before);
    expect((await stack.caller.loadBalancer.get({ id: lb.id })).operating_status).toBe("DEGRADED");
    await stack.api.instance.start.mutate({ id: stack.web1.id });
    await eventually(async () => ((await memberStatus(lb.id, stack.web1.fixed_ip)) === "ONLINE" ? true : undefined), 20_000, "web1 ONLINE again");
    expect((await stack.caller.loadBalancer.get({ id: lb.id })).operating_status).toBe("ONLINE");
    await stack.caller.loadBalancer.delete({ id: lb.id, cascade: true });
  });

  it("goes on with a second controller of the host once the one listening stops: the amphorae reconnect to it", async () => {
    const lb = await stack.caller.loadBalancer.create(webGraph(stack, { name: "handed-over" }));
    await eventually(async () => ((await memberStatus(lb.id, stack.web2.fixed_ip)) === "ONLINE" ? true : undefined), 20_000, "web2 ONLINE");
    // The second controller's log lines, awaitable: what it says is the signal to go on.
    const lines: string[] = [];
    const waiters: { match: RegExp; resolve: () => void }[] = [];
    const saying = (match: RegExp) =>
      new Promise<void>((resolve) => (lines.some((l) => match.test(l)) ? resolve() : waiters.push({ match, resolve })));
    const second = startController({
      ...stack.controllerOptions,
      log: (line) => {
        lines.push(line);
        for (const w of waiters.filter((w) => w.match.test(line))) w.resolve();
      },
    });
    try {
      await saying(/is held by another controller/);
      const takenOver = saying(/listening here now/);
      await stack.stopController();
      await takenOver;
      await stack.api.instance.stop.mutate({ id: stack.web2.id });
      await eventually(async () => ((await memberStatus(lb.id, stack.web2.fixed_ip)) === "ERROR" ? true : undefined), 20_000, "web2 ERROR");
      await stack.api.instance.start.mutate({ id: stack.web2.id });
      await eventually(async () => ((await memberStatus(lb.id, stack.web2.fixed_ip)) === "ONLINE" ? true : undefined), 20_000, "web2 ONLINE again");
    } finally {
      await second.stop();
      stack.startController();
    }
    await stack.caller.loadBalancer.delete({ id: lb.id, cascade: true });
  });
});
