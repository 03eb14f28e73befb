import { type ResultPromise, execa } from "execa";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AMPHORA_NAMESPACE, ConfigRejectedError, createLocalDriver } from "@/amphora/driver";
import type { LoadBalancerModel } from "@/amphora/model";
import { haproxiesUsing, netnsInode, poll } from "@/amphora/process-table";
import { renderConfig } from "@/amphora/render";
import { workerPid } from "@/amphora/runtime-api";
import { id, listener, loadBalancer, member, monitor, pool } from "@/amphora/testing/models";
import { ip } from "@/server/network/iproute";
import { AMPHORA_VIP_IFNAME, INSTANCE_IFNAME, namespaceName } from "@/server/network/names";
import { claimNetWorld, type NetWorld } from "@/server/testing/netns";
import { type HealthLog, listenForHealthLog } from "./health-log";

// An amphora as the network engine lays it out, made by hand here: HAProxy runs in the
// namespace `<prefix>-amphora-<lb id>` holding the VIP on eth1, a client namespace sends to the
// VIP over a veth, and the members listen in a third namespace behind eth2. HAProxy's server
// state changes reach the controller's health log over a unix socket on the host, from inside
// the namespace, also after the listener was killed with SIGKILL and started again. Nothing
// here touches the host's own network: every link lives in a namespace the test made.

// The world's namespaces are named as the network engine names them, so its clean-up finds them.
const world: NetWorld = await claimNetWorld();
const lbId = id();
const ns = {
  amphora: namespaceName(world.prefix, "amphora", lbId),
  client: namespaceName(world.prefix, "instance", id()),
  backend: namespaceName(world.prefix, "instance", id()),
};
// Inside the world's own namespaces only: no address here is ever on the host.
const VIP = "10.1.0.1";
const CLIENT = "10.1.0.2";
const BACKEND = "10.2.0.2";
const baseDir = fs.mkdtempSync(path.join(inject("amphoraRoot") ?? os.tmpdir(), "netns-"));
fs.chmodSync(baseDir, 0o755); // HAProxy's workers (the haproxy user) connect to the socket in it
const socket = path.join(baseDir, "health-log.sock");
const logLines: string[] = [];
const driver = createLocalDriver({ baseDir, log: (l) => logLines.push(l), stopGraceMs: 500, namespaceOf: () => ns.amphora });
const children: ResultPromise[] = [];

const inNs = (name: string, ...cmd: string[]) => execa("ip", ["netns", "exec", name, ...cmd]);

/** A process whose stdout lines can be awaited. */
function watched(child: ResultPromise) {
  children.push(child);
  const seen: string[] = [];
  const waiters: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    seen.push(line);
    for (const w of waiters.filter((w) => w.match(line))) w.resolve(line);
  });
  /** The next line (from now on) that matches. */
  const next = (match: (l: string) => boolean) => new Promise<string>((resolve) => waiters.push({ match, resolve }));
  return { child, seen, next };
}

/** An HTTP member answering its name, inside the backend namespace; resolves once it listens. */
async function startMember(name: string, port: number) {
  const script = `require("node:http").createServer((q, r) => r.end(${JSON.stringify(name)})).listen(${port}, ${JSON.stringify(BACKEND)}, () => console.log("listening"))`;
  // `ip netns exec` execs node in place: the child's pid is node's.
  const m = watched(execa("ip", ["netns", "exec", ns.backend, process.execPath, "-e", script], { buffer: false, reject: false }));
  await m.next((l) => l === "listening");
  return m;
}

/** The controller's listener in a process of its own, so the test can kill it with SIGKILL. */
async function startListenerProcess() {
  const script = `import(${JSON.stringify(fileURLToPath(new URL("./health-log.ts", import.meta.url)))}).then(async (m) => {
    const log = await m.listenForHealthLog(${JSON.stringify(socket)}, { onAmphora: (id) => console.log("report " + id) });
    console.log(log ? "ready" : "taken");
  })`;
  const l = watched(execa(process.execPath, ["--import", "tsx", "-e", script], { buffer: false, reject: false }));
  expect(await l.next((line) => line === "ready" || line === "taken")).toBe("ready");
  return l;
}

async function bodies(count: number): Promise<string[]> {
  const got: string[] = [];
  for (let i = 0; i < count; i++) got.push((await inNs(ns.client, "curl", "-sS", "--max-time", "5", `http://${VIP}/`)).stdout.trim());
  return got;
}

const listenerId = id();
const poolId = id();
const memberIds = [id(), id()];
const backendName = `${poolId}:${listenerId}`;

