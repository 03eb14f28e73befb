// Fleet-scale figures, printed as a table (a benchmark, not a test), on PGlite and on a
// PostgreSQL it starts itself:
//   - LBS load balancers (an HTTP listener, a pool, a member each) created 16 at a time through
//     the HTTP API: time until all are ACTIVE, create throughput, how many ended ERROR; each is
//     an amphora namespace with its VIP and member on one tenant subnet (no member leg);
//   - the world's namespaces and host veth ends at that size, and the network reconciler's full
//     pass over them (everything already as planned: what the 30 s pass costs);
//   - peak open descriptors of the server process (API, controller, database client);
//   - HAProxy memory per load balancer: PSS from /proc/PID/smaps_rollup, shared pages once;
//   - idle CPU of the server with all of them running;
//   - loadBalancer.list p50/p95, a page of 20 and a filtered page;
//   - status event p50/p95, from the write to an SSE client over HTTP;
//   - member add -> live p50/p95, and a bare hitless reload measured in the same run;
//   - requests/s from the host through a floating IP to a load balancer, against a hand-written
//     HAProxy with the classic neutron-lbaas settings (maxconn 2000, roundrobin, option httpchk
//     GET /) on the same path: it runs in a namespace of its own on the same tenant subnet (an
//     instance's, made by the network) behind a floating IP of its own, so both sides go host ->
//     external bridge -> router (DNAT) -> tenant bridge -> HAProxy -> the same two instances. At
//     equal thread counts: both at 1 (the product's default, AMPHORA_THREADS=1) and both at one
//     per CPU (the product's config rendered with that nbthread, as AMPHORA_THREADS would, run in
//     the load balancer's own amphora namespace on another port). Rounds interleave product and
//     hand-written (alternating which goes first) and the medians print.
// Run: npx tsx bench/scale.ts [--lbs 500] [--db pglite|postgres|both] [--smoke]   (root: each
// pass claims a network prefix and external /24 as a test world does, removed at its end; a
// bare reload on 127.92.255.251)
// --smoke (or BENCH_SMOKE=1): 4 load balancers, short phases, one round, as `npm test` runs it.
import { execa } from "execa";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createLocalDriver } from "@/amphora/driver";
import { renderConfig } from "@/amphora/render";
import { count, eq, inArray } from "drizzle-orm";
import { type Database, openPglite, openPostgres } from "@/db/client";
import { loadBalancers } from "@/db/schema";
import { assertLocalPath } from "@/server/network/host-guard";
import { hostLinks, listNamespaces } from "@/server/network/iproute";
import { ownedBy } from "@/server/network/names";
import { streamHead } from "@/server/services/events";
import { loadTree } from "@/server/orchestrator/tree";
import { createWorld } from "@/server/testing/database";
import { startPostgres } from "@/server/testing/postgres-server";
import { readSse } from "@/server/testing/sse";
import { httpGraph } from "@/server/testing/fixtures";
import { launchStack } from "@/server/testing/stack";
import { median, ms, percentile, printTable, runBenchmark, sized } from "./report";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const LBS = Number(arg("lbs", sized("500", "4")));
const DBS = arg("db", "both") === "both" ? ["pglite", "postgres"] : [arg("db", "pglite")];
const CREATE_CONCURRENCY = 16;
const SAMPLES = sized(40, 3);
/** Idle phase: settle, then measure over this long. */
const IDLE_SETTLE_MS = sized(5000, 200);
const IDLE_MEASURE_MS = sized(10_000, 1000);
/** Data plane: interleaved rounds, seconds of load per measurement, thread counts compared. */
const DATA_PLANE_ROUNDS = sized(5, 1);
const DATA_PLANE_SECONDS = sized(4, 0.5);
const THREAD_COUNTS = [...new Set([1, os.availableParallelism()])];
/** The scale network's subnet, big enough for every VIP; a tenant subnet like any other. */
const VIP_CIDR = "10.100.0.0/16";
/** Full passes of the network reconciler timed at full size. */
const PASSES = sized(3, 1);
/** Where an extra thread count listens (product and hand-written): this plus the thread count. */
const THREADED_PORT_BASE = 8000;

const sleep = (n: number) => new Promise((r) => setTimeout(r, n));
const openFds = () => fs.readdirSync("/proc/self/fd").length;

