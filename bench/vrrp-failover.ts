// How long an ACTIVE_STANDBY VIP is gone when its master fails, printed as a table (a benchmark,
// not a test): two amphora namespaces with real HAProxies and keepalived as keepalived.ts
// renders it, a client polling the VIP every 10 ms (a new connection each) from the host through
// the pair's network. Each trial fails the current master one way and measures the longest run
// of failed requests until the backup answers; the failed amphora is then brought back (it
// rejoins as backup: nopreempt) before the next trial.
//
// Cases: the master's link down (its host gone, as the backup sees it: silence), and the
// master's HAProxy killed (its check script gives the VIP up).
//
// Run: npx tsx bench/vrrp-failover.ts [--smoke]   (root: a network prefix and an external /24
// claimed like a test world's, removed at the end, and a temporary directory)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runKeepalived, stopKeepalived, vrrpState } from "@/amphora/keepalived-process";
import { poll } from "@/amphora/process-table";
import { buildVrrpPair, type PairAmphora, type VrrpPair } from "@/server/testing/vrrp-pair";
import { ip } from "@/server/network/iproute";
import { claimNetWorld } from "@/server/testing/netns";
import { type Outage, watchOutage } from "@/server/testing/outage";
import { ms, percentile, printTable, runBenchmark, sized } from "./report";

const TRIALS = sized(20, 3);
const POLL_MS = 10;
/** A request not answered in this time failed (a lost SYN would otherwise be retried 1 s later and count as slow). */
const REQUEST_TIMEOUT_MS = 200;

interface Failure {
  name: string;
  fail(pair: VrrpPair, master: PairAmphora): Promise<void>;
  restore(pair: VrrpPair, master: PairAmphora): Promise<void>;
}

const FAILURES: Failure[] = [
  {
    name: "master's link down",
    fail: (_pair, master) => ip(["link", "set", master.hostEnd, "down"]).then(() => undefined),
    // A host that comes back does not bring its old master back: its amphora is rebuilt, and a
    // new keepalived starts as backup. (The old one, still MASTER behind its dead link, would take
    // the VIP back by priority the moment it hears the new master.)
    async restore(_pair, master) {
      await stopKeepalived(master.paths);
      await ip(["link", "set", master.hostEnd, "up"]);
      await runKeepalived(master.paths, master.ns);
    },
  },
  {
    name: "master's HAProxy killed",
    fail: async (pair, master) => pair.killHaproxy(master),
    restore: (pair, master) => pair.startHaproxy(master),
  },
];

async function masterOf(pair: VrrpPair): Promise<PairAmphora> {
  const found = await poll(async () => {
    for (const amphora of pair.amphorae) if (await pair.holdsVip(amphora)) return amphora;
    return undefined;
  }, 10_000);
  if (!found) throw new Error("no amphora holds the VIP");
  return found;
}

async function trial(pair: VrrpPair, failure: Failure): Promise<Outage> {
  const master = await masterOf(pair);
  const watch = watchOutage(`http://${pair.vip}/`, POLL_MS, REQUEST_TIMEOUT_MS);
  await watch.recovered(5_000);
  const down = watch.failed(10_000);
  await failure.fail(pair, master);
  // Requests fail, then the VIP answers again from the other amphora.
  await down;
  await watch.recovered(10_000);
  const outage = await watch.stop();
  await failure.restore(pair, master);
  // The failed amphora rejoins as backup (its check passing again, or its new keepalived up):
  // the next trial starts from a whole pair.
  const rejoined = await poll(async () => ((await vrrpState(master.paths)) === "BACKUP" ? true : undefined), 10_000);
  const backup = pair.amphorae.find((a) => a !== master)!;
  if (!rejoined || !(await pair.holdsVip(backup))) throw new Error(`${failure.name}: the pair is not whole again (the failed amphora BACKUP, the other holding the VIP)`);
  return outage;
}

async function main() {
  const world = await claimNetWorld();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lbaas-bench-"));
  fs.chmodSync(root, 0o755);
  let pair: VrrpPair | null = null;
  try {
    pair = await buildVrrpPair(world, root);
    // The host reaches the VIP over the pair's bridge, never through its uplink.
    const route = await ip(["route", "get", pair.vip]);
    if (!route.includes(`${world.prefix}-kabr`)) throw new Error(`refusing: ${pair.vip} is not routed over the pair's bridge: ${route}`);
    for (const amphora of pair.amphorae) await runKeepalived(amphora.paths, amphora.ns);
    const rows = [["case", "trials", "gap p50", "gap p95", "gap max", "failed requests / trial (max)"]];
    for (const failure of FAILURES) {
      const outages: Outage[] = [];
      for (let i = 0; i < TRIALS; i++) outages.push(await trial(pair, failure));
      const gaps = outages.map((o) => o.gapMs);
      const failed = outages.map((o) => o.failed);
      rows.push([
        failure.name,
        String(TRIALS),
        ms(percentile(gaps, 50)),
        ms(percentile(gaps, 95)),
        ms(Math.max(...gaps)),
        `${(failed.reduce((a, b) => a + b, 0) / failed.length).toFixed(1)} (${Math.max(...failed)})`,
      ]);
    }
    console.log(`ACTIVE_STANDBY VIP failover: VRRPv3 unicast, advert every ${pair.amphorae[0].settings.advertIntervalMs} ms, HAProxy checked every ${pair.amphorae[0].settings.checkIntervalS} s (fall ${pair.amphorae[0].settings.checkFall}); a request every ${POLL_MS} ms, failed past ${REQUEST_TIMEOUT_MS} ms`);
    printTable(rows);
  } finally {
    await pair?.close();
    await world.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

runBenchmark(main);
