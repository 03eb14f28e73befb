import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webGraph } from "@/server/testing/fixtures";
import { type Stack, eventually, startStack } from "@/server/testing/stack";

// Health is pushed, not polled: with the periodic read of idle amphorae pushed out to an hour,
// a member going down and coming back still shows within HAProxy's own check time, because
// the amphora reports the change and only then is its stats socket read. (Instances are
// stopped through `stack.api`: its context reaches the compute agent, the in-process caller's
// has none.)

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ controller: { healthSweepMs: 3_600_000 } });
});
afterAll(() => stack?.close());

const memberStatus = async (lbId: string, address: string) => {
  const lb = await stack.caller.loadBalancer.get({ id: lbId });
  const members = (await stack.caller.member.list({ pool_id: lb.pools[0]!.id })).items;
  return members.find((m) => m.address === address)?.operating_status;
};

describe("health reported by the amphorae", () => {
  it("shows a member ERROR when its server stops, and ONLINE when it is back, with no periodic read", async () => {
    const lb = await stack.caller.loadBalancer.create(webGraph(stack, { name: "pushed" }));
    await eventually(async () => ((await memberStatus(lb.id, stack.web1.fixed_ip)) === "ONLINE" ? true : undefined), 20_000, "web1 ONLINE");
    await stack.api.instance.stop.mutate({ id: stack.web1.id });
    await eventually(async () => ((await memberStatus(lb.id, stack.web1.fixed_ip)) === "ERROR" ? true : undefined), 20_000, "web1 ERROR");
    expect((await stack.caller.loadBalancer.get({ id: lb.id })).operating_status).toBe("DEGRADED");
    await stack.api.instance.start.mutate({ id: stack.web1.id });
    await eventually(async () => ((await memberStatus(lb.id, stack.web1.fixed_ip)) === "ONLINE" ? true : undefined), 20_000, "web1 ONLINE again");
    expect((await stack.caller.loadBalancer.get({ id: lb.id })).operating_status).toBe("ONLINE");
    await stack.caller.loadBalancer.delete({ id: lb.id, cascade: true });
  });
});
