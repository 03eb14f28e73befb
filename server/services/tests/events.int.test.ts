import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cursorOf, type StatusEvent, streamHead } from "@/server/services/events";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { markTreeActive } from "@/server/testing/fixtures";
import { createCaller } from "@/server/trpc/router";

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w.close());

/** Opens events.onStatus and collects events until `until` says stop (or a bound is hit). */
async function collect(input: { lastEventId?: string; loadbalancer_id?: string }, until: (events: StatusEvent[]) => boolean, run?: () => Promise<void>) {
  const abort = new AbortController();
  const caller = createCaller(w.ctx, { signal: abort.signal });
  const listening = w.feed.nextSubscriber();
  const stream = await caller.events.onStatus(input);
  const events: StatusEvent[] = [];
  const timer = setTimeout(() => abort.abort(), 10_000);
  const reading = (async () => {
    // Through createCaller a tracked() event arrives as [id, data]; over SSE the id is the SSE id.
    for await (const [id, event] of stream as AsyncIterable<[string, StatusEvent]>) {
      expect(id).toBe(cursorOf(event));
      events.push(event);
      if (until(events)) break;
    }
  })();
  await listening; // the subscription is listening before we write
  await run?.();
  await reading;
  clearTimeout(timer);
  abort.abort();
  return events;
}

describe("events.onStatus", () => {
  it("delivers the PENDING_CREATE event of a new load balancer, live", async () => {
    let lbId = "";
    // "From now", pinned before the write so the test does not race the subscription's start.
    const events = await collect(
      { lastEventId: await streamHead(w.ctx) },
      (es) => es.some((e) => e.resource_type === "loadbalancer" && e.resource_id === lbId),
      async () => {
        lbId = (await w.caller.loadBalancer.create({ name: "evented", vip_subnet_id: w.selfservice.id })).id;
      },
    );
    const lbEvent = events.find((e) => e.resource_id === lbId);
    expect(lbEvent).toMatchObject({ resource_type: "loadbalancer", loadbalancer_id: lbId, provisioning_status: "PENDING_CREATE", operating_status: "OFFLINE" });
  });

  it("resumes after a given lastEventId without loss or duplicates", async () => {
    const lb = await w.caller.loadBalancer.create({ name: "resume", vip_subnet_id: w.selfservice.id });
    const history = (await w.caller.loadBalancer.events({ id: lb.id })).reverse();
    const last = history[history.length - 1]!;
    const cursor = last.id;
    // Events written while nobody listens: the ACTIVE transition and two child creates.
    await markTreeActive(w, lb.id);
    await w.caller.listener.create({ loadbalancer_id: lb.id, protocol: "TCP", protocol_port: 4000 });
    const missed = (await w.caller.loadBalancer.events({ id: lb.id })).filter((e) => e.id > cursor).reverse();
    expect(missed.length).toBeGreaterThanOrEqual(3);

    // Live: the tree goes ACTIVE again, the load balancer's own event last.
    const events = await collect(
      { lastEventId: cursorOf(last), loadbalancer_id: lb.id },
      (es) => es.filter((e) => e.resource_type === "loadbalancer" && e.provisioning_status === "ACTIVE").length === 2,
      () => markTreeActive(w, lb.id),
    );
    const all = (await w.caller.loadBalancer.events({ id: lb.id })).filter((e) => e.id > cursor).reverse();
    expect(events.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.slice(0, missed.length)).toEqual(missed.map((e) => e.id));
    expect(events.every((e) => e.loadbalancer_id === lb.id)).toBe(true);
  });
});
