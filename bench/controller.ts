// Controller figures, printed as a table (a benchmark, not a test):
//   - graph create -> ACTIVE, p50/p95 over 50 creates, against a baseline measured in the same
//     run: the bare driver starting HAProxy on the same rendered config (no database, no API);
//   - add member -> ACTIVE, p50/p95 over 20 adds (applied through HAProxy's runtime API, no
//     reload), against the bare driver applying the same change;
//   - a structural change (the pool's algorithm, which only a reload can apply) -> ACTIVE,
//     p50/p95 over 20 changes, against the bare driver's hitless reload of the same config, and
//     the failed requests during those reloads under a bounded load through the VIP. It throws
//     when the master did not reload once per change, or was restarted instead.
// Run: npx tsx bench/controller.ts [--smoke]   (root; uses 127.90.0.0/16 and a temporary directory)
// --smoke (or BENCH_SMOKE=1): two of each, as `npm test` runs it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { createLocalDriver } from "@/amphora/driver";
import { showProc } from "@/amphora/master-cli";
import { renderConfig } from "@/amphora/render";
import { openPglite } from "@/db/client";
import { loadBalancers } from "@/db/schema";
import { loadTree } from "@/server/orchestrator/tree";
import { createWorld } from "@/server/testing/database";
import { webGraph } from "@/server/testing/fixtures";
import { launchStack } from "@/server/testing/stack";
import { ms, percentile, printTable, sized } from "./report";