/** PSS of every HAProxy process started from under `root`, in KiB. */
function haproxyPssKib(root: string): { processes: number; kib: number } {
  let processes = 0;
  let kib = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!cmdline.split("\0")[0]?.endsWith("haproxy") || !cmdline.includes(root)) continue;
      const pss = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${entry}/smaps_rollup`, "utf8"));
      processes++;
      kib += Number(pss?.[1] ?? 0);
    } catch {
      // gone in between
    }
  }
  return { processes, kib };
}

/** Requests/s against `url` with keep-alive clients, bounded in time and count. */
async function throughput(url: string, seconds: number, clients = 16): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.get(url, { agent }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) done++;
          else failed++;
          resolve();
        });
      });
      req.on("error", () => {
        failed++;
        resolve();
      });
    });
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline && done + failed < 2_000_000) await one();
    }),
  );
  agent.destroy();
  if (failed > 0) console.error(`  ${failed} failed requests against ${url}`);
  return done / ((performance.now() - start) / 1000);
}

interface HandWritten {
  dir: string;
  /** One per HAProxy started, for the clean-up. */
  pidFiles: string[];
}

/**
 * The classic neutron-lbaas HAProxy, written by hand, at `threads` threads on `address`:`port`
 * inside `netns`, in front of `backends`:80.
 */
async function startHandWritten(hand: HandWritten, threads: number, netns: string, address: string, port: number, backends: string[]): Promise<void> {
  const cfg = path.join(hand.dir, `haproxy-${threads}.cfg`);
  const pidFile = path.join(hand.dir, `haproxy-${threads}.pid`);
  fs.writeFileSync(
    cfg,
    [
      "global",
      "    maxconn 2000",
      `    nbthread ${threads}`,
      "    user haproxy",
      "    group haproxy",
      "defaults",
      "    mode http",
      "    timeout connect 5000",
      "    timeout client 50000",
      "    timeout server 50000",
      "frontend fe",
      `    bind ${address}:${port}`,
      "    default_backend be",
      "backend be",
      "    balance roundrobin",
      "    option httpchk GET /",
      ...backends.map((b, i) => `    server web${i + 1} ${b}:80 weight 1 check inter 5s`),
      "",
    ].join("\n"),
  );
  hand.pidFiles.push(pidFile);
  await execa("ip", ["netns", "exec", netns, "/usr/sbin/haproxy", "-D", "-f", cfg, "-p", pidFile]);
}

/** The world's namespaces and the veth ends it has on the host. */
async function namespaceCounts(prefix: string): Promise<{ namespaces: number; veths: number }> {
  const [namespaces, links] = await Promise.all([listNamespaces(), hostLinks()]);
  return {
    namespaces: namespaces.filter((n) => ownedBy(prefix, n.name)).length,
    veths: links.filter((l) => ownedBy(prefix, l.ifname) && l.linkinfo?.info_kind === "veth").length,
  };
}

/** Resolves once `url` answers 200 (its HAProxy's checks found a backend up); throws after 30 s. */
async function untilServing(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      async (res) => (await res.text(), res.status),
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} did not serve within 30 s (last status ${status})`);
    await sleep(50);
  }
}

/** The database, and how to stop what it runs on (the stack closes the database itself). */
async function openDatabase(kind: string): Promise<{ database: Database; stop: () => Promise<void> }> {
  if (kind === "pglite") return { database: await openPglite(), stop: async () => undefined };
  const server = await startPostgres(55499);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("CREATE DATABASE bench");
  await admin.end();
  const database = await openPostgres(server.url.replace(/\/postgres$/, "/bench"), { poolSize: 10 });
  return { database, stop: () => server.stop() };
}

