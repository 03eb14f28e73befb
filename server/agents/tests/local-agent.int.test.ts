import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AgentClient } from "@/amphora/agent/client";
import type { Heartbeat } from "@/amphora/heartbeat";
import { type HeartbeatListener, listenForHeartbeats } from "@/server/orchestrator/heartbeats";
import { renderConfig } from "@/amphora/render";
import { id, listener, loadBalancer, pool } from "@/amphora/testing/models";
import { runSteps } from "@/server/network/command";
import { namespaceName } from "@/server/network/names";
import { claimNetWorld, type NetWorld } from "@/server/testing/netns";
import { localAgentPid, startLocalAgent, stopLocalAgent } from "../local-agent";

// The host's amphora agent as production runs it: a process of its own, started by the
// controller's process. Its HAProxies are not its children: an agent killed with SIGKILL leaves
// them serving, and the next agent adopts them instead of starting them again.

const dataDir = fs.mkdtempSync(path.join(inject("amphoraRoot") ?? os.tmpdir(), "local-agent-"));
const lbId = id();
const clients: AgentClient[] = [];
let world: NetWorld;
let heartbeatListener: HeartbeatListener;
const KEY = "local-agent-test-heartbeat-key";
const hostId = id();
const received: Heartbeat[] = [];
const waiting: ((hb: Heartbeat) => void)[] = [];

/** The next heartbeat accepted from now on. */
const nextHeartbeat = () =>
  new Promise<Heartbeat>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no heartbeat within 5 s")), 5_000);
    waiting.push((hb) => {
      clearTimeout(timer);
      resolve(hb);
    });
  });

const start = async () => {
  const client = await startLocalAgent({ dataDir, networkPrefix: world.prefix, haproxyBin: "/usr/sbin/haproxy", log: () => undefined });
  clients.push(client);
  return client;
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  heartbeatListener = await listenForHeartbeats({
    host: "127.0.0.1",
    port: 0,
    key: KEY,
    onHeartbeat: (hb) => {
      received.push(hb);
      for (const w of waiting.splice(0)) w(hb);
    },
  });
  world = await claimNetWorld();
  // The namespace the network engine would make for the load balancer: only its loopback here.
  const ns = namespaceName(world.prefix, "amphora", lbId);
  await runSteps([
    { file: "ip", args: ["netns", "add", ns] },
    { file: "ip", args: ["-n", ns, "link", "set", "lo", "up"] },
  ]);
});

afterAll(async () => {
  try {
    await clients.at(-1)?.stop(lbId);
    for (const c of clients) c.close();
    await stopLocalAgent(dataDir);
  } finally {
    await heartbeatListener.close();
    await world.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

describe("the host's amphora agent process", () => {
  let haproxyPid: number;

  it("starts, and runs HAProxy in the load balancer's namespace for the controller", async () => {
    const client = await start();
    const poolId = id();
    const lb = loadBalancer({ id: lbId, vip_address: "127.0.0.1", listeners: [listener({ protocol_port: 8080, default_pool_id: poolId })], pools: [pool({ id: poolId })] });
    const result = await client.apply(lbId, renderConfig(lb, client.paths(lbId)), "created");
    expect(result.action).toBe("started");
    haproxyPid = result.pid;
    expect(await client.running({ [lbId]: haproxyPid })).toEqual({ [lbId]: { running: true, pid: haproxyPid } });
    expect(client.paths(lbId).dir.startsWith(path.join(dataDir, "amphorae"))).toBe(true);
  });

  it("sends signed heartbeats naming its amphora, once the controller says where", async () => {
    await clients.at(-1)!.configure({ heartbeat: { host_id: hostId, targets: [`127.0.0.1:${heartbeatListener.address().port}`], interval_ms: 100, key: KEY } });
    const first = await nextHeartbeat();
    expect(first).toMatchObject({ host_id: hostId, part: 0, parts: 1, amphorae: { [lbId]: { pid: haproxyPid } } });
    // With what its stats said: the listener's frontend open, its pool's backend and server.
    const stats = first.amphorae[lbId]!.stats!;
    expect(stats.worker).not.toBe(haproxyPid);
    expect(Object.values(stats.frontends).map(([status]) => status)).toEqual(["OPEN"]);
    expect(Object.values(stats.backends)).toHaveLength(1);
  });

  it("killed with SIGKILL, leaves HAProxy serving; the next agent adopts it, and sends heartbeats again at once", async () => {
    const before = await nextHeartbeat();
    const agentPid = localAgentPid(dataDir)!;
    process.kill(agentPid, "SIGKILL");
    expect(alive(haproxyPid)).toBe(true);
    const client = await start();
    expect(localAgentPid(dataDir)).not.toBe(agentPid);
    expect(await client.status(lbId)).toEqual({ running: true, pid: haproxyPid });
    // From the settings it kept: a later start, so the listener takes it as newer.
    const after = await nextHeartbeat();
    expect(after.epoch).toBeGreaterThan(before.epoch);
    expect(after.amphorae).toMatchObject({ [lbId]: { pid: haproxyPid } });
    expect(Object.keys(after.amphorae)).toEqual([lbId]);
    const text = await client.readConfig(lbId);
    expect(await client.apply(lbId, text!, "again")).toMatchObject({ action: "unchanged", pid: haproxyPid });
  });

  it("a start replaces the agent that runs, which stops; HAProxy stays", async () => {
    const before = localAgentPid(dataDir)!;
    const client = await start();
    expect(alive(before)).toBe(false);
    expect(localAgentPid(dataDir)).not.toBe(before);
    expect(await client.status(lbId)).toEqual({ running: true, pid: haproxyPid });
  });
});
