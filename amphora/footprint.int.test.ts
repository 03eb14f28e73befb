import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLocalDriver } from "./driver";
import { showProc } from "./master-cli";
import { renderConfig } from "./render";
import { bodies, type MemberServer, startMemberServer } from "./testing/http";
import { id, listener, loadBalancer, member, monitor, pool } from "./testing/models";

// What one load balancer costs in memory: several typical amphorae (one HTTP listener without a
// connection limit, one pool, one member with an HTTP monitor), rendered with the default
// options and running at once, their master and worker PSS summed from /proc/<pid>/smaps_rollup.
// PSS splits shared pages between the processes sharing them, so the sum over all divided by
// their number is what one more amphora adds (fewer running means a bigger share of the master's
// pages each). On 2.6.12 with ten running: 12.5 MiB with maxconn 50000 and a thread per CPU (two
// here), 6.5 MiB with the defaults (maxconn 2000, one thread).

const COUNT = 10;
const LIMIT_MIB = 8;
const baseDir = fs.mkdtempSync(path.join(inject("amphoraRoot") ?? os.tmpdir(), "mem-"));
const driver = createLocalDriver({ baseDir, log: () => undefined, stopGraceMs: 500 });
const lbIds = Array.from({ length: COUNT }, () => id());
let web: MemberServer;

const vip = (i: number) => `127.77.207.${i + 1}`;
const pss = (pid: number) => Number(/^Pss:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1]);
const threads = (pid: number) => Number(/^Threads:\s+(\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);

beforeAll(async () => {
  web = await startMemberServer("web", "127.77.207.100");
  for (const [i, lbId] of lbIds.entries()) {
    const p = pool({ healthmonitor: monitor({ type: "HTTP", delay: 5 }), members: [member({ address: web.address, protocol_port: web.port })] });
    const lb = loadBalancer({ id: lbId, vip_address: vip(i), listeners: [listener({ protocol_port: 8080, connection_limit: -1, default_pool_id: p.id })], pools: [p] });
    await driver.apply(lbId, renderConfig(lb, driver.paths(lbId)), "footprint test");
  }
});

afterAll(async () => {
  try {
    for (const lbId of lbIds) await driver.stop(lbId);
  } finally {
    await web?.close();
    fs.rmSync(baseDir, { recursive: true, force: true });
  }
});

describe("memory of an amphora", () => {
  it(`stays under ${LIMIT_MIB} MiB PSS per load balancer (master + worker), with one worker thread`, async () => {
    // Traffic first, so the buffers and pools a serving worker uses are counted.
    for (const i of lbIds.keys()) expect(await bodies(`http://${vip(i)}:8080/`, 4)).toEqual(["web", "web", "web", "web"]);
    let kib = 0;
    for (const lbId of lbIds) {
      const procs = await showProc(driver.paths(lbId).masterSocket);
      expect(procs.workers).toHaveLength(1);
      expect(threads(procs.workers[0]!)).toBe(1);
      for (const pid of [procs.masterPid, ...procs.workers]) kib += pss(pid);
    }
    const perLbMiB = kib / 1024 / COUNT;
    expect(perLbMiB).toBeGreaterThan(1); // the numbers were read at all
    expect(perLbMiB).toBeLessThanOrEqual(LIMIT_MIB);
  });
});
