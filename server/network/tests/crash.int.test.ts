import { stopLocalHosts } from "@/server/agents/local-agent";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLocalDriver } from "@/amphora/driver";
import { amphorae, amphoraHosts, loadBalancers } from "@/db/schema";
import { bridgeLinkNames } from "@/server/network/bridges";
import { type ComputeAgent, startComputeAgent } from "@/server/cloud/compute/agent";
import { syncInstanceServers } from "@/server/cloud/instances";
import { desiredPlan, localHostUnderlayAddress } from "@/server/network/desired";
import { hostLinks, listNamespaces } from "@/server/network/iproute";
import { namespaceName, ownedBy } from "@/server/network/names";
import { loadNetworkRows } from "@/server/network/rows";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { httpGraph } from "@/server/testing/fixtures";
import { curlFrom } from "@/server/testing/probe";
import { spawnTsx } from "@/server/testing/spawn";
import { eventually } from "@/server/testing/stack";

// The controller worker (the network reconciler and the controller in one process, as `npm run
// worker` runs them) killed with SIGKILL while it makes amphorae, then started again: the host
// ends exactly as the rows say (no namespace, veth or nftables rule of a half-made amphora left
// over), and every load balancer whose create was committed serves.

const onPostgres = inject("postgresUrl") !== null;

describe.runIf(onPostgres)("the controller worker killed while it makes amphorae", () => {
  let w: TestWorld;
  let compute: ComputeAgent;
  const dataDir = fs.mkdtempSync(path.join(inject("amphoraRoot"), "n-"));
  const workers: ResultPromise[] = [];
  const output: string[] = [];
  let driver: ReturnType<typeof createLocalDriver>;
  /** Each load balancer's amphora namespace, once the rows say which amphora it has. */
  let namespaceOfLb: (lbId: string) => string | null = () => null;
  const startWorker = () => {
    const env = { DATABASE_URL: w.database.url ?? "", DATA_DIR: dataDir, ...w.net.env };
    const worker = spawnTsx("server/orchestrator/main.ts", env, output);
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    w = await testWorld();
    driver = createLocalDriver({ baseDir: path.join(dataDir, "amphorae"), log: () => undefined, namespaceOf: (id) => namespaceOfLb(id) });
    compute = await startComputeAgent({ networkPrefix: w.net.prefix });
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill("SIGTERM");
    await Promise.all(workers);
    // The agents the processes started outlive them, as they would a crash: stopped here with their HAProxies.
    await stopLocalHosts(dataDir);
    await compute?.stop();
    await w?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const namespaces = async () => (await listNamespaces()).map((n) => n.name).filter((n) => ownedBy(w.net.prefix, n));

  it("leaves no namespace, veth or nftables rule behind, and every committed load balancer serves", async () => {
    startWorker();
    // The worker's first pass makes the instances' namespaces; their servers then listen inside.
    const web3 = namespaceName(w.net.prefix, "instance", w.web3.id);
    await eventually(async () => ((await namespaces()).includes(web3) ? true : undefined), 60_000, "the worker's first network pass");
    await syncInstanceServers(w.db, compute);

    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await w.caller.loadBalancer.create(httpGraph(`crash-${i}`, w.selfservice.id, [w.web1.fixed_ip]))).id);
    // Kill it once it is making amphorae: some namespaces made, the rest not yet.
    await eventually(async () => ((await namespaces()).some((n) => n.includes("-amphora-")) ? true : undefined), 60_000, "the worker plugging amphorae");
    const first = workers.at(-1)!;
    first.kill("SIGKILL");
    await first;
    const statuses = await w.db.select({ status: loadBalancers.provisioning_status }).from(loadBalancers).where(eq(loadBalancers.project_id, w.projectId));
    expect(statuses.filter((r) => r.status === "ACTIVE").length, "killed before it finished").toBeLessThan(ids.length);
    startWorker();

    await eventually(
      async () => {
        const rows = await w.db.select({ id: loadBalancers.id, status: loadBalancers.provisioning_status }).from(loadBalancers).where(eq(loadBalancers.project_id, w.projectId));
        if (rows.some((r) => r.status === "ERROR")) throw new Error("a load balancer went ERROR");
        return rows.length === ids.length && rows.every((r) => r.status === "ACTIVE") ? true : undefined;
      },
      120_000,
      "every load balancer ACTIVE",
    ).catch((err: Error) => {
      throw new Error(`${err.message}; the workers said: ${output.join("").slice(-3000)}`);
    });

    // Exactly what the rows plan is on the host: every namespace and host link, nothing more; and
    // on the amphora host, an amphora namespace for each load balancer.
    const [host] = await w.db.select({ id: amphoraHosts.id }).from(amphoraHosts);
    const plan = desiredPlan(await loadNetworkRows(w.db), w.net.settings, [{ id: host!.id, address: localHostUnderlayAddress(w.net.underlayCidr, 1) }]);
    const amphoraRows = await w.db.select({ id: amphorae.id, lb: amphorae.loadbalancer_id }).from(amphorae);
    const amphoraNs = new Map(amphoraRows.map((a) => [a.lb, namespaceName(w.net.prefix, "amphora", a.id)]));
    namespaceOfLb = (id) => amphoraNs.get(id) ?? null;
    await eventually(async () => {
      const planned = [...plan.namespaces.map((n) => n.name), ...amphoraNs.values()].sort();
      return JSON.stringify((await namespaces()).sort()) === JSON.stringify(planned) ? true : undefined;
    }, 20_000, "the host's namespaces as planned");
    expect([...amphoraNs.keys()].sort()).toEqual([...ids].sort());
    const plannedLinks = [...plan.bridges.flatMap(bridgeLinkNames), ...plan.namespaces.flatMap((n) => n.ports.map((p) => p.hostIfname))].sort();
    expect((await hostLinks()).map((l) => l.ifname).filter((n) => ownedBy(w.net.prefix, n)).sort()).toEqual(plannedLinks);
    // nftables: each namespace holds its planned tables and nothing else (no DNAT without a floating IP).
    for (const ns of plan.namespaces) {
      const ruleset = (await execa("ip", ["netns", "exec", ns.name, "nft", "list", "ruleset"])).stdout;
      const tables = [...ruleset.matchAll(/^table \S+ (\S+)/gm)].map((m) => m[1]).filter((t) => t !== "engine_applied");
      const plannedTables = [...(ns.nftables ?? "").matchAll(/^table \S+ (\S+)/gm)].map((m) => m[1]);
      expect(tables, ns.name).toEqual(plannedTables);
      expect(ruleset, ns.name).not.toMatch(/dnat to/);
    }
    // Every one serves, from a single HAProxy in its own namespace, as a tenant's machine sees it.
    for (const id of ids) {
      const [lb] = await w.db.select({ vip: loadBalancers.vip_address }).from(loadBalancers).where(eq(loadBalancers.id, id));
      expect((await driver.status(id)).running, id).toBe(true);
      const answer = await eventually(async () => {
        const got = await curlFrom(web3, `http://${lb!.vip}/`);
        return got.status === 200 ? got : undefined;
      }, 20_000, `load balancer ${id} serving`);
      expect(answer.body).toBe("web1\n");
    }
    expect((await driver.list()).sort()).toEqual([...ids].sort());
  });
});
