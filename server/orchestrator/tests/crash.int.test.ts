import { stopLocalHosts } from "@/server/agents/local-agent";
import fs from "node:fs";
import path from "node:path";
import { createTRPCClient, httpLink } from "@trpc/client";
import { and, eq } from "drizzle-orm";
import type { ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLocalDriver } from "@/amphora/driver";
import { haproxiesUsing } from "@/amphora/process-table";
import { openPostgres } from "@/db/client";
import { listeners, loadBalancers, members, pools, ports } from "@/db/schema";
import { createWorld, type TestWorld, testWorld } from "@/server/testing/database";
import { httpGraph } from "@/server/testing/fixtures";
import { startPostgres } from "@/server/testing/postgres-server";
import { spawnTsx } from "@/server/testing/spawn";
import { readSse } from "@/server/testing/sse";
import { eventually, launchStack, type StatusEventJson } from "@/server/testing/stack";
import type { AppRouter } from "@/server/trpc/router";

// Killing processes of the production shape (PostgreSQL, web tier and controller workers as
// processes of their own) at the worst moment, and restarting PostgreSQL under load: the
// database stays the truth, nothing is half-created, nothing leaks, no event is lost.

const onPostgres = inject("postgresUrl") !== null;

const graph = (w: TestWorld, name: string) => httpGraph(name, w.selfservice.id, [w.web1.fixed_ip]);

describe.runIf(onPostgres)("processes killed mid-change", () => {
  let w: TestWorld;
  const dataDir = fs.mkdtempSync(path.join(inject("amphoraRoot"), "k-"));
  const driver = createLocalDriver({ baseDir: path.join(dataDir, "amphorae"), log: () => undefined });
  const workers: ResultPromise[] = [];
  const output: string[] = [];
  const startWorker = () => {
    // The worker owns the world's network, as on a host running `npm run worker`.
    const worker = spawnTsx(
      "server/orchestrator/main.ts",
      { DATABASE_URL: w.database.url ?? "", DATA_DIR: dataDir, ...w.net.env },
      output,
    );
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    // No instance need answer: these tests look at provisioning, never at members' health.
    w = await testWorld();
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill("SIGTERM");
    await Promise.all(workers);
    // The agents the processes started outlive them, as they would a crash: stopped here with their HAProxies.
    await stopLocalHosts(dataDir);
    await w?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every load balancer of the project ACTIVE, whole, with exactly one HAProxy each and no stray VIP port. */
  async function expectSettledAndClean() {
    const ids = await eventually(
      async () => {
        const rows = await w.db.select({ id: loadBalancers.id, status: loadBalancers.provisioning_status }).from(loadBalancers).where(eq(loadBalancers.project_id, w.projectId));
        if (rows.some((r) => r.status === "ERROR")) throw new Error("a load balancer went ERROR");
        return rows.every((r) => r.status === "ACTIVE") ? rows.map((r) => r.id) : undefined;
      },
      90_000,
      "every load balancer ACTIVE",
    ).catch((err: Error) => {
      throw new Error(`${err.message}; workers said: ${output.join("").slice(-3000)}`);
    });
    for (const id of ids) {
      const [listener] = await w.db.select().from(listeners).where(eq(listeners.loadbalancer_id, id));
      const [pool] = await w.db.select().from(pools).where(eq(pools.loadbalancer_id, id));
      expect(listener?.default_pool_id).toBe(pool?.id);
      expect(await w.db.select().from(members).where(eq(members.pool_id, pool?.id ?? ""))).toHaveLength(1);
    }
    const vipPorts = await w.db.select().from(ports).where(and(eq(ports.project_id, w.projectId), eq(ports.device_owner, "Octavia")));
    expect(vipPorts.map((p) => p.device_id).sort()).toEqual([...ids].sort());
    expect((await driver.list()).sort()).toEqual([...ids].sort());
    // One master and its worker per load balancer, once old workers of a reload are gone.
    await eventually(async () => {
      const counts = await Promise.all(ids.map(async (id) => (await haproxiesUsing(driver.paths(id).config)).length));
      return counts.every((n) => n === 2) ? true : undefined;
    }, 20_000, "one master and one worker per amphora");
    return ids;
  }

  it("kill -9 of the web server mid-create: every committed create ends ACTIVE, nothing half-made or leaked", async () => {
    startWorker();
    const apiOutput: string[] = [];
    const api = spawnTsx("server/testing/api-server-main.ts", { DATABASE_URL: w.database.url ?? "", PROJECT_ID: w.projectId }, apiOutput);
    const url = await eventually(async () => {
      const line = apiOutput.join("").split("\n").find((l) => l.startsWith("{"));
      return line ? (JSON.parse(line) as { url: string }).url : undefined;
    }, 30_000, "the API process to listen");
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });
    const creates = Array.from({ length: 24 }, (_, i) => client.loadBalancer.create.mutate(graph(w, `killed-web-${i}`)).then((lb) => lb.id, () => null));
    // Let some commit, then kill it in the middle of the rest.
    await eventually(async () => ((await w.db.select().from(loadBalancers)).length >= 3 ? true : undefined), 30_000, "some creates committed");
    api.kill("SIGKILL");
    await api;
    const answered = (await Promise.all(creates)).filter((id): id is string => id !== null);
    const ids = await expectSettledAndClean();
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const id of answered) expect(ids).toContain(id);
  });

  it("kill -9 of a worker mid-apply: a new worker takes its claims over and finishes", async () => {
    const before = new Set((await w.db.select({ id: loadBalancers.id }).from(loadBalancers)).map((r) => r.id));
    for (let i = 0; i < 12; i++) await w.caller.loadBalancer.create(graph(w, `killed-worker-${i}`));
    // The worker is applying them: kill it once the first of the new ones runs.
    await eventually(async () => ((await driver.list()).some((id) => !before.has(id)) ? true : undefined), 30_000, "the worker to start applying");
    const first = workers.at(-1)!;
    first.kill("SIGKILL");
    await first;
    startWorker();
    await expectSettledAndClean();
  });
});

