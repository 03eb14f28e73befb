import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AmphoraDriver, createLocalDriver } from "./driver";
import { hashFile } from "./layout";
import { showProc } from "./master-cli";
import type { LbAlgorithm, LoadBalancerModel } from "./model";
import { poll } from "./process-table";
import { renderConfig } from "./render";
import { sendCommand, workerPid } from "./runtime-api";
import { bodies, freePort, get, type MemberServer, startMemberServer } from "./testing/http";
import { id, listener, loadBalancer, member, monitor, pool } from "./testing/models";

// Members added and removed through HAProxy 2.6's dynamic servers (`add server`, `del server`)
// instead of a reload, against a real HAProxy and real member servers on 127.77.204.x. One load
// balancer goes through the steps in order; "no reload" means the same master and the same
// single worker before and after.

const VIP = "127.77.204.1";
const baseDir = fs.mkdtempSync(path.join(inject("amphoraRoot") ?? os.tmpdir(), "dyn-"));
const log: string[] = [];
const driver: AmphoraDriver = createLocalDriver({ baseDir, log: (line) => log.push(line), stopGraceMs: 1_000 });
const servers: MemberServer[] = [];
const lbIds = new Set<string>();

type Name = "web1" | "web2" | "web3" | "dead";
let web1: MemberServer, web2: MemberServer, web3: MemberServer;
/** Nothing listens there: its health check fails. */
let dead: { address: string; port: number };
let port: number;
const lbId = id();
const listenerId = id();
const poolId = id();
const memberIds: Record<Name, string> = { web1: id(), web2: id(), web3: id(), dead: id() };
const backendName = `${poolId}:${listenerId}`;

/** Which load balancer: the one of the whole sequence, or another one a single test starts. */
interface Ids {
  lb: string;
  listener: string;
  pool: string;
  port: number;
}

function model(names: Name[], opts: { delay?: number; algorithm?: LbAlgorithm; ids?: Ids } = {}): LoadBalancerModel {
  const at: Record<Name, { address: string; port: number }> = { web1, web2, web3, dead };
  const ids = opts.ids ?? { lb: lbId, listener: listenerId, pool: poolId, port };
  return loadBalancer({
    id: ids.lb,
    vip_address: VIP,
    listeners: [listener({ id: ids.listener, protocol_port: ids.port, default_pool_id: ids.pool })],
    pools: [
      pool({
        id: ids.pool,
        lb_algorithm: opts.algorithm ?? "ROUND_ROBIN",
        healthmonitor: monitor({ type: "HTTP", delay: opts.delay ?? 1, timeout: 1, max_retries: 1, max_retries_down: 1 }),
        members: names.map((n) => member({ id: memberIds[n], address: at[n].address, protocol_port: at[n].port })),
      }),
    ],
  });
}

const apply = (lb: LoadBalancerModel, d: AmphoraDriver = driver) => {
  lbIds.add(lb.id);
  return d.apply(lb.id, renderConfig(lb, d.paths(lb.id)), "test");
};
const url = (p = "/") => `http://${VIP}:${port}${p}`;

/** The master, its current workers, and the worker answering the stats socket. */
async function processes(lb: string = lbId) {
  const p = driver.paths(lb);
  const table = await showProc(p.masterSocket);
  return { master: table.masterPid, workers: table.workers, worker: await workerPid(p.statsSocket) };
}

async function statusOf(member: Name): Promise<string | undefined> {
  return (await driver.counters(lbId)).stats.find((r) => r.pxname === backendName && r.svname === memberIds[member])?.status;
}

beforeAll(async () => {
  const start = async (name: string, address: string) => {
    const server = await startMemberServer(name, address);
    servers.push(server);
    return server;
  };
  web1 = await start("web1", "127.77.204.11");
  web2 = await start("web2", "127.77.204.12");
  web3 = await start("web3", "127.77.204.13");
  dead = { address: "127.77.204.14", port: await freePort("127.77.204.14") };
  port = await freePort(VIP);
});

afterAll(async () => {
  try {
    for (const lb of lbIds) await driver.stop(lb);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    fs.rmSync(baseDir, { recursive: true, force: true });
  }
});

