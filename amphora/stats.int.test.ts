import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLocalDriver } from "./driver";
import type { LoadBalancerModel } from "./model";
import { poll } from "./process-table";
import { renderConfig } from "./render";
import { deriveOperatingStatus, loadBalancerStats, type OperatingStatusReport } from "./stats";
import { bodies, freePort, type MemberServer, startMemberServer } from "./testing/http";
import { id, listener, loadBalancer, member, monitor, pool } from "./testing/models";

// Operating status and statistics read from a real HAProxy's `show stat`, with member servers
// on 127.77.202.x that the test stops to make HAProxy's health checks fail.

const VIP = "127.77.202.1";
const baseDir = fs.mkdtempSync(path.join(inject("amphoraRoot") ?? os.tmpdir(), "sts-"));
const driver = createLocalDriver({ baseDir, log: () => undefined, stopGraceMs: 500 });
const lbId = id();
const ids = { l1: id(), l2: id(), l3: id(), p1: id(), p2: id(), p3: id(), a: id(), b: id(), c: id(), a2: id(), d2: id() };
let a: MemberServer, b: MemberServer, c: MemberServer;
const servers: MemberServer[] = [];
let lb: LoadBalancerModel;
const holders: net.Socket[] = [];

beforeAll(async () => {
  // One at a time, each registered for afterAll as soon as it listens.
  for (const [name, last] of [["a", 11], ["b", 12], ["c", 13]] as const) servers.push(await startMemberServer(name, `127.77.202.${last}`));
  [a, b, c] = servers as [MemberServer, MemberServer, MemberServer];
  const [port1, port2] = [await freePort(VIP), await freePort(VIP)];
  const at = (s: MemberServer) => ({ address: s.address, protocol_port: s.port });
  lb = loadBalancer({
    id: lbId,
    vip_address: VIP,
    listeners: [
      // Small limits so the test can fill them (global maxconn = 2 + 1).
      listener({ id: ids.l1, protocol: "HTTP", protocol_port: port1, connection_limit: 2, default_pool_id: ids.p1 }),
      listener({ id: ids.l2, protocol: "TCP", protocol_port: port2, connection_limit: 1, default_pool_id: ids.p2 }),
      listener({ id: ids.l3, protocol: "UDP", protocol_port: 53 }),
    ],
    pools: [
      pool({
        id: ids.p1,
        healthmonitor: monitor({ type: "HTTP", delay: 1, timeout: 1, max_retries: 1, max_retries_down: 1, url_path: "/healthz" }),
        members: [member({ id: ids.a, ...at(a) }), member({ id: ids.b, ...at(b) }), member({ id: ids.c, ...at(c), admin_state_up: false })],
      }),
      pool({ id: ids.p2, protocol: "TCP", members: [member({ id: ids.a2, ...at(a) }), member({ id: ids.d2, ...at(c), weight: 0 })] }),
      pool({ id: ids.p3, members: [] }), // no listener uses it
    ],
  });
  await driver.apply(lbId, renderConfig(lb, driver.paths(lbId)), "stats test");
});

afterAll(async () => {
  try {
    for (const s of holders) s.destroy();
    await driver.stop(lbId);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    fs.rmSync(baseDir, { recursive: true, force: true });
  }
});

const derive = async () => deriveOperatingStatus(lb, (await driver.counters(lbId)).stats);
/** Polls until `pred` holds for the derived statuses (health checks run every second). */
async function until(pred: (r: OperatingStatusReport) => boolean, timeoutMs = 6_000): Promise<OperatingStatusReport> {
  const report = await poll(async () => {
    const r = await derive();
    return pred(r) ? r : undefined;
  }, timeoutMs, 100);
  return report ?? derive();
}

