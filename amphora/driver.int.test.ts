import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AmphoraDriver, ConfigRejectedError, createLocalDriver } from "./driver";
import { failedFile, hashFile } from "./layout";
import type { LoadBalancerModel } from "./model";
import { haproxiesUsing, poll } from "./process-table";
import { renderConfig } from "./render";
import { workerPid } from "./runtime-api";
import { bodies, freePort, get, type MemberServer, runLoad, startMemberServer } from "./testing/http";
import { id, listener, loadBalancer, member, monitor, pool } from "./testing/models";

// The driver against a real HAProxy 2.6 and real member servers on 127.77.201.x. One load
// balancer goes through its whole life in order: start, no-op apply, adoption, reloads under
// load, rejected configs, runtime changes, a killed master, stop.

const VIP = "127.77.201.1";
const baseDir = fs.mkdtempSync(path.join(inject("amphoraRoot") ?? os.tmpdir(), "drv-"));
const log: string[] = [];
const driver: AmphoraDriver = createLocalDriver({ baseDir, log: (line) => log.push(line), stopGraceMs: 1_000 });
const servers: MemberServer[] = [];
const started = new Set<string>();

let web1: MemberServer, web2: MemberServer, web3: MemberServer;
let port: number;
const lbId = id();
const listenerId = id();
const poolId = id();
const memberIds = { web1: id(), web2: id(), web3: id() };
const backendName = `${poolId}:${listenerId}`;

/** The test's load balancer with the given members (by name) and options. */
function model(names: ("web1" | "web2" | "web3")[], opts: { weight1?: number; disabled?: string[]; port2?: number; delay?: number } = {}): LoadBalancerModel {
  const byName = { web1, web2, web3 };
  const listeners = [listener({ id: listenerId, protocol_port: port, default_pool_id: poolId })];
  // A second listener whose port something else holds: HAProxy accepts the text, then cannot bind.
  if (opts.port2) listeners.push(listener({ protocol_port: opts.port2, default_pool_id: poolId }));
  return loadBalancer({
    id: lbId,
    vip_address: VIP,
    listeners,
    pools: [
      pool({
        id: poolId,
        // Another `delay` changes every server line's `inter`: a change that always takes a reload.
        healthmonitor: monitor({ type: "HTTP", delay: opts.delay ?? 1, timeout: 1, max_retries: 1, max_retries_down: 1 }),
        members: names.map((n) =>
          member({
            id: memberIds[n],
            address: byName[n].address,
            protocol_port: byName[n].port,
            weight: n === "web1" ? (opts.weight1 ?? 1) : 1,
            admin_state_up: !opts.disabled?.includes(n),
          }),
        ),
      }),
    ],
  });
}

const render = (lb: LoadBalancerModel) => renderConfig(lb, driver.paths(lb.id));
const apply = (lb: LoadBalancerModel, reason = "test") => {
  started.add(lb.id);
  return driver.apply(lb.id, render(lb), reason);
};
const url = (p = "/") => `http://${VIP}:${port}${p}`;

beforeAll(async () => {
  // One at a time, each registered for afterAll as soon as it listens.
  const start = async (name: string, address: string) => {
    const server = await startMemberServer(name, address);
    servers.push(server);
    return server;
  };
  web1 = await start("web1", "127.77.201.11");
  web2 = await start("web2", "127.77.201.12");
  web3 = await start("web3", "127.77.201.13");
  port = await freePort(VIP);
});

afterAll(async () => {
  try {
    for (const lb of started) await driver.stop(lb);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    fs.rmSync(baseDir, { recursive: true, force: true });
  }
});

