import { stopLocalHosts } from "@/server/agents/local-agent";
import fs from "node:fs";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { webGraph } from "@/server/testing/fixtures";
import { namespaceName } from "@/server/network/names";
import { fetchBodiesFrom } from "@/server/testing/probe";
import { eventually } from "@/server/testing/stack";
import { startComputeAgent, type ComputeAgent } from "@/server/cloud/compute/agent";
import { syncInstanceServers } from "@/server/cloud/instances";

// The production shape: the controller as its own process (`npm run worker`) on PostgreSQL,
// this process playing the web tier. Its status events reach us through LISTEN/NOTIFY.
// PGlite belongs to one process, so this runs in the PostgreSQL pass only.

const onPostgres = inject("postgresUrl") !== null;

describe.runIf(onPostgres)("a controller worker process", () => {
  let w: TestWorld;
  let compute: ComputeAgent;
  let worker: ResultPromise | undefined;
  // Short: HAProxy's socket paths (<dir>/amphorae/<id>/…) must stay under 97 bytes.
  const dataDir = fs.mkdtempSync(path.join(inject("amphoraRoot"), "w-"));
  const output: string[] = [];

  beforeAll(async () => {
    w = await testWorld();
    // The worker owns the world's network; the instances are served (below) once its first pass
    // has made their namespaces.
    compute = await startComputeAgent({ networkPrefix: w.net.prefix });
    worker = execa(process.execPath, ["--import", "tsx", "server/orchestrator/main.ts"], {
      env: { DATABASE_URL: w.database.url ?? "", DATA_DIR: dataDir, ...w.net.env },
      reject: false,
      all: true,
    });
    worker.all?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    void worker.then((r) => output.push(`[worker exited ${r.exitCode}] ${r.all ?? ""}`));
  });

  afterAll(async () => {
    worker?.kill("SIGTERM");
    await worker;
    // The agents the processes started outlive them, as they would a crash: stopped here with their HAProxies.
    await stopLocalHosts(dataDir);
    await compute?.stop();
    await w?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("drives a graph create to ACTIVE, and its events reach this process", async () => {
    const wakeup = w.feed.subscribe();
    const lb = await w.caller.loadBalancer.create(webGraph(w, { name: "by-worker" }));
    const active = await eventually(async () => {
      await Promise.race([wakeup.wait(), new Promise((r) => setTimeout(r, 200))]);
      const events = await w.caller.loadBalancer.events({ id: lb.id });
      return events.find((e) => e.resource_type === "loadbalancer" && e.provisioning_status === "ACTIVE");
    }, 30_000, "ACTIVE").catch((err: Error) => {
      throw new Error(`${err.message}; the worker said: ${output.join("")}`);
    });
    wakeup.close();
    expect(active.loadbalancer_id).toBe(lb.id);
    // From web3, on the VIP's network: the host reaches tenant addresses only through floating IPs.
    const web3 = namespaceName(w.net.prefix, "instance", w.web3.id);
    const bodies = await eventually(async () => {
      await syncInstanceServers(w.db, compute);
      const got = await fetchBodiesFrom(web3, `http://${lb.vip_address}/`, 6);
      return new Set(got).size === 2 ? got : undefined;
    }, 30_000, "web1 and web2 through the VIP");
    expect(new Set(bodies)).toEqual(new Set(["web1", "web2"]));
    await w.caller.loadBalancer.delete({ id: lb.id, cascade: true });
    await eventually(
      () => w.caller.loadBalancer.get({ id: lb.id }).then(() => undefined, (err: { code?: string }) => err.code),
      15_000,
      "NOT_FOUND",
    );
  });
});