function model(opts: { served?: boolean; weight?: number; delay?: number } = {}): LoadBalancerModel {
  return loadBalancer({
    id: lbId,
    vip_address: VIP,
    // The router's, DNATed to the VIP: never an address of the amphora's namespace.
    admin_state_up: opts.served ?? true,
    listeners: [listener({ id: listenerId, protocol_port: 80, default_pool_id: poolId })],
    pools: [
      pool({
        id: poolId,
        healthmonitor: monitor({ type: "HTTP", delay: opts.delay ?? 1, timeout: 1, max_retries: 1, max_retries_down: 1 }),
        members: [
          member({ id: memberIds[0], address: BACKEND, protocol_port: 8081, weight: opts.weight ?? 1 }),
          member({ id: memberIds[1], address: BACKEND, protocol_port: 8082 }),
        ],
      }),
    ],
  });
}
const render = (lb: LoadBalancerModel) => renderConfig(lb, driver.paths(lb.id), { healthLog: socket });

beforeAll(async () => {
  for (const name of Object.values(ns)) {
    await ip(["netns", "add", name]);
    await ip(["link", "set", "lo", "up"], name);
  }
  // The VIP's port to the client, and the amphora's leg to the members: veths made in place.
  await ip(["link", "add", AMPHORA_VIP_IFNAME, "netns", ns.amphora, "type", "veth", "peer", "name", INSTANCE_IFNAME, "netns", ns.client]);
  await ip(["link", "add", "eth2", "netns", ns.amphora, "type", "veth", "peer", "name", INSTANCE_IFNAME, "netns", ns.backend]);
  for (const [name, dev, address] of [
    [ns.amphora, AMPHORA_VIP_IFNAME, `${VIP}/24`],
    [ns.amphora, "eth2", "10.2.0.1/24"],
    [ns.client, INSTANCE_IFNAME, `${CLIENT}/24`],
    [ns.backend, INSTANCE_IFNAME, `${BACKEND}/24`],
  ] as const) {
    await ip(["addr", "add", address, "dev", dev], name);
    await ip(["link", "set", dev, "up"], name);
  }
});

afterAll(async () => {
  try {
    await driver.stop(lbId);
  } finally {
    for (const c of children) c.kill("SIGKILL");
    await Promise.all(children.map((c) => c.catch(() => undefined)));
    await world.close(); // every namespace of the prefix, with whatever still runs inside
    fs.rmSync(baseDir, { recursive: true, force: true });
  }
});

