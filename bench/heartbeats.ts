// Heartbeat figures, printed as a table (a benchmark, not a test): the controller's end of the
// amphora hosts' heartbeats (the UDP listener checking each signature and order, and the host
// monitor, and what it keeps of each amphora's stats for the health manager) for HOSTS hosts of
// AMPHORAE amphorae each (one listener, a pool of two members each, with their stats), one beat
// per host per second, as the agents send them (Octavia's envelope, signed with the heartbeat
// key, in as many datagrams as the beat needs):
//   - the controller's CPU per second and per heartbeat over WINDOW_S seconds (less what the same
//     process costs idle as long), against a baseline in the same run: the same datagrams
//     checked and decoded in a loop, with no socket and no monitor (what a heartbeat costs at
//     the least);
//   - database writes in that window, all hosts being well (goal: none: a host's row is written
//     when its status changes, and its last_seen_at at most once a minute).
// The datagrams are made before the window, so the sending side costs nothing in it.
// Run: npx tsx bench/heartbeats.ts [--smoke]   (a temporary PGlite world)
import { randomUUID } from "node:crypto";
import dgram from "node:dgram";
import { beatDatagrams } from "@/amphora/agent/heartbeat-sender";
import { decodeHeartbeat, type Heartbeat } from "@/amphora/heartbeat";
import { openPglite } from "@/db/client";
import { amphoraHosts } from "@/db/schema";
import { AmphoraReports } from "@/server/orchestrator/amphora-reports";
import { listenForHeartbeats } from "@/server/orchestrator/heartbeats";
import { HostMonitor } from "@/server/orchestrator/host-monitor";
import { registerHost } from "@/server/services/amphora-hosts";
import { createWorld } from "@/server/testing/database";
import { printTable, runBenchmark, sized } from "./report";

const HOSTS = sized(3, 1);
const AMPHORAE = sized(300, 10);
const WINDOW_S = sized(10, 1);
const KEY = "bench-heartbeat-key-0123456789abcdef";

/** An amphora as an agent reports it: its listener, and a pool of two members, idle. */
function amphora(pid: number): Heartbeat["amphorae"][string] {
  const [listener, pool] = [randomUUID(), randomUUID()];
  const backend = `${pool}:${listener}`;
  return {
    pid,
    stats: {
      worker: pid + 1,
      frontends: { [listener]: ["OPEN", 0, 2000, 1234, 567_890, 1_234_567, 0] },
      backends: { [backend]: ["UP", { [randomUUID()]: ["UP", 1], [randomUUID()]: ["UP", 1] }] },
    },
  };
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function main() {
  const world = await createWorld(await openPglite());
  const monitor = new HostMonitor({ db: world.db, timeoutMs: 3_000, log: () => undefined });
  const reports = new AmphoraReports();
  // Each datagram handled wakes whoever waits for a count of them: no polling in the window.
  let handled = 0;
  let wake: (() => void) | null = null;
  const listener = await listenForHeartbeats({
    host: "127.0.0.1",
    port: 0,
    key: KEY,
    onHeartbeat: (hb) => {
      monitor.heard(hb);
      reports.take(hb);
    },
    onHandled: () => {
      handled++;
      wake?.();
    },
  });
  const sender = dgram.createSocket("udp4");
  try {
    // The same process for the same time before any host or heartbeat: what it costs anyway (the
    // database's timers), subtracted from the window's figure per heartbeat.
    const idleCpuStart = process.cpuUsage();
    const idleStart = performance.now();
    await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
    const idleCpu = (cpuMs(idleCpuStart) * (WINDOW_S * 1000)) / (performance.now() - idleStart);

    const hosts = await Promise.all(
      Array.from({ length: HOSTS }, async (_, i) => ({
        id: await registerHost(world.db, { name: `bench-host-${i}`, address: `198.19.0.${i + 10}`, agent_url: `https://198.19.0.${i + 10}:9443` }),
        amphorae: Object.fromEntries(Array.from({ length: AMPHORAE }, (_, j) => [randomUUID(), amphora(10_000 + j)])) as Heartbeat["amphorae"],
      })),
    );
    await monitor.start(300);
    const epoch = Date.now();
    // One second of heartbeats from every host, then WINDOW_S more: each a later `seq`.
    const seconds = WINDOW_S + 1;
    const datagrams = Array.from({ length: seconds }, (_, s) => hosts.flatMap((h) => beatDatagrams({ ver: 2, host_id: h.id, epoch, seq: s }, h.amphorae, KEY)));
    const send = async (batch: Buffer[]) => {
      for (const d of batch) {
        sender.send(d, listener.address().port, "127.0.0.1");
      }
      const expected = handled + batch.length;
      while (handled < expected) await new Promise<void>((r) => (wake = r));
      wake = null;
    };
    // Warm-up: the first heartbeat of each host writes its last_seen_at once.
    await send(datagrams[0]!);
    await monitor.stop(); // waits for those writes; its checks are not part of what is measured
    await monitor.start(300);
    const before = await world.db.select({ id: amphoraHosts.id, updated: amphoraHosts.updated_at }).from(amphoraHosts);

    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (let s = 1; s < seconds; s++) {
      const due = t0 + s * 1000;
      await send(datagrams[s]!);
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const elapsed = (performance.now() - t0) / 1000;
    const listenerCpu = cpuMs(cpu);
    await monitor.stop();
    const after = await world.db.select({ id: amphoraHosts.id, updated: amphoraHosts.updated_at }).from(amphoraHosts);
    const writes = after.filter((a) => before.find((b) => b.id === a.id)?.updated !== a.updated).length;

    // Baseline: the same datagrams, checked and decoded in a loop.
    const base = process.cpuUsage();
    for (const batch of datagrams.slice(1)) for (const d of batch) if (!decodeHeartbeat(d, KEY).ok) throw new Error("a datagram did not decode");
    const decodeCpu = cpuMs(base);

    const heartbeats = WINDOW_S * HOSTS;
    const perHeartbeat = Math.max(0, listenerCpu - idleCpu) / heartbeats;
    const counters = listener.counters();
    if (counters.forged + counters.replayed + counters.malformed > 0) throw new Error(`heartbeats refused: ${JSON.stringify(counters)}`);
    const parts = datagrams[1]!.length / HOSTS;
    const size = datagrams[1]!.reduce((sum, d) => sum + d.length, 0) / HOSTS;
    printTable([
      ["figure", "value", "per heartbeat", "vs baseline"],
      [
        `controller: ${HOSTS} hosts x ${AMPHORAE} amphorae, 1 heartbeat/s each, ${elapsed.toFixed(1)} s`,
        `${((listenerCpu / elapsed / 1000) * 100).toFixed(2)} % of a core`,
        `${perHeartbeat.toFixed(3)} ms`,
        `${((perHeartbeat * heartbeats) / decodeCpu).toFixed(2)}x`,
      ],
      [`  the same process idle as long before, no host (subtracted per heartbeat)`, `${((idleCpu / WINDOW_S / 1000) * 100).toFixed(2)} % of a core`, "", ""],
      [`  baseline: the same ${heartbeats} datagrams checked and decoded in a loop`, `${decodeCpu.toFixed(1)} ms`, `${(decodeCpu / heartbeats).toFixed(3)} ms`, "1.00x"],
      [`one beat of ${AMPHORAE} amphorae with their stats`, `${Math.round(size)} bytes in ${parts} datagrams`, "", ""],
      [`database writes in the window, every host well (goal: 0)`, String(writes), "", ""],
    ]);
  } finally {
    sender.close();
    await listener.close();
    await monitor.stop();
    await world.close();
  }
}

runBenchmark(main);
