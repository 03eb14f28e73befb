import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpGraph } from "@/server/testing/fixtures";
import { type Stack, eventually, startStack } from "@/server/testing/stack";

// Many creates at once through the HTTP API, as a burst of users or a Terraform apply makes
// them. On PostgreSQL this once hung the whole server: per-load-balancer locks held pooled
// connections that the work inside them needed. Every load balancer must reach ACTIVE, and
// the API must keep answering meanwhile.

const CREATES = 40;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe(`${CREATES} concurrent creates`, () => {
  it("all reach ACTIVE while loadBalancer.list keeps answering", async () => {
    const base = stack.selfservice.cidr.replace(/\.0\/24$/, "");
    let creating = true;
    let listCalls = 0;
    // A reader that would hang if the pool were starved: each call must answer within 15 s.
    const reader = (async () => {
      while (creating) {
        await stack.api.loadBalancer.list.query(undefined, { signal: AbortSignal.timeout(15_000) });
        listCalls++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const created = await Promise.all(
      Array.from({ length: CREATES }, (_, i) =>
        stack.api.loadBalancer.create.mutate(httpGraph(`burst-${i}`, stack.selfservice.id, [stack.web1.fixed_ip])),
      ),
    );
    expect(created.every((lb) => lb.vip_address.startsWith(`${base}.`))).toBe(true);
    expect(new Set(created.map((lb) => lb.vip_address)).size).toBe(CREATES);
    await eventually(
      async () => {
        const states = await Promise.all(created.map((lb) => stack.api.loadBalancer.get.query({ id: lb.id })));
        if (states.some((lb) => lb.provisioning_status === "ERROR")) throw new Error("a load balancer went ERROR");
        return states.every((lb) => lb.provisioning_status === "ACTIVE") ? true : undefined;
      },
      120_000,
      "every load balancer ACTIVE",
    );
    creating = false;
    await reader;
    expect(listCalls).toBeGreaterThan(0);
    expect((await stack.driver.list()).filter((id) => created.some((lb) => lb.id === id))).toHaveLength(CREATES);

    await Promise.all(created.map((lb) => stack.api.loadBalancer.delete.mutate({ id: lb.id, cascade: true })));
    await eventually(async () => ((await stack.driver.list()).length === 0 ? true : undefined), 120_000, "every amphora stopped");
  }, 300_000);
});