const CREATES = sized(50, 2);
const MEMBER_ADDS = sized(20, 2);
const RELOADS = sized(20, 2);

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lbaas-bench-"));
  const world = await createWorld(await openPglite());
  const stack = await launchStack(world, root);
  const bare = createLocalDriver({ baseDir: path.join(root, "bare"), log: () => undefined });
  const bareIds: string[] = [];
  const wakeup = world.feed.subscribe();
  const untilActive = async (lbId: string) => {
    for (;;) {
      const [row] = await world.db.select({ s: loadBalancers.provisioning_status }).from(loadBalancers).where(eq(loadBalancers.id, lbId));
      if (row?.s === "ACTIVE") return;
      if (row?.s === "ERROR") {
        const events = await stack.api.loadBalancer.events.query({ id: lbId });
        throw new Error(`load balancer ${lbId} went ERROR: ${events.find((e) => e.reason)?.reason ?? "no reason"}`);
      }
      await Promise.race([wakeup.wait(), new Promise((r) => setTimeout(r, 20))]);
    }
  };
  try {
    // Graph create -> ACTIVE, and the bare start of the same config beside each one.
    const create: number[] = [];
    const bareStart: number[] = [];
    let lastLb = "";
    for (let i = 0; i < CREATES; i++) {
      const t0 = performance.now();
      const lb = await stack.api.loadBalancer.create.mutate(webGraph(world, { name: `bench-${i}` }));
      await untilActive(lb.id);
      create.push(performance.now() - t0);
      lastLb = lb.id;

      const tree = await loadTree(world.db, lb.id);
      const bareId = lb.id.replace(/^.{8}/, "bbbbbbbb");
      const model = { ...tree!.model, id: bareId, vip_address: `127.90.9.${10 + i}` };
      const text = renderConfig(model, bare.paths(bareId));
      const t1 = performance.now();
      await bare.apply(bareId, text, "bench");
      bareStart.push(performance.now() - t1);
      bareIds.push(bareId);
    }

    // Add member -> ACTIVE on one load balancer, and the bare reload of the same change.
    const pool = (await stack.api.pool.list.query({ loadbalancer_id: lastLb })).items[0]!;
    const addMember: number[] = [];
    const bareReload: number[] = [];
    const bareId = bareIds[bareIds.length - 1]!;
    for (let i = 0; i < MEMBER_ADDS; i++) {
      const t0 = performance.now();
      await stack.api.member.create.mutate({ pool_id: pool.id, address: world.web3.fixed_ip, protocol_port: 8000 + i });
      await untilActive(lastLb);
      addMember.push(performance.now() - t0);

      const tree = await loadTree(world.db, lastLb);
      const text = renderConfig({ ...tree!.model, id: bareId, vip_address: `127.90.9.${10 + CREATES - 1}` }, bare.paths(bareId));
      const t1 = performance.now();
      await bare.apply(bareId, text, "bench");
      bareReload.push(performance.now() - t1);
    }

    // Reloads under load: four clients (bounded in count and time) while RELOADS structural
    // changes land. First the pool goes back to its two live members, so every failure counted
    // is the reloads' own.
    await stack.api.member.batchUpdate.mutate({
      pool_id: pool.id,
      members: [world.web1, world.web2].map((w) => ({ address: w.fixed_ip, protocol_port: 80 })),
    });
    await untilActive(lastLb);
    const lb = await stack.api.loadBalancer.get.query({ id: lastLb });
    for (;;) {
      const tree = await stack.api.loadBalancer.statusTree.query({ id: lastLb });
      if (tree.loadbalancer.operating_status === "ONLINE") break;
      await Promise.race([wakeup.wait(), new Promise((r) => setTimeout(r, 100))]);
    }
    let stop = false;
    let ok = 0;
    let failed = 0;
    const deadline = Date.now() + 120_000;
    const clients = Array.from({ length: 4 }, async () => {
      while (!stop && Date.now() < deadline && ok + failed < 200_000) {
        try {
          const res = await fetch(`http://${lb.vip_address}/`, { signal: AbortSignal.timeout(5000) });
          await res.text();
          if (res.status === 200) ok++;
          else failed++;
        } catch {
          failed++;
        }
      }
    });
    // The pool's algorithm flips between ROUND_ROBIN and LEAST_CONNECTIONS: the `balance` line
    // changes, which the runtime API cannot apply (member and weight changes no longer reload).
    const master = stack.driver.paths(lastLb).masterSocket;
    const before = { pid: (await stack.driver.status(lastLb)).pid, reloads: (await showProc(master)).reloads };
    const reload: number[] = [];
    const bareReloadSame: number[] = [];
    for (let i = 0; i < RELOADS; i++) {
      const t0 = performance.now();
      await stack.api.pool.update.mutate({ id: pool.id, lb_algorithm: i % 2 === 0 ? "LEAST_CONNECTIONS" : "ROUND_ROBIN" });
      await untilActive(lastLb);
      reload.push(performance.now() - t0);

      const tree = await loadTree(world.db, lastLb);
      const text = renderConfig({ ...tree!.model, id: bareId, vip_address: `127.90.9.${10 + CREATES - 1}` }, bare.paths(bareId));
      const t1 = performance.now();
      const applied = await bare.apply(bareId, text, "bench");
      bareReloadSame.push(performance.now() - t1);
      if (applied.action !== "reloaded") throw new Error(`the bare driver did not reload the algorithm change (${applied.action})`);
    }
    stop = true;
    await Promise.all(clients);
    const after = { pid: (await stack.driver.status(lastLb)).pid, reloads: (await showProc(master)).reloads };
    if (after.pid !== before.pid) throw new Error(`the reload phase restarted HAProxy (master ${before.pid} -> ${after.pid}) instead of reloading it`);
    if (after.reloads - before.reloads < RELOADS) {
      throw new Error(`the reload phase did not reload: ${after.reloads - before.reloads} reloads for ${RELOADS} changes`);
    }

    const rows: [string, string, string, string][] = [
      ["figure", "p50", "p95", "vs baseline (p50 ratio)"],
      [`graph create -> ACTIVE (n=${CREATES})`, ms(percentile(create, 50)), ms(percentile(create, 95)), `${(percentile(create, 50) / percentile(bareStart, 50)).toFixed(2)}x`],
      [`  baseline: bare HAProxy start, same config`, ms(percentile(bareStart, 50)), ms(percentile(bareStart, 95)), "1.00x"],
      [`add member -> ACTIVE, runtime API (n=${MEMBER_ADDS})`, ms(percentile(addMember, 50)), ms(percentile(addMember, 95)), `${(percentile(addMember, 50) / percentile(bareReload, 50)).toFixed(2)}x`],
      [`  baseline: bare driver, same change`, ms(percentile(bareReload, 50)), ms(percentile(bareReload, 95)), "1.00x"],
      [`pool algorithm -> ACTIVE, reload (n=${RELOADS})`, ms(percentile(reload, 50)), ms(percentile(reload, 95)), `${(percentile(reload, 50) / percentile(bareReloadSame, 50)).toFixed(2)}x`],
      [`  baseline: bare hitless reload, same config`, ms(percentile(bareReloadSame, 50)), ms(percentile(bareReloadSame, 95)), "1.00x"],
      [`requests during ${after.reloads - before.reloads} reloads (4 clients)`, `${ok} ok`, `${failed} failed`, `master ${after.pid} kept`],
    ];
    printTable(rows);
  } finally {
    wakeup.close();
    for (const id of bareIds) await bare.stop(id);
    await stack.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