describe.runIf(onPostgres)("PostgreSQL restarted under load", () => {
  it("reconnects, and loses no committed write and no event", async () => {
    const server = await startPostgres(56000 + (process.pid % 1000));
    const database = await openPostgres(server.url);
    const stack = await launchStack(await createWorld(database), inject("amphoraRoot"));
    const received: StatusEventJson[] = [];
    const abort = new AbortController();
    // A client like the dashboard's: when the stream breaks, it reconnects from its last id.
    const watching = (async () => {
      let cursor = "0:0";
      while (!abort.signal.aborted) {
        const target = `${stack.url}/events.onStatus?input=${encodeURIComponent(JSON.stringify({ lastEventId: cursor }))}`;
        try {
          for await (const message of readSse(target, abort.signal)) {
            if (message.event && message.event !== "message") continue;
            received.push(JSON.parse(message.data) as StatusEventJson);
            cursor = message.id ?? cursor;
          }
        } catch {
          // the server answered 500 while the database was down, or the stream broke
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    try {
      const created: string[] = [];
      let failed = 0;
      for (let i = 0; i < 16; i++) {
        if (i === 5) void server.restart();
        try {
          created.push((await stack.caller.loadBalancer.create(graph(stack, `restart-${i}`))).id);
        } catch {
          failed++; // refused while the server was down: the client sees the error and may retry
        }
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(created.length).toBeGreaterThanOrEqual(8);
      await eventually(
        async () => {
          const states = await Promise.all(created.map((id) => stack.caller.loadBalancer.get({ id })));
          return states.every((lb) => lb.provisioning_status === "ACTIVE") ? true : undefined;
        },
        90_000,
        "every created load balancer ACTIVE",
      );
      // Every load balancer's ACTIVE event reached the reconnecting client, and none twice.
      await eventually(async () => {
        const active = new Set(received.filter((e) => e.resource_type === "loadbalancer" && e.provisioning_status === "ACTIVE").map((e) => e.resource_id));
        return created.every((id) => active.has(id)) ? true : undefined;
      }, 30_000, "an ACTIVE event per load balancer");
      const keys = received.map((e) => `${e.txid}:${e.id}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(failed + created.length).toBe(16);
    } finally {
      abort.abort();
      await watching;
      await stack.close();
      await server.stop();
    }
    // Its own waits run to 90 s (every load balancer ACTIVE) and 30 s: the default 60 s would cut
    // them short on a loaded machine and leave the world unclosed.
  }, 180_000);
});