describe("members added and removed at runtime", () => {
  let before: Awaited<ReturnType<typeof processes>>;

  it("adds a member with no reload: same master and worker, the member takes traffic, the config on disk follows", async () => {
    expect((await apply(model(["web1", "web2"]))).action).toBe("started");
    before = await processes();
    expect(before.workers).toEqual([before.worker]);

    const result = await apply(model(["web1", "web2", "web3"]));
    expect(result).toMatchObject({ action: "runtime", pid: before.master });
    expect(await processes()).toEqual(before);
    expect(new Set(await bodies(url(), 9))).toEqual(new Set(["web1", "web2", "web3"]));

    const p = driver.paths(lbId);
    expect(fs.readFileSync(p.config, "utf8")).toBe(renderConfig(model(["web1", "web2", "web3"]), p));
    expect(fs.readFileSync(hashFile(p), "utf8").trim()).toBe(result.config_hash);
    expect((await apply(model(["web1", "web2", "web3"]))).action).toBe("unchanged");
    expect(log.at(-1)).toMatch(/runtime change on master/);
  });

  it("removes a member with no reload: it gets no more traffic and is gone from the stats", async () => {
    expect((await apply(model(["web1", "web3"]))).action).toBe("runtime");
    expect(await processes()).toEqual(before);
    expect(new Set(await bodies(url(), 9))).toEqual(new Set(["web1", "web3"]));
    expect(await statusOf("web2")).toBeUndefined();
    expect(fs.readFileSync(driver.paths(lbId).config, "utf8")).not.toContain(memberIds.web2);
  });

  it("adds a member whose health check fails: the check marks it DOWN, still no reload, no request fails", async () => {
    expect((await apply(model(["web1", "web3", "dead"]))).action).toBe("runtime");
    expect(await poll(async () => ((await statusOf("dead"))?.startsWith("DOWN") ? true : undefined), 5_000, 100)).toBe(true);
    expect(new Set(await bodies(url(), 6))).toEqual(new Set(["web1", "web3"]));
    expect(await processes()).toEqual(before);
  });

  it("reloads for a change the runtime API cannot make, carrying the state of members added at runtime", async () => {
    await driver.setServerState(lbId, backendName, memberIds.web3, "maint");
    // A 30 s check interval: right after the reload, `dead` is DOWN only if its state was carried.
    const result = await apply(model(["web1", "web3", "dead"], { delay: 30 }));
    expect(result).toMatchObject({ action: "reloaded", pid: before.master });
    const after = await processes();
    expect(after.worker).not.toBe(before.worker);
    expect(await statusOf("web3")).toBe("MAINT");
    expect(await statusOf("dead")).toMatch(/^DOWN/);
    expect(await statusOf("web2")).toBeUndefined();
    expect(new Set(await bodies(url(), 4))).toEqual(new Set(["web1"]));
    await driver.setServerState(lbId, backendName, memberIds.web3, "ready");
    before = after;
  });

  it("reloads to add a member where 2.6 has no dynamic servers (balance source)", async () => {
    const ids: Ids = { lb: id(), listener: id(), pool: id(), port: await freePort(VIP) };
    expect((await apply(model(["web1"], { ids, algorithm: "SOURCE_IP" }))).action).toBe("started");
    const workerBefore = (await processes(ids.lb)).worker;
    expect((await apply(model(["web1", "web2"], { ids, algorithm: "SOURCE_IP" }))).action).toBe("reloaded");
    expect((await processes(ids.lb)).worker).not.toBe(workerBefore);
    await driver.stop(ids.lb);
    lbIds.delete(ids.lb);
  });

  it("falls back to a reload when a removed member still has a request in flight, which then completes", async () => {
    const hasty = createLocalDriver({ baseDir, log: (line) => log.push(line), removalDrainMs: 200 });
    expect((await apply(model(["web1", "web3"], { delay: 30 }), hasty)).action).toBe("runtime");
    const workerBefore = (await processes()).worker;
    // Both members get slow requests (800 ms), so web3 is busy when it is removed.
    const slow = Array.from({ length: 4 }, () => get(url("/slow")));
    await new Promise((r) => setTimeout(r, 150));
    const result = await apply(model(["web1"], { delay: 30 }), hasty);
    expect(result).toMatchObject({ action: "reloaded", pid: before.master });
    expect(log.some((l) => /runtime change failed \(server .* still had connections/.test(l))).toBe(true);
    expect((await processes()).worker).not.toBe(workerBefore);
    const replies = await Promise.all(slow);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(replies.map((r) => r.body))).toEqual(new Set(["web1", "web3"]));
    expect(new Set(await bodies(url(), 4))).toEqual(new Set(["web1"]));
  });

  it("falls back to a reload when a runtime command fails midway, and the reload converges", async () => {
    const p = driver.paths(lbId);
    // Someone else's `add server` (left in maintenance) makes the driver's own fail: "already exists".
    const answer = await sendCommand(p.statsSocket, `add server ${backendName}/${memberIds.web2} ${web2.address}:${web2.port} weight 1`);
    expect(answer).toContain("New server registered.");
    const workerBefore = (await processes()).worker;
    const result = await apply(model(["web1", "web2"], { delay: 30 }));
    expect(result.action).toBe("reloaded");
    expect(log.some((l) => /runtime change failed .*already exists/i.test(l))).toBe(true);
    expect((await processes()).worker).not.toBe(workerBefore);
    // The stray server's forced maintenance was not carried over: web2 serves.
    expect(await statusOf("web2")).toMatch(/^UP/);
    expect(new Set(await bodies(url(), 6))).toEqual(new Set(["web1", "web2"]));
  });
});
