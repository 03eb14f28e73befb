// Controller figures, printed as a table (a benchmark, not a test):
//   - graph create -> ACTIVE through the host's amphora agent (HTTPS, mutual TLS), as production
//     drives HAProxy, against the same controller calling the driver in its own process (a second
//     stack, creates alternating between the two): the agent must not make creates slower;
//   - graph create -> ACTIVE, p50/p95 over 50 creates, against a baseline measured in the same
//     run: the same work done by hand, with no database, API or controller: a namespace with a
//     veth to a bridge and the VIP on it (the network engine's ensureNamespace), then the bare
//     driver starting HAProxy inside it on the same rendered config;
//   - add member -> ACTIVE, p50/p95 over 20 adds (applied through HAProxy's runtime API, no
//     reload), against the bare driver applying the same change;
//   - a structural change (the pool's algorithm, which only a reload can apply) -> ACTIVE,
//     p50/p95 over 20 changes, against the bare driver's hitless reload of the same config, and
//     the failed requests during those reloads under a bounded load from the host through the
//     load balancer's floating IP (the router's DNAT to the VIP). It throws when the master did
//     not reload once per change, was restarted instead, or no request got through.
// Run: npx tsx bench/controller.ts [--smoke]   (root: three network prefixes and external /24s
// claimed like a test world's, removed at the end, and a temporary directory)
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
import { ensureNamespace, removeNamespace } from "@/server/network/apply";
import { assertLocalPath } from "@/server/network/host-guard";
import { AMPHORA_VIP_IFNAME, bridgeName, hostVethName, namespaceName } from "@/server/network/names";
import type { BridgePlan } from "@/server/network/plan";
import { loadTree } from "@/server/orchestrator/tree";
import { createWorld } from "@/server/testing/database";
import { claimNetWorld } from "@/server/testing/netns";
import { webGraph } from "@/server/testing/fixtures";
import { launchStack } from "@/server/testing/stack";
import { ms, percentile, printTable, runBenchmark, sized } from "./report";

const CREATES = sized(50, 2);
const MEMBER_ADDS = sized(20, 2);
const RELOADS = sized(20, 2);

/**
 * The hand-made side: namespaces under a prefix of their own. The world's prefix is the network
 * reconciler's, whose full passes remove whatever carries it with no row behind it (a bare
 * namespace would vanish mid-run); a second claim is cleaned up the same way a world's is.
 */