describe("an amphora in its network namespace", () => {
  let health: ReturnType<typeof watched>;
  let web2: Awaited<ReturnType<typeof startMember>>;
  let master: number;
  const nsInode = () => fs.statSync(`/run/netns/${ns.amphora}`).ino;

  it("refuses a namespace name that is not an amphora's before running anything", async () => {
    expect(AMPHORA_NAMESPACE.test(ns.amphora)).toBe(true);
    const other = id();
    const bad = createLocalDriver({ baseDir, log: () => undefined, namespaceOf: () => "eth0; reboot" });
    await expect(bad.apply(other, render(loadBalancer({ id: other, admin_state_up: false })), "test")).rejects.toThrow(/not an amphora namespace/);
    expect(await haproxiesUsing(bad.paths(other).config)).toEqual([]);
    fs.rmSync(bad.paths(other).dir, { recursive: true, force: true });
  });

  it("says a missing namespace is missing, not that HAProxy refused the config", async () => {
    const other = id();
    const absent = namespaceName(world.prefix, "amphora", other);
    const early = createLocalDriver({ baseDir, log: () => undefined, namespaceOf: () => absent });
    const error = await early.apply(other, render(loadBalancer({ id: other, admin_state_up: false })), "test").catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ConfigRejectedError);
    expect((error as Error).message).toContain(`network namespace ${absent} of load balancer ${other} does not exist`);
    expect(await haproxiesUsing(early.paths(other).config)).toEqual([]);
    fs.rmSync(early.paths(other).dir, { recursive: true, force: true });
  });

  it("moves an HAProxy that runs on the host into the load balancer's namespace, even for an unchanged config", async () => {
    health = await startListenerProcess();
    await startMember("web1", 8081);
    web2 = await startMember("web2", 8082);
    const idle = render(model({ served: false }));
    const onHost = createLocalDriver({ baseDir, log: () => undefined });
    const first = await onHost.apply(lbId, idle, "started before the namespace existed");
    expect(await netnsInode(first.pid)).toBe(await netnsInode(process.pid));

    const moved = await driver.apply(lbId, idle, "adopted");
    expect(moved.action).toBe("started");
    expect(moved.pid).not.toBe(first.pid);
    expect(await netnsInode(moved.pid)).toBe(nsInode());
    expect(logLines.join("\n")).toMatch(/runs outside its network namespace/);
    master = moved.pid;
  });

  it("serves the client namespace through the VIP from members in a third namespace; reloads stay in the namespace", async () => {
    const reloaded = await driver.apply(lbId, render(model()), "listener created");
    expect(reloaded).toMatchObject({ action: "reloaded", pid: master });
    expect(new Set(await bodies(4))).toEqual(new Set(["web1", "web2"]));

    const p = driver.paths(lbId);
    const worker = await workerPid(p.statsSocket);
    const again = await driver.apply(lbId, render(model({ delay: 2 })), "monitor changed");
    expect(again).toMatchObject({ action: "reloaded", pid: master });
    const fresh = await workerPid(p.statsSocket);
    expect(fresh).not.toBe(worker);
    // The master re-execs itself for a reload: master and workers all stay in the namespace.
    const procs = await haproxiesUsing(p.config);
    expect(procs).toEqual(expect.arrayContaining([master, fresh]));
    for (const pid of procs) expect(await netnsInode(pid)).toBe(nsInode());
    expect(await driver.list()).toEqual([lbId]);
    expect(new Set(await bodies(4))).toEqual(new Set(["web1", "web2"]));
  });

  it("makes a runtime change through the stats socket on the host's filesystem", async () => {
    const worker = await workerPid(driver.paths(lbId).statsSocket);
    expect(await driver.apply(lbId, render(model({ delay: 2, weight: 3 })), "weight")).toMatchObject({ action: "runtime", pid: master });
    expect(await workerPid(driver.paths(lbId).statsSocket)).toBe(worker);
    const row = (await driver.counters(lbId)).stats.find((r) => r.pxname === backendName && r.svname === memberIds[0]);
    expect(row?.weight).toBe(3);
  });

  it("reports a member going DOWN from inside the namespace to the controller's unix socket", async () => {
    const report = health.next((l) => l.startsWith("report "));
    web2.child.kill("SIGKILL");
    expect(await report).toBe(`report ${lbId}`);
    expect(new Set(await bodies(3))).toEqual(new Set(["web1"]));
  });

  it("reconnects by itself after the listener is killed with SIGKILL and started again: the next report arrives", async () => {
    health.child.kill("SIGKILL");
    await health.child.catch(() => undefined);
    expect(fs.existsSync(socket)).toBe(true); // left behind, nobody listening

    const reports: string[] = [];
    let heard: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (heard = resolve));
    let restarted: HealthLog | null = null;
    try {
      restarted = await listenForHealthLog(socket, {
        onAmphora: (lbIdHeard) => {
          reports.push(lbIdHeard);
          heard();
        },
      });
      expect(restarted).not.toBeNull();
      web2 = await startMember("web2", 8082); // its check passes: "Server … is UP"
      await arrived;
      expect(reports[0]).toBe(lbId);
      expect(restarted?.connections()).toBe(1); // the one worker, reconnected
    } finally {
      await restarted?.close();
    }
  });

  it("after its master is killed, starts a new one in the namespace and leaves no process of the old one", async () => {
    const p = driver.paths(lbId);
    const oldWorker = await workerPid(p.statsSocket);
    process.kill(master, "SIGKILL");
    expect(await poll(async () => ((await driver.status(lbId)).running ? undefined : true), 5_000)).toBe(true);
    const restarted = await driver.apply(lbId, render(model({ delay: 2, weight: 3 })), "amphora restarted");
    expect(restarted.action).toBe("started");
    const procs = await haproxiesUsing(p.config);
    expect(procs).toContain(restarted.pid);
    expect(procs).not.toContain(master);
    expect(procs).not.toContain(oldWorker);
    for (const pid of procs) expect(await netnsInode(pid)).toBe(nsInode());
    expect(new Set(await bodies(4))).toEqual(new Set(["web1", "web2"]));
  });

  it("stops: nothing of it is left in the namespace", async () => {
    const p = driver.paths(lbId);
    await driver.stop(lbId);
    expect(await haproxiesUsing(p.config)).toEqual([]);
    expect(fs.existsSync(p.dir)).toBe(false);
    await expect(inNs(ns.client, "curl", "-sS", "--max-time", "2", `http://${VIP}/`)).rejects.toThrow();
  });
});