describe("local HAProxy driver", () => {
  let masterPid: number;

  it("starts HAProxy, which alternates requests between the two members", async () => {
    const result = await apply(model(["web1", "web2"]), "load balancer created");
    expect(result.action).toBe("started");
    masterPid = result.pid;
    expect(await driver.status(lbId)).toEqual({ running: true, pid: masterPid });

    const seen = await bodies(url(), 6);
    expect(new Set(seen)).toEqual(new Set(["web1", "web2"]));
    for (let i = 1; i < seen.length; i++) expect(seen[i]).not.toBe(seen[i - 1]); // round robin

    const p = driver.paths(lbId);
    expect(fs.statSync(p.dir).mode & 0o777).toBe(0o755);
    expect(fs.statSync(p.config).mode & 0o777).toBe(0o644);
    expect(fs.readFileSync(hashFile(p), "utf8").trim()).toBe(result.config_hash);
    expect(log.at(-1)).toContain("load balancer created");
  });

  it("skips an unchanged config, also for a restarted control plane, which adopts the running HAProxy", async () => {
    const again = await apply(model(["web1", "web2"]));
    expect(again).toMatchObject({ action: "unchanged", pid: masterPid });

    const restarted = createLocalDriver({ baseDir, log: () => undefined });
    expect(await restarted.status(lbId)).toEqual({ running: true, pid: masterPid });
    expect(await restarted.list()).toEqual([lbId]);
    expect(await restarted.apply(lbId, render(model(["web1", "web2"])), "adopted")).toMatchObject({ action: "unchanged", pid: masterPid });
  });

  it("reloads for a change the runtime API cannot make: same master, new worker, a member added with it takes traffic", async () => {
    const workerBefore = await workerPid(driver.paths(lbId).statsSocket);
    const result = await apply(model(["web1", "web2", "web3"], { delay: 2 }), "member web3 created, monitor changed");
    expect(result).toMatchObject({ action: "reloaded", pid: masterPid });
    expect(await workerPid(driver.paths(lbId).statsSocket)).not.toBe(workerBefore);
    expect(new Set(await bodies(url(), 6))).toEqual(new Set(["web1", "web2", "web3"]));
  });

  it("drops no request during six reloads under load, and finishes one in flight", async () => {
    const load = runLoad(url(), { workers: 4, durationMs: 2_500, maxPerWorker: 3_000, expectBodies: ["web1", "web2", "web3"] });
    const slow = get(url("/slow")).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 6; i++) {
      // A member leaves and comes back, with a monitor change that makes each a real reload.
      const result = await apply(i % 2 === 0 ? model(["web1", "web2"]) : model(["web1", "web2", "web3"], { delay: 2 }), `member change ${i}`);
      expect(result).toMatchObject({ action: "reloaded", pid: masterPid });
      await new Promise((r) => setTimeout(r, 250));
    }
    const [outcome, slowReply] = await Promise.all([load, slow]);
    expect(outcome.errors).toEqual([]);
    expect(outcome.failed).toBe(0);
    expect(outcome.ok).toBeGreaterThan(200); // the load was real
    expect(slowReply).toEqual({ status: 200, body: expect.stringMatching(/^web[123]$/) });
  });

  it("keeps serving the old config when HAProxy rejects the new one, and keeps the rejected text", async () => {
    const p = driver.paths(lbId);
    const good = fs.readFileSync(p.config, "utf8");
    const bad = `${render(model(["web1"]))}\nbackend spoiled\n    this-is-not-a-directive\n`;
    const error = await driver.apply(lbId, bad, "spoiled").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigRejectedError);
    expect((error as ConfigRejectedError).stage).toBe("check");
    expect((error as Error).message).toContain("this-is-not-a-directive");
    expect(fs.readFileSync(failedFile(p), "utf8")).toBe(bad);
    expect(fs.readFileSync(p.config, "utf8")).toBe(good);
    expect(await driver.status(lbId)).toEqual({ running: true, pid: masterPid });
    expect(new Set(await bodies(url(), 6))).toEqual(new Set(["web1", "web2", "web3"]));
  });

  it("reports a config the master cannot load (a port already taken) and puts the running one back", async () => {
    const p = driver.paths(lbId);
    const good = fs.readFileSync(p.config, "utf8");
    const squatter = net.createServer();
    const taken = await new Promise<number>((resolve) => squatter.listen(0, VIP, () => resolve((squatter.address() as net.AddressInfo).port)));
    try {
      const error = await apply(model(["web1", "web2", "web3"], { port2: taken })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigRejectedError);
      expect((error as ConfigRejectedError).stage).toBe("reload");
    } finally {
      await new Promise((r) => squatter.close(r));
    }
    expect(fs.readFileSync(p.config, "utf8")).toBe(good);
    expect(await driver.status(lbId)).toEqual({ running: true, pid: masterPid });
    expect(new Set(await bodies(url(), 6))).toEqual(new Set(["web1", "web2", "web3"]));
    // What runs is still known: re-applying it is a no-op.
    expect((await driver.apply(lbId, good, "retry")).action).toBe("unchanged");
    // The master recovers: the next good config reloads normally.
    expect(await apply(model(["web1", "web2"]))).toMatchObject({ action: "reloaded", pid: masterPid });
  });

  it("takes a member out and back at runtime without a reload, and the change survives a reload", async () => {
    const socket = driver.paths(lbId).statsSocket;
    const worker = await workerPid(socket);
    await driver.setServerState(lbId, backendName, memberIds.web1, "maint");
    expect(new Set(await bodies(url(), 6))).toEqual(new Set(["web2"]));
    const row = (await driver.counters(lbId)).stats.find((r) => r.pxname === backendName && r.svname === memberIds.web1);
    expect(row?.status).toBe("MAINT");
    expect(await workerPid(socket)).toBe(worker);

    // The server state file carries runtime maintenance across a reload.
    expect((await apply(model(["web1", "web2", "web3"], { delay: 2 }))).action).toBe("reloaded");
    expect(new Set(await bodies(url(), 6))).toEqual(new Set(["web2", "web3"]));

    await driver.setServerState(lbId, backendName, memberIds.web1, "ready");
    expect(new Set(await bodies(url(), 9))).toEqual(new Set(["web1", "web2", "web3"]));
    await expect(driver.setServerState(lbId, backendName, id(), "maint")).rejects.toThrow(/No such server/i);
    await expect(driver.setServerWeight(lbId, `${backendName} x`, memberIds.web1, 1)).rejects.toThrow(/not a backend\/server/);
  });

  it("applies a weight change through the runtime API: same worker, the config on disk follows", async () => {
    await apply(model(["web1", "web2"]));
    const socket = driver.paths(lbId).statsSocket;
    const worker = await workerPid(socket);
    const result = await apply(model(["web1", "web2"], { weight1: 3 }));
    expect(result.action).toBe("runtime");
    expect(await workerPid(socket)).toBe(worker);
    const row = (await driver.counters(lbId)).stats.find((r) => r.pxname === backendName && r.svname === memberIds.web1);
    expect(row?.weight).toBe(3);
    expect(fs.readFileSync(driver.paths(lbId).config, "utf8")).toContain("weight 3");
    expect((await apply(model(["web1", "web2"], { weight1: 3 }))).action).toBe("unchanged");
    // Weighted round robin: web1 now takes about three requests in four.
    const got = await bodies(url(), 40);
    expect(got.filter((b) => b === "web1").length).toBeGreaterThan(got.filter((b) => b === "web2").length * 2);
  });

  it("brings a member disabled in the config back, once its health check passes, when the config enables it again", async () => {
    await apply(model(["web1", "web2"], { disabled: ["web2"] }));
    expect(new Set(await bodies(url(), 4))).toEqual(new Set(["web1"]));
    await apply(model(["web1", "web2"]));
    // The state file says web2 was down (it was in maintenance); the 1 s check brings it back.
    const both = await poll(async () => ((await bodies(url(), 4)).includes("web2") ? true : undefined), 5_000, 100);
    expect(both).toBe(true);
  });

  it("without a monitor, a member enabled again takes traffic right after the reload", async () => {
    const other = id();
    const otherPort = await freePort(VIP);
    const [l, p, m1, m2] = [id(), id(), id(), id()];
    const unmonitored = (web2Up: boolean) =>
      loadBalancer({
        id: other,
        vip_address: VIP,
        listeners: [listener({ id: l, protocol_port: otherPort, default_pool_id: p })],
        pools: [
          pool({
            id: p,
            members: [
              member({ id: m1, address: web1.address, protocol_port: web1.port }),
              member({ id: m2, address: web2.address, protocol_port: web2.port, admin_state_up: web2Up }),
            ],
          }),
        ],
      });
    try {
      expect((await apply(unmonitored(false))).action).toBe("started");
      // Enabling a member is a runtime change: no reload, and it serves at once.
      expect((await apply(unmonitored(true))).action).toBe("runtime");
      expect(new Set(await bodies(`http://${VIP}:${otherPort}/`, 4))).toEqual(new Set(["web1", "web2"]));
    } finally {
      await driver.stop(other);
    }
  });

  it("sees a killed master as not running, and starts a new one on the next apply", async () => {
    process.kill(masterPid, "SIGKILL");
    expect(await poll(async () => ((await driver.status(lbId)).running ? undefined : true), 5_000)).toBe(true);
    expect(await driver.status(lbId)).toEqual({ running: false, pid: null });
    expect(await driver.list()).toEqual([]);

    const result = await apply(model(["web1", "web2"]), "amphora restarted");
    expect(result.action).toBe("started");
    expect(result.pid).not.toBe(masterPid);
    masterPid = result.pid;
    expect(new Set(await bodies(url(), 4))).toEqual(new Set(["web1", "web2"]));
  });

  it("stops after what is in flight, without waiting for idle keep-alive connections; then nothing is left", async () => {
    const p = driver.paths(lbId);
    const keepAlive = new http.Agent({ keepAlive: true });
    try {
      expect((await get(url(), { agent: keepAlive })).status).toBe(200); // leaves an idle connection open
      const slow = get(url("/slow"));
      await new Promise((r) => setTimeout(r, 100));
      const patient = createLocalDriver({ baseDir, log: () => undefined, stopGraceMs: 20_000 });
      const t0 = Date.now();
      await patient.stop(lbId);
      expect(Date.now() - t0).toBeLessThan(5_000); // the slow request (800 ms), not the 20 s grace
      expect(await slow).toEqual({ status: 200, body: expect.stringMatching(/^web[12]$/) });
    } finally {
      keepAlive.destroy();
    }
    expect(await driver.status(lbId)).toEqual({ running: false, pid: null });
    expect(await haproxiesUsing(p.config)).toEqual([]);
    expect(fs.existsSync(p.dir)).toBe(false);
    await expect(get(url(), { timeoutMs: 1_000 })).rejects.toThrow();
    await driver.stop(lbId);
    expect(await driver.list()).toEqual([]);
  });

  it("reports a first start that cannot bind as a rejected config and leaves nothing running", async () => {
    const other = id();
    const squatter = net.createServer();
    const taken = await new Promise<number>((resolve) => squatter.listen(0, VIP, () => resolve((squatter.address() as net.AddressInfo).port)));
    started.add(other);
    try {
      const lb = loadBalancer({ id: other, vip_address: VIP, listeners: [listener({ protocol_port: taken })] });
      const error = await driver.apply(other, renderConfig(lb, driver.paths(other)), "create").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigRejectedError);
      expect((error as ConfigRejectedError).stage).toBe("start");
      expect((error as Error).message).toMatch(/bind/i);
      expect(await driver.status(other)).toEqual({ running: false, pid: null });
      expect(await haproxiesUsing(driver.paths(other).config)).toEqual([]);
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  });
});