async function run(kind: string): Promise<string[][]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lbs-"));
  const { database, stop } = await openDatabase(kind);
  const world = await createWorld(database);
  // The product's defaults: no health log socket (HEALTH_LOG_SOCKET=off), so health is read from
  // every amphora every pass, which is what the idle CPU figure below has to carry. With the
  // socket, every HAProxy worker of the fleet spins (HAProxy 2.6 retries a ring's connection in
  // a busy loop) the moment the socket stops answering.
  const stack = await launchStack(world, root, { controller: { concurrency: 8, healthLog: undefined } });
  // What to look for on the host afterwards (`ip netns list`): nothing of it should be left.
  console.log(`${kind}: network prefix ${world.net.prefix}`);
  // The bare HAProxies: a reload baseline on the host's loopback, and the product's config at
  // more threads, which runs in the data-plane load balancer's own amphora namespace.
  const threadedIn = new Map<string, string>();
  const bare = createLocalDriver({ baseDir: path.join(root, "bare"), log: () => undefined, namespaceOf: (id) => threadedIn.get(id) ?? null });
  // Waits on the status feed, not by polling: a poll loop would compete with what it measures.
  const wakeup = world.feed.subscribe();
  const untilActive = async (lbId: string) => {
    for (;;) {
      const [row] = await world.db.select({ s: loadBalancers.provisioning_status }).from(loadBalancers).where(eq(loadBalancers.id, lbId));
      if (row?.s === "ACTIVE") return;
      if (row?.s === "ERROR") throw new Error(`load balancer ${lbId} went ERROR`);
      await Promise.race([wakeup.wait(), sleep(100)]);
    }
  };
  let peakFds = openFds();
  const fdSampler = setInterval(() => (peakFds = Math.max(peakFds, openFds())), 100);
  const handWritten: HandWritten = { dir: fs.mkdtempSync(path.join(root, "hand-")), pidFiles: [] };
  /** The test servers the run made on tenant subnets, closed before the world goes. */
  const servers: { close(): Promise<void> }[] = [];
  try {
    // A subnet big enough for every VIP, made as an operator would.
    const network = await stack.api.network.create.mutate({ name: "scale", shared: true });
    const subnet = await stack.api.subnet.create.mutate({ network_id: network.id, name: "scale-subnet", cidr: VIP_CIDR });
    // Every load balancer's member: one server on the same subnet, so no amphora needs a leg.
    const backend = await stack.tenantServer({
      subnet,
      name: "scale-backend",
      port: 80,
      server: http.createServer((_req, res) => res.end("ok\n")),
    });
    servers.push(backend);

    // The burst: LBS creates, 16 in flight at a time.
    const t0 = performance.now();
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CREATE_CONCURRENCY }, async () => {
        while (next < LBS) {
          const i = next++;
          const lb = await stack.api.loadBalancer.create.mutate(httpGraph(`scale-${i}`, subnet.id, [backend.address]));
          ids.push(lb.id);
        }
      }),
    );
    const accepted = performance.now() - t0;
    // One small query a quarter second: reading 500 load balancers one by one would itself be
    // the load that slows the controller down.
    let statuses: { status: string; n: number }[] = [];
    for (;;) {
      statuses = await world.db
        .select({ status: loadBalancers.provisioning_status, n: count() })
        .from(loadBalancers)
        .where(inArray(loadBalancers.id, ids))
        .groupBy(loadBalancers.provisioning_status);
      if (statuses.every((s) => s.status === "ACTIVE" || s.status === "ERROR")) break;
      await sleep(250);
    }
    const allActive = performance.now() - t0;
    const errors = statuses.find((s) => s.status === "ERROR")?.n ?? 0;

    // Idle: let the health manager settle, then measure this process's CPU over 10 s.
    await sleep(IDLE_SETTLE_MS);
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await sleep(IDLE_MEASURE_MS);
    const cpu = process.cpuUsage(cpu0);
    const idleCpu = ((cpu.user + cpu.system) / 1000 / (performance.now() - wall0)) * 100;
    const pss = haproxyPssKib(root);

    // The host at this size, and the network reconciler's full pass over it.
    const counts = await namespaceCounts(world.net.prefix);
    const passes: number[] = [];
    for (let i = 0; i < PASSES; i++) passes.push((await stack.network.pass()).ms);

    // List latency at this size, over HTTP.
    const timeIt = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    const listPage: number[] = [];
    const listFiltered: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      listPage.push(await timeIt(() => stack.api.loadBalancer.list.query({ limit: 20 })));
      listFiltered.push(await timeIt(() => stack.api.loadBalancer.list.query({ limit: 20, search: `scale-${(i * 7) % LBS}` })));
    }

    // Status events, from the write (a rename: PENDING_UPDATE) to an SSE client over HTTP.
    const target = ids[0]!;
    const abort = new AbortController();
    const arrivals = new Map<string, number>();
    const sse = `${stack.url}/events.onStatus?input=${encodeURIComponent(JSON.stringify({ lastEventId: await streamHead(world.ctx), loadbalancer_id: target }))}`;
    const reading = (async () => {
      for await (const message of readSse(sse, abort.signal)) {
        if (message.event && message.event !== "message") continue;
        const event = JSON.parse(message.data) as { provisioning_status: string; id: number };
        if (event.provisioning_status === "PENDING_UPDATE") arrivals.set(String(event.id), performance.now());
      }
    })().catch(() => undefined);
    await sleep(200);
    const eventLatency: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const before = arrivals.size;
      const t = performance.now();
      await stack.caller.loadBalancer.update({ id: target, name: `renamed-${i}` });
      while (arrivals.size === before) await sleep(1);
      eventLatency.push([...arrivals.values()].at(-1)! - t);
      await untilActive(target);
    }
    abort.abort();
    await reading;

    // Member add -> live, and a bare reload of the same load balancer's config beside it.
    const lb = await stack.caller.loadBalancer.get({ id: target });
    const poolId = lb.pools[0]!.id;
    const amphoraBefore = await stack.driver.status(target);
    const memberAdd: number[] = [];
    const bareReload: number[] = [];
    const bareId = target.replace(/^.{8}/, "bbbbbbbb");
    const tree = await loadTree(world.db, target);
    const bareModel = { ...tree!.model, id: bareId, vip_address: "127.92.255.251" };
    await bare.apply(bareId, renderConfig(bareModel, bare.paths(bareId)), "bench");
    for (let i = 0; i < SAMPLES; i++) {
      const t = performance.now();
      await stack.caller.member.create({ pool_id: poolId, address: backend.address, protocol_port: 9000 + i });
      await untilActive(target);
      memberAdd.push(performance.now() - t);
      // A change only a reload can apply: the client timeout.
      const text = renderConfig({ ...bareModel, listeners: bareModel.listeners.map((l) => ({ ...l, timeout_client_data: 50_000 + i })) }, bare.paths(bareId));
      const r = performance.now();
      await bare.apply(bareId, text, "bench reload");
      bareReload.push(performance.now() - r);
    }
    const amphoraAfter = await stack.driver.status(target);

    // Data plane: the product's load balancer against hand-written HAProxy, same two backends,
    // both on the instances' subnet behind router1, each reached through a floating IP.
    const dp = await stack.caller.loadBalancer.create({
      name: "dataplane",
      vip_subnet_id: world.selfservice.id,
      listeners: [
        {
          protocol: "HTTP",
          protocol_port: 80,
          default_pool: {
            protocol: "HTTP",
            lb_algorithm: "ROUND_ROBIN",
            members: [world.web1, world.web2].map((w) => ({ address: w.fixed_ip, protocol_port: 80 })),
            healthmonitor: { type: "HTTP", delay: 5, timeout: 5, max_retries: 3, url_path: "/" },
          },
        },
      ],
    });
    await untilActive(dp.id);
    const productFip = await stack.reach(dp);
    // The hand-written side's namespace: an instance's on the same subnet, made by the network.
    // The helper's server holds port 81 there; the hand-written HAProxy takes 80 (and more).
    const hand = await stack.tenantServer({ subnet: world.selfservice, name: "hand-written", port: 81, server: http.createServer((_req, res) => res.end()) });
    servers.push(hand);
    const handPort = (await stack.api.port.list.query()).find((p) => p.device_id === hand.instanceId);
    if (!handPort) throw new Error("the hand-written HAProxy's instance has no port");
    const handFip = await stack.reach({ vip_port_id: handPort.id });
    // The host sends only where its route is the world's external bridge, never eth0's.
    for (const fip of [productFip, handFip]) await assertLocalPath(fip, world.net.prefix);
    // At 1 thread the product is the controller's own amphora on port 80; at more, the same load
    // balancer's config rendered with that nbthread (what AMPHORA_THREADS gives) on the bare
    // driver, in the same amphora namespace on another port. The hand-written HAProxy runs at
    // the same thread count beside each.
    const dpTree = await loadTree(world.db, dp.id);
    const dataPlane: { threads: number; productUrl: string; handUrl: string; product: number[]; hand: number[]; ratio: number[] }[] = [];
    for (const threads of THREAD_COUNTS) {
      const port = threads === 1 ? 80 : THREADED_PORT_BASE + threads;
      if (threads > 1) {
        const id = dp.id.replace(/^.{8}/, `cccccc${String(threads).padStart(2, "0")}`);
        threadedIn.set(id, await stack.amphoraNamespace(dp.id));
        const model = { ...dpTree!.model, id, listeners: dpTree!.model.listeners.map((l) => ({ ...l, protocol_port: port })) };
        await bare.apply(id, renderConfig(model, bare.paths(id), { nbthread: threads }), "bench threads");
      }
      await startHandWritten(handWritten, threads, hand.netns, hand.address, port, [world.web1.fixed_ip, world.web2.fixed_ip]);
      dataPlane.push({ threads, productUrl: `http://${productFip}:${port}/`, handUrl: `http://${handFip}:${port}/`, product: [], hand: [], ratio: [] });
    }
    // Every side serves (its health checks found the backends up) before any round starts.
    for (const d of dataPlane) for (const url of [d.productUrl, d.handUrl]) await untilServing(url);
    for (let round = 0; round < DATA_PLANE_ROUNDS; round++) {
      for (const d of dataPlane) {
        const first = round % 2 === 0 ? "product" : "hand";
        const figures = { product: 0, hand: 0 };
        for (const side of first === "product" ? (["product", "hand"] as const) : (["hand", "product"] as const)) {
          figures[side] = await throughput(side === "product" ? d.productUrl : d.handUrl, DATA_PLANE_SECONDS);
        }
        d.product.push(figures.product);
        d.hand.push(figures.hand);
        d.ratio.push(figures.product / figures.hand);
      }
    }

    return [
      [`${kind}: ${LBS} load balancers, 16 creates at a time`, `${(allActive / 1000).toFixed(1)} s to all ACTIVE`, `${((LBS / accepted) * 1000).toFixed(0)} creates/s accepted`, `${errors} ERROR`],
      [`${kind}: peak open descriptors (server process)`, String(peakFds), "", "target < 5,000"],
      [`${kind}: HAProxy PSS per load balancer`, `${(pss.kib / 1024 / (LBS + 0)).toFixed(2)} MiB`, `${pss.processes} processes, ${(pss.kib / 1024).toFixed(0)} MiB`, "target <= 8 MiB"],
      [`${kind}: idle CPU of the server at ${LBS}`, `${idleCpu.toFixed(1)} % of a core`, "", "target < 10 %"],
      [`${kind}: namespaces / host veth ends at ${LBS}`, `${counts.namespaces} / ${counts.veths}`, "the world's, router and instances included", ""],
      [`${kind}: network full pass at ${LBS}, all as planned`, ms(median(passes)), `max ${ms(Math.max(...passes))} of ${passes.length}`, ""],
      [`${kind}: loadBalancer.list, page of 20`, ms(percentile(listPage, 50)), ms(percentile(listPage, 95)), "p95 target < 50 ms"],
      [`${kind}: loadBalancer.list, searched page`, ms(percentile(listFiltered, 50)), ms(percentile(listFiltered, 95)), "p95 target < 50 ms"],
      [`${kind}: status event, write -> SSE client`, ms(percentile(eventLatency, 50)), ms(percentile(eventLatency, 95)), "p95 target < 250 ms"],
      [
        `${kind}: member add -> live`,
        ms(percentile(memberAdd, 50)),
        ms(percentile(memberAdd, 95)),
        `master ${amphoraBefore.pid === amphoraAfter.pid ? "kept" : "CHANGED"}; p50 target < 50 ms`,
      ],
      [`${kind}:   baseline: bare hitless reload`, ms(percentile(bareReload, 50)), ms(percentile(bareReload, 95)), ""],
      ...dataPlane.map((d) => [
        `${kind}: requests/s through a floating IP, nbthread ${d.threads}`,
        median(d.product).toFixed(0),
        `hand-written ${median(d.hand).toFixed(0)}`,
        // The spread says how much of the ratio is the machine's other load.
        `ratio ${median(d.ratio).toFixed(2)}, median of ${d.ratio.length} (${Math.min(...d.ratio).toFixed(2)}-${Math.max(...d.ratio).toFixed(2)}; target >= 0.95)`,
      ]),
    ];
  } finally {
    wakeup.close();
    clearInterval(fdSampler);
    for (const pidFile of handWritten.pidFiles) {
      const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, "utf8").trim()) : 0;
      if (pid > 1) process.kill(pid, "SIGTERM");
    }
    for (const id of await bare.list()) await bare.stop(id);
    for (const server of servers) await server.close();
    await stack.close();
    await stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main() {
  const rows: string[][] = [["figure", "value", "detail", "note"]];
  for (const kind of DBS) rows.push(...(await run(kind)));
  printTable(rows);
}

runBenchmark(main);
