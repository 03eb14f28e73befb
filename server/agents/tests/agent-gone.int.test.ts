import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webGraph } from "@/server/testing/fixtures";
import { eventually, fetchBodies, type Stack, startStack } from "@/server/testing/stack";

// The host's agent's API gone (its server closed, as a crashed agent's port is, while its
// heartbeats go on): a change fails after the client's tries with the agent's reason and the
// controller goes on; a load balancer that ran before keeps serving, and is not taken for dead
// and restarted, since its host's heartbeats still say it runs.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe("an amphora agent that is gone", () => {
  it("fails a change with its reason, and leaves the running load balancers serving", async () => {
    const running = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "before" }));
    await stack.untilActive(running.id);
    const entry = await stack.reach(running);
    const pid = (await stack.driver.status(running.id)).pid;

    await stack.agent!.server.close();
    const refused = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "after" }));
    const failed = await eventually(async () => {
      const lb = await stack.api.loadBalancer.get.query({ id: refused.id });
      return lb.provisioning_status === "ERROR" ? lb : undefined;
    }, 30_000, "ERROR");
    expect(failed.status_reason).toMatch(/amphora agent https:\/\/127\.0\.0\.1:\d+ did not answer PUT .* after 3 tries/);

    // Two seconds of heartbeats more (two health passes over them), the agent answering nothing:
    // the first load balancer's HAProxy is the same one, serving, and ACTIVE.
    const heard = () => stack.heartbeats!.listener.counters().accepted;
    const since = heard();
    await eventually(async () => (heard() >= since + 10 ? true : undefined), 10_000, "ten more heartbeats");
    expect(await stack.driver.status(running.id)).toEqual({ running: true, pid });
    expect(new Set(await fetchBodies(`http://${entry}/`, 4))).toEqual(new Set(["web1", "web2"]));
    expect((await stack.api.loadBalancer.get.query({ id: running.id })).provisioning_status).toBe("ACTIVE");
  });
});