async function bareNetwork() {
  const net = await claimNetWorld();
  // One bridge stands for the VIP's network; each bare VIP may equal the product's, since this
  // segment is the bare side's alone.
  const bridge: BridgePlan = { name: bridgeName(net.prefix, "00000000-0000-4000-8000-000000000000") };
  const made: string[] = [];
  return {
    prefix: net.prefix,
    namespaceOf: (lbId: string) => namespaceName(net.prefix, "amphora", lbId),
    /** A namespace for `lbId` with a veth on the bridge and `vip`/24 on its eth1, as an amphora's. */
    async plug(lbId: string, vip: string) {
      const name = namespaceName(net.prefix, "amphora", lbId);
      made.push(name);
      const port = { ifname: AMPHORA_VIP_IFNAME, hostIfname: hostVethName(net.prefix, name, AMPHORA_VIP_IFNAME), bridge: bridge.name, addresses: [`${vip}/24`] };
      await ensureNamespace(net.prefix, { name, kind: "amphora", ports: [port], routes: [], forwarding: false, nftables: null }, [bridge]);
    },
    /** Removes each namespace made, then everything else of the prefix (the bridge). */
    async close() {
      try {
        for (const name of made) await removeNamespace(net.prefix, name);
      } finally {
        await net.close();
      }
    },
  };
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lbaas-bench-"));
  // HAProxy's workers run as the haproxy user and connect to the controller's health-log socket
  // below: a root-only directory refuses them, and a refused worker retries in a busy loop.
  fs.chmodSync(root, 0o755);
  const world = await createWorld(await openPglite());
  const stack = await launchStack(world, root);
  // The same controller with the driver in its own process: no agent between them.
  const directWorld = await createWorld(await openPglite());
  const direct = await launchStack(directWorld, root, { direct: true });
  const bareNet = await bareNetwork();
  // What to look for on the host afterwards (`ip netns list`): nothing of either should be left.
  console.log(`network prefixes: ${world.net.prefix} (the product), ${bareNet.prefix} (by hand)`);
  const bare = createLocalDriver({ baseDir: path.join(root, "bare"), log: () => undefined, namespaceOf: bareNet.namespaceOf });
  const bareIds: string[] = [];
  const wakeup = world.feed.subscribe();
  const directWakeup = directWorld.feed.subscribe();
  const activeIn = (s: typeof stack, w: typeof wakeup) => async (lbId: string) => {
    for (;;) {
      const [row] = await s.db.select({ s: loadBalancers.provisioning_status }).from(loadBalancers).where(eq(loadBalancers.id, lbId));
      if (row?.s === "ACTIVE") return;
      if (row?.s === "ERROR") {
        const events = await s.api.loadBalancer.events.query({ id: lbId });
        throw new Error(`load balancer ${lbId} went ERROR: ${events.find((e) => e.reason)?.reason ?? "no reason"}`);
      }
      await Promise.race([w.wait(), new Promise((r) => setTimeout(r, 20))]);
    }
  };
  const untilActive = activeIn(stack, wakeup);
  const untilActiveDirect = activeIn(direct, directWakeup);
  try {
    // Graph create -> ACTIVE, and beside each one the same by hand: the namespace plugged, then
    // HAProxy started in it on the same config.
    const create: number[] = [];
    const directCreate: number[] = [];
    const bareStart: number[] = [];
    const barePlug: number[] = [];
    let lastLb = "";
    for (let i = 0; i < CREATES; i++) {
      const t0 = performance.now();
      const lb = await stack.api.loadBalancer.create.mutate(webGraph(world, { name: `bench-${i}` }));
      await untilActive(lb.id);
      create.push(performance.now() - t0);
      lastLb = lb.id;

      const t2 = performance.now();
      const directLb = await direct.api.loadBalancer.create.mutate(webGraph(directWorld, { name: `bench-${i}` }));
      await untilActiveDirect(directLb.id);
      directCreate.push(performance.now() - t2);

      const tree = await loadTree(world.db, lb.id);
      const bareId = lb.id.replace(/^.{8}/, "bbbbbbbb");
      const text = renderConfig({ ...tree!.model, id: bareId }, bare.paths(bareId));
      const t1 = performance.now();
      await bareNet.plug(bareId, tree!.model.vip_address);
      barePlug.push(performance.now() - t1);
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
      const text = renderConfig({ ...tree!.model, id: bareId }, bare.paths(bareId));
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
    // The host reaches the VIP only through a floating IP: the router's DNAT.
    const fip = await stack.reach(await stack.api.loadBalancer.get.query({ id: lastLb }));
    // The host sends only where its route is the world's external bridge, never eth0's.
    await assertLocalPath(fip, world.net.prefix);
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
          const res = await fetch(`http://${fip}/`, { signal: AbortSignal.timeout(5000) });
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
      const text = renderConfig({ ...tree!.model, id: bareId }, bare.paths(bareId));
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
    if (ok === 0) throw new Error(`no request through the floating IP ${fip} succeeded (${failed} failed): the reload phase measured nothing`);

    const rows: [string, string, string, string][] = [
      ["figure", "p50", "p95", "vs baseline (p50 ratio)"],
      [`graph create -> ACTIVE through the amphora agent (n=${CREATES})`, ms(percentile(create, 50)), ms(percentile(create, 95)), `${(percentile(create, 50) / percentile(directCreate, 50)).toFixed(2)}x`],
      [`  baseline: the same controller, driver in its own process`, ms(percentile(directCreate, 50)), ms(percentile(directCreate, 95)), "1.00x (target: <= 1.10x)"],
      [`graph create -> ACTIVE (n=${CREATES})`, ms(percentile(create, 50)), ms(percentile(create, 95)), `${(percentile(create, 50) / percentile(bareStart, 50)).toFixed(2)}x`],
      [`  baseline: namespace + veth + VIP, then HAProxy, by hand`, ms(percentile(bareStart, 50)), ms(percentile(bareStart, 95)), "1.00x (target: create <= 1.10x)"],
      [`    of which the namespace, veth and VIP`, ms(percentile(barePlug, 50)), ms(percentile(barePlug, 95)), ""],
      [`add member -> ACTIVE, runtime API (n=${MEMBER_ADDS})`, ms(percentile(addMember, 50)), ms(percentile(addMember, 95)), `${(percentile(addMember, 50) / percentile(bareReload, 50)).toFixed(2)}x`],
      [`  baseline: bare driver, same change`, ms(percentile(bareReload, 50)), ms(percentile(bareReload, 95)), "1.00x"],
      [`pool algorithm -> ACTIVE, reload (n=${RELOADS})`, ms(percentile(reload, 50)), ms(percentile(reload, 95)), `${(percentile(reload, 50) / percentile(bareReloadSame, 50)).toFixed(2)}x`],
      [`  baseline: bare hitless reload, same config`, ms(percentile(bareReloadSame, 50)), ms(percentile(bareReloadSame, 95)), "1.00x"],
      [`requests through the floating IP during ${after.reloads - before.reloads} reloads (4 clients)`, `${ok} ok`, `${failed} failed`, `master ${after.pid} kept`],
    ];
    printTable(rows);
  } finally {
    wakeup.close();
    directWakeup.close();
    try {
      for (const id of bareIds) await bare.stop(id);
      await bareNet.close();
    } finally {
      await direct.close();
      await stack.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
}

runBenchmark(main);
