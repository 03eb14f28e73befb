import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webGraph } from "@/server/testing/fixtures";
import { eventually, fetchBodies, type Stack, startStack } from "@/server/testing/stack";

// The host's agent gone (its server closed, as a crashed agent's port is): a change fails after
// the client's tries with the agent's reason and the controller goes on; a load balancer that
// ran before keeps serving, and is not taken for dead and restarted, since nobody could say.

let stack: Stack;
/** Health passes that asked the agent which amphorae run, answered or not. */
let asked = 0;
beforeAll(async () => {
  stack = await startStack({
    wrapDriver: (driver) => ({
      ...driver,
      running: (known) => {
        asked++;
        return driver.running(known);
      },
    }),
  });
});
afterAll(() => stack?.close());

describe("an amphora agent that is gone", () => {
  it("fails a change with its reason, and leaves the running load balancers serving", async () => {
    const running = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "before" }));
    await stack.untilActive(running.id);
    const entry = await stack.reach(running);
    const pid = (await stack.driver.status(running.id)).pid;

    await stack.agent!.close();
    const refused = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name: "after" }));
    const failed = await eventually(async () => {
      const lb = await stack.api.loadBalancer.get.query({ id: refused.id });
      return lb.provisioning_status === "ERROR" ? lb : undefined;
    }, 30_000, "ERROR");
    expect(failed.status_reason).toMatch(/amphora agent https:\/\/127\.0\.0\.1:\d+ did not answer PUT .* after 3 tries/);

    // Two more health passes asked, and nobody answered: the first load balancer's HAProxy is
    // the same one, serving, and ACTIVE.
    const since = asked;
    await eventually(async () => (asked >= since + 2 ? true : undefined), 10_000, "two health passes");
    expect(await stack.driver.status(running.id)).toEqual({ running: true, pid });
    expect(new Set(await fetchBodies(`http://${entry}/`, 4))).toEqual(new Set(["web1", "web2"]));
    expect((await stack.api.loadBalancer.get.query({ id: running.id })).provisioning_status).toBe("ACTIVE");
  });
});