describe("operating status from a real HAProxy", () => {
  it("reads every status once the first checks pass", async () => {
    const r = await until((x) => x.members[ids.a] === "ONLINE" && x.members[ids.b] === "ONLINE");
    expect(r).toEqual({
      loadbalancer: "ONLINE",
      listeners: { [ids.l1]: "ONLINE", [ids.l2]: "ONLINE", [ids.l3]: "ERROR" },
      pools: { [ids.p1]: "ONLINE", [ids.p2]: "ONLINE", [ids.p3]: "OFFLINE" },
      members: { [ids.a]: "ONLINE", [ids.b]: "ONLINE", [ids.c]: "OFFLINE", [ids.a2]: "NO_MONITOR", [ids.d2]: "DRAINING" },
    });
  });

  it("counts traffic per listener and in total", async () => {
    const before = loadBalancerStats((await driver.counters(lbId)).stats);
    expect(await bodies(`http://${VIP}:${lb.listeners[0]!.protocol_port}/`, 5)).toHaveLength(5);
    const after = loadBalancerStats((await driver.counters(lbId)).stats);
    const l1 = after.listeners[ids.l1]!;
    expect(l1.total_connections - (before.listeners[ids.l1]?.total_connections ?? 0)).toBe(5);
    expect(l1.bytes_in).toBeGreaterThan(before.listeners[ids.l1]?.bytes_in ?? 0);
    expect(l1.bytes_out).toBeGreaterThan(before.listeners[ids.l1]?.bytes_out ?? 0);
    expect(Object.keys(after.listeners).sort()).toEqual([ids.l1, ids.l2].sort());
    expect(after.total.total_connections).toBe(l1.total_connections + after.listeners[ids.l2]!.total_connections);
  });

  it("a full listener is DEGRADED, and the stats socket still answers when the process is full", async () => {
    const connect = (port: number) =>
      new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect(port, VIP, () => resolve(s));
        s.on("error", reject);
        holders.push(s);
      });
    // 2 + 1 connections: both listeners at their limit, and the process at its global maxconn.
    await Promise.all([connect(lb.listeners[0]!.protocol_port), connect(lb.listeners[0]!.protocol_port), connect(lb.listeners[1]!.protocol_port)]);
    const full = await until((x) => x.listeners[ids.l1] === "DEGRADED");
    expect(full.listeners[ids.l1]).toBe("DEGRADED");
    expect(full.listeners[ids.l2]).toBe("DEGRADED");
    expect(full.loadbalancer).toBe("DEGRADED");
    for (const s of holders.splice(0)) s.destroy();
    expect((await until((x) => x.listeners[ids.l1] === "ONLINE" && x.listeners[ids.l2] === "ONLINE")).loadbalancer).toBe("ONLINE");
  });

  it("a member set to weight 0 at runtime is DRAINING", async () => {
    await driver.setServerWeight(lbId, `${ids.p1}:${ids.l1}`, ids.a, 0);
    expect((await derive()).members[ids.a]).toBe("DRAINING");
    await driver.setServerWeight(lbId, `${ids.p1}:${ids.l1}`, ids.a, 1);
    expect((await derive()).members[ids.a]).toBe("ONLINE");
  });

  it("a member whose server stops is ERROR and its pool DEGRADED; with all down the pool is ERROR", async () => {
    await b.close();
    const degraded = await until((x) => x.members[ids.b] === "ERROR");
    expect(degraded.members[ids.b]).toBe("ERROR");
    expect(degraded.members[ids.a]).toBe("ONLINE");
    expect(degraded.pools[ids.p1]).toBe("DEGRADED");
    expect(degraded.loadbalancer).toBe("DEGRADED");

    await a.close();
    const down = await until((x) => x.pools[ids.p1] === "ERROR");
    expect(down.members[ids.a]).toBe("ERROR");
    expect(down.pools[ids.p1]).toBe("ERROR");
    expect(down.loadbalancer).toBe("ERROR");
    expect(down.members[ids.a2]).toBe("NO_MONITOR"); // unchecked: HAProxy cannot know
  });
});
