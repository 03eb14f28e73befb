// Host failover figures, printed as a table (a benchmark, not a test): LOAD_BALANCERS load
// balancers (SINGLE topology) on one amphora host of two, each asked through its floating IP
// every POLL_MS. The host is then taken away as a power cut would take it: its agent gone (no
// more heartbeats, no answers) and every HAProxy it started killed. Printed:
//   - each VIP's outage, from its first failed request to its first answer from the other host,
//     p50/p95/max (goal: p95 under 5 s), and the time until the last one was ACTIVE again;
//   - against a baseline in the same run: an operator's failover (the API's) of a load balancer
//     on a live host, which rebuilds the amphora with nothing to detect first;
//   - the heartbeat timeout, the part of the outage spent noticing that the host is gone.
// Run: npx tsx bench/host-failover.ts [--smoke]   (root: a network prefix and an external /24
// claimed like a test world's, removed at the end, and a temporary directory)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPglite } from "@/db/client";
import { createWorld } from "@/server/testing/database";
import { httpGraph } from "@/server/testing/fixtures";
import { type Outage, watchOutage } from "@/server/testing/outage";
import { eventually, launchStack } from "@/server/testing/stack";
import { ms, percentile, printTable, runBenchmark, sized } from "./report";

const LOAD_BALANCERS = sized(50, 2);
const BASELINE_FAILOVERS = sized(5, 1);
/** How often each of the many VIPs is asked: the outage's resolution (50 of them share two cores with the controller). */
const POLL_MS = 200;
/** How often the baseline's one VIP is asked: its outage is a fraction of a second. */
const BASELINE_POLL_MS = 20;
/** The test stack's (server/testing/stack.ts), as the product's default. */
const HEARTBEAT_TIMEOUT_MS = 3_000;

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lbaas-bench-"));
  // HAProxy's workers reach the controller's health-log socket below it as the haproxy user.
  fs.chmodSync(root, 0o755);
  const world = await createWorld(await openPglite());
  const stack = await launchStack(world, root, { hosts: 2 });
  const [a, b] = stack.hosts as [(typeof stack.hosts)[number], (typeof stack.hosts)[number]];
  const amphoraOf = async (lbId: string) => (await stack.api.amphora.list.query()).find((x) => x.loadbalancer_id === lbId);
  const members = [world.web1.fixed_ip, world.web2.fixed_ip];
  /** A load balancer reachable by its floating IP, and its amphora's id. */
  const create = async (name: string) => {
    const lb = await stack.api.loadBalancer.create.mutate(httpGraph(name, world.selfservice.id, members));
    await stack.untilActive(lb.id, 60_000);
    return { id: lb.id, url: `http://${await stack.reach(lb)}/`, amphora: (await amphoraOf(lb.id))!.id };
  };
  /**
   * Once every one of `lbs` is ACTIVE with a new amphora: one read of them all at a time, so
   * the waiting does not crowd out the controller's own queries on the shared database.
   */
  const replaced = (lbs: { id: string; amphora: string }[]) =>
    eventually(async () => {
      const [all, amphorae] = [await stack.api.loadBalancer.list.query({ limit: 1000 }), await stack.api.amphora.list.query()];
      const done = lbs.every((lb) => {
        const row = all.items.find((x) => x.id === lb.id);
        const amphora = amphorae.find((a) => a.loadbalancer_id === lb.id);
        return row?.provisioning_status === "ACTIVE" && amphora && amphora.id !== lb.amphora && amphora.status === "ALLOCATED";
      });
      return done ? true : undefined;
    }, 300_000, `${lbs.length} load balancers failed over`);
  const settle = async (polls: ReturnType<typeof watchOutage>[]): Promise<Outage[]> => {
    await Promise.all(polls.map((p) => p.recovered(60_000)));
    return Promise.all(polls.map((p) => p.stop()));
  };
  try {
    // Baseline: the operator's failover of a load balancer on B, a live host.
    await stack.api.amphoraHost.update.mutate({ id: a.id, enabled: false });
    const operator: number[] = [];
    for (let i = 0; i < BASELINE_FAILOVERS; i++) {
      const lb = await create(`baseline-${i}`);
      const poll = watchOutage(lb.url, BASELINE_POLL_MS);
      await stack.api.amphora.failover.mutate({ id: lb.amphora });
      await replaced([lb]);
      operator.push((await settle([poll]))[0]!.gapMs);
      await stack.api.loadBalancer.delete.mutate({ id: lb.id, cascade: true });
    }

    // LOAD_BALANCERS on A, then A's power cut.
    await stack.api.amphoraHost.update.mutate({ id: a.id, enabled: true });
    await stack.api.amphoraHost.update.mutate({ id: b.id, enabled: false });
    const lbs = [];
    for (let i = 0; i < LOAD_BALANCERS; i++) lbs.push(await create(`on-a-${i}`));
    await stack.api.amphoraHost.update.mutate({ id: b.id, enabled: true });
    const polls = lbs.map((lb) => watchOutage(lb.url, POLL_MS));
    const cut = performance.now();
    await stack.powerCut(a);
    await replaced(lbs);
    const allActive = performance.now() - cut;
    const outages = (await settle(polls)).map((o) => o.gapMs);
    const lost = (await Promise.all(lbs.map(async (lb) => (await amphoraOf(lb.id))?.compute_id))).filter((host) => host !== b.id).length;
    if (lost > 0) throw new Error(`${lost} load balancers are not on the host that is left`);

    const row = (what: string, xs: number[]) => [what, String(xs.length), ms(percentile(xs, 50)), ms(percentile(xs, 95)), ms(Math.max(...xs)), `${(percentile(xs, 50) / percentile(operator, 50)).toFixed(2)}x`];
    printTable([
      ["outage (first failed request to first answer)", "n", "p50", "p95", "max", "p50 vs operator failover"],
      row(`host power cut, ${LOAD_BALANCERS} load balancers on it`, outages),
      row("operator failover on a live host (baseline)", operator),
    ]);
    printTable([
      ["host power cut", "value"],
      ["heartbeat timeout (noticing the host is gone)", ms(HEARTBEAT_TIMEOUT_MS)],
      ["until the last load balancer was ACTIVE on the other host", ms(allActive)],
      ["each VIP asked every (baseline's)", `${ms(POLL_MS)} (${ms(BASELINE_POLL_MS)})`],
    ]);
  } finally {
    await stack.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

runBenchmark(main);
