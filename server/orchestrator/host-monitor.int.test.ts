import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amphoraHosts } from "@/db/schema";
import { registerHost } from "@/server/services/amphora-hosts";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { HostMonitor } from "./host-monitor";

// The host monitor's judgement, on a real database, with the clock handed in: a host goes DOWN
// once silent for the timeout, and a check that itself ran late (this process stalled, its
// heartbeats unread behind it) marks nobody.

let w: TestWorld;
let hostId: string;
const changes: string[] = [];
let monitor: HostMonitor;

const statusOf = async () => (await w.db.select({ s: amphoraHosts.status }).from(amphoraHosts).where(eq(amphoraHosts.id, hostId)))[0]?.s;
const settled = () => monitor.flushed();

beforeAll(async () => {
  w = await testWorld();
  hostId = await registerHost(w.db, { name: "monitored", address: "198.19.0.9", agent_url: "https://198.19.0.9:9443" });
  monitor = new HostMonitor({ db: w.db, timeoutMs: 1_000, log: () => undefined, onChange: (id, s) => changes.push(`${id === hostId ? "host" : id} ${s}`) });
  // Loaded as at a start with a 100 ms interval, then checked only by the tests, with their clock.
  await monitor.start(100);
  await monitor.stop();
});
afterAll(async () => {
  await monitor?.stop();
  await w?.close();
});

describe("the host monitor", () => {
  it("keeps a host heard from UP, and writes nothing for each heartbeat", async () => {
    monitor.heard({ host_id: hostId });
    await settled();
    const [before] = await w.db.select().from(amphoraHosts).where(eq(amphoraHosts.id, hostId));
    for (let i = 0; i < 5; i++) monitor.heard({ host_id: hostId });
    monitor.check(performance.now() + 50);
    await settled();
    const [after] = await w.db.select().from(amphoraHosts).where(eq(amphoraHosts.id, hostId));
    expect(after).toEqual(before);
    expect(await statusOf()).toBe("UP");
  });

  it("judges nobody in a check that ran late, and marks a silent host DOWN in the next one on time", async () => {
    monitor.heard({ host_id: hostId });
    const base = performance.now();
    // The interval is 100 ms: a check 5 s after the last one says this process stood still.
    monitor.check(base + 5_000);
    await monitor.flushed();
    expect(await statusOf()).toBe("UP");
    expect(changes).toEqual([]);
    monitor.check(base + 5_100); // on time after it: the host has been silent for 5.1 s
    await monitor.flushed();
    expect(await statusOf()).toBe("DOWN");
    expect(changes).toEqual(["host DOWN"]);
  });

  it("brings a DOWN host UP with its next heartbeat", async () => {
    monitor.heard({ host_id: hostId });
    await settled();
    expect(await statusOf()).toBe("UP");
    expect(changes).toEqual(["host DOWN", "host UP"]);
  });
});
