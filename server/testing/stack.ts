import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import type net from "node:net";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createTRPCClient, httpLink } from "@trpc/client";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { inject } from "vitest";
import { hostInfo } from "@/amphora/agent/api";
import { connectAgent } from "@/amphora/agent/client";
import { HeartbeatSender } from "@/amphora/agent/heartbeat-sender";
import { startAgentServer } from "@/amphora/agent/server";
import { type AmphoraDriver, createLocalDriver } from "@/amphora/driver";
import { haproxiesUsing, signal } from "@/amphora/process-table";
import { mapBounded } from "@/server/orchestrator/bounded";
import { registerHost } from "@/server/services/amphora-hosts";
import { watchHostHeartbeats } from "@/server/agents/host-heartbeats";
import { readerByPlacement } from "@/server/agents/host-reader";
import { watchJoinedHosts } from "@/server/agents/joined-hosts";
import { type AgentPki, agentTls, controllerTls, issueHostCertificate, newPki } from "@/server/agents/pki";
import { streamHead } from "@/server/services/events";
import { startComputeAgent } from "@/server/cloud/compute/agent";
import { syncInstanceServers } from "@/server/cloud/instances";
import { type Controller, type ControllerOptions, startController } from "@/server/orchestrator/controller";
import { eq } from "drizzle-orm";
import { amphorae, instances } from "@/db/schema";
import { listenInNamespace } from "@/server/cloud/compute/netns-listen";
import { allocatePort } from "@/server/cloud/ipam";
import { HOST_PROVIDER_IFNAME, namespaceName } from "@/server/network/names";
import { ensureNamespace, removeNamespace } from "@/server/network/apply";
import { desiredPlan, localHostUnderlayAddress } from "@/server/network/desired";
import { loadNetworkRows } from "@/server/network/rows";
import { type AmphoraPlumbing, amphoraNamespaceOf, amphoraPlumbing } from "@/server/agents/amphora-plumbing";
import { startNetworkReconciler } from "@/server/network/reconciler";
import { createInnerContext } from "@/server/trpc/init";
import { type AppRouter, appRouter, type createCaller } from "@/server/trpc/router";
import { type TestWorld, testWorld } from "./database";
import { readSse } from "./sse";

// The whole product in one test process: a fresh database, the compute agent with the demo
// instances listening, the controller with a real HAProxy driver, and the tRPC API served over
// real HTTP at /api/trpc. Acceptance tests talk to it only through HTTP and through the VIP.

export interface StackOptions {
  /** Wraps the controller's driver (the agent's client), e.g. to make HAProxy refuse a config in a test. */
  wrapDriver?: (driver: AmphoraDriver) => AmphoraDriver;
  /** The controller drives HAProxy directly, not through an amphora agent (the benchmark's baseline). */
  direct?: boolean;
  /** Controller settings beyond the defaults (concurrency, render options, health interval). */
  controller?: Pick<ControllerOptions, "concurrency" | "render" | "watchIntervalMs" | "healthLog" | "healthSweepMs">;
  /** How old an amphora's stats may get on its host before its agent reads them again for its heartbeats. Default 5 s, as the product's. */
  statsIntervalMs?: number;
  /** Amphora hosts, each with its own agent and amphora directory (`local`, `local-2`, …, in compute zones az1, az2, …). Default 1. */
  hosts?: number;
}

let testPki: AgentPki | null = null;
/** The CA of every stack in this process: its agents', and the one a joining host is certified by. */
const stackPki = () => (testPki ??= newPki());

/** An agent serving `driver` on loopback, plugging its amphorae with `network`, and the controller's client of it. */
async function startTestAgent(driver: AmphoraDriver, network: AmphoraPlumbing, baseDir: string) {
  const pki = stackPki();
  const sender = new HeartbeatSender(driver);
  const server = await startAgentServer({
    driver: sender.driver,
    network,
    configure: async (config) => sender.configure(config.heartbeat),
    info: await hostInfo(baseDir, "/usr/sbin/haproxy"),
    host: "127.0.0.1",
    port: 0,
    tls: agentTls(pki, issueHostCertificate(pki, "127.0.0.1")),
  });
  const client = await connectAgent({ url: server.url, tls: controllerTls(pki) });
  let closed: Promise<void> | null = null;
  return {
    client,
    sender,
    /** Its HTTPS server: closing it alone leaves an agent that sends heartbeats and answers nothing. */
    server,
    /** Stops its heartbeats and its server (a test may do so before the stack's teardown does). */
    close() {
      closed ??= (async () => {
        sender.close();
        client.close();
        await server.close();
      })();
      return closed;
    },
  };
}

/** A stack for one test file: its own database and address range, amphorae under the run's root. */
export async function startStack(opts: StackOptions = {}) {
  return launchStack(await testWorld(), inject("amphoraRoot"), opts);
}

/** The stack around an existing world (benchmarks build theirs without vitest). */
export async function launchStack(world: TestWorld, amphoraRoot: string = os.tmpdir(), opts: StackOptions = {}) {
  const baseDir = fs.mkdtempSync(path.join(amphoraRoot, "stack-"));
  const log = (message: string) => {
    if (process.env.LBAAS_TEST_LOG) console.log(`[controller] ${message}`);
  };
  const { prefix } = world.net;
  // Amphorae report health changes to a socket of this stack's own, as in production. HAProxy's
  // workers connect as the haproxy user, so the directories above it must let that user through.
  fs.chmodSync(baseDir, 0o755);
  const healthLog = { socket: path.join(baseDir, "health-log.sock") };
  // A test may turn the health log off (controller.healthLog undefined): then nothing is pushed.
  const checksPushed = (opts.controller && "healthLog" in opts.controller ? opts.controller.healthLog : healthLog) !== undefined;
  // The product's timeout: a test process blocks its event loop for a while at times (RSA keys
  // made synchronously), and a host taken for DOWN then would refuse that test's creates.
  let controller: Controller | null = null;
  const heartbeats = opts.direct
    ? null
    : await watchHostHeartbeats({ db: world.db, key: "test-heartbeat-key-0123456789", intervalMs: 200, timeoutMs: 3_000, statsIntervalMs: opts.statsIntervalMs ?? 5_000, checksPushed, log, onChange: () => controller?.hostsChanged() });
  // Each host is registered first: its namespace (its underlay address, its cables) is named for
  // its id and made by the network's first pass, before its agent plugs anything there.
  const hostRows = await Promise.all(
    Array.from({ length: opts.hosts ?? 1 }, (_, i) => i).map(async (i) => {
      const name = i === 0 ? "local" : `local-${i + 1}`;
      const id = await registerHost(world.db, { name, address: "127.0.0.1", agent_url: "", availability_zone: `az${i + 1}` });
      return { id, name, slot: i + 1, underlay: localHostUnderlayAddress(world.net.underlayCidr, i + 1) };
    }),
  );
  const compute = await startComputeAgent({ networkPrefix: prefix, onRestart: (agent) => syncInstanceServers(world.db, agent) });
  // The world's network as production makes it: its first pass makes every namespace (the hosts'
  // too), then the instances are served in theirs.
  const network = await startNetworkReconciler({
    database: world.database,
    settings: world.networkSettings,
    log,
    afterPass: () => syncInstanceServers(world.db, compute),
    localHosts: hostRows.map((h) => ({ id: h.id, address: h.underlay })),
  });
  // Each host's amphora agent, in this process but over real HTTPS with mutual TLS, as production
  // has it in a process of its own (server/agents/local-agent.ts); each with an amphora directory
  // of its own, as each machine has, and plugging its amphorae in its own namespace.
  const hosts = await Promise.all(
    hostRows.map(async ({ id, name, slot, underlay }) => {
      // Short: HAProxy's socket paths under it must stay within 97 bytes.
      const hostDir = slot === 1 ? baseDir : path.join(baseDir, `h${slot}`);
      fs.mkdirSync(hostDir, { recursive: true, mode: 0o755 });
      const hostNamespace = namespaceName(prefix, "host", id);
      const plumbing = amphoraPlumbing({ prefix, hostNamespace, underlayAddress: underlay, providerInterface: HOST_PROVIDER_IFNAME, stateFile: path.join(hostDir, "plugged.json") });
      const driver = createLocalDriver({ baseDir: hostDir, log, namespaceOf: (lbId) => amphoraNamespaceOf(plumbing, prefix, lbId) });
      const agent = opts.direct ? null : await startTestAgent(driver, plumbing, hostDir);
      // Driven directly, the driver plugs as the agent would.
      const controlled: AmphoraDriver = agent?.client ?? { ...driver, plug: plumbing.plug, unplug: plumbing.unplug, announce: async (lbId) => void (await plumbing.announce(lbId)) };
      await registerHost(world.db, { name, address: "127.0.0.1", agent_url: agent?.client.url ?? `file://${hostDir}`, availability_zone: `az${slot}` });
      if (agent && heartbeats) await heartbeats.watch(id, agent.client);
      return { id, name, baseDir: hostDir, namespace: hostNamespace, plumbing, driver, agent, client: opts.wrapDriver ? opts.wrapDriver(controlled) : controlled };
    }),
  );
  const realDriver = hosts[0]!.driver;
  const agent = hosts[0]!.agent;
  const hostDrivers = new Map<string, AmphoraDriver>(hosts.map((h) => [h.id, h.client]));
  // Hosts that join from elsewhere (an agent process of the test's own), reached as production reaches them.
  const joined = heartbeats ? watchJoinedHosts({ db: world.db, drivers: hostDrivers, heartbeats, tls: controllerTls(stackPki()), intervalMs: 200, log }) : null;
  const controllerOptions = { database: world.database, hosts: hostDrivers, network, feed: world.feed, log, healthLog, ...(heartbeats && { reports: heartbeats.reports }), ...opts.controller };
  controller = startController(controllerOptions);
  // What the web tier reads of amphorae, from each one's own host, as production's does.
  const dataPlane = readerByPlacement(world.db, async (host) => {
    const driver = hostDrivers.get(host.id);
    if (!driver) throw new Error(`no agent client for host ${host.id}`);
    return driver;
  });
  const ctx = createInnerContext({ db: world.db, projectId: world.projectId, feed: world.feed, compute, dataPlane, isAdmin: true, agentPki: stackPki });
  const server = createHTTPServer({ router: appRouter, basePath: "/api/trpc/", createContext: () => ctx });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
  const api = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });

  return {
    ...world,
    url,
    api,
    /** The first host's HAProxy driver, as its agent runs it. */
    driver: realDriver,
    /** The first host's agent (its client and heartbeat sender); null with `direct`. */
    agent,
    /** Every amphora host: id, name, amphora directory, its HAProxy driver and its agent. */
    hosts,
    /** The controller's end of the hosts' heartbeats; null with `direct`. */
    heartbeats,
    /** What the web tier reads of amphorae (statistics, configs), each from its own host. */
    dataPlane,
    compute,
    network,
    /**
     * Where the host reaches the load balancer: a floating IP on `public` associated with its VIP
     * port, once the router carries it (status ACTIVE). The VIP itself is on a tenant subnet,
     * which only namespaces on that network reach, as in a real cloud.
     */
    /**
     * A server of the test's own on a tenant subnet, as an instance of the demo project: its port
     * (`ip_address` or the next free one) and its namespace are made as any instance's, and
     * `server` (an http, https or net server the test built) listens there on `port`. The
     * instance is SHUTOFF, so the compute agent leaves it to the test.
     */
    async tenantServer(opts: {
      subnet: { id: string; network_id: string; name: string };
      name: string;
      port: number;
      server: net.Server;
      ip_address?: string;
      /** Another project's instance (one from `otherProject()`); demo's by default. */
      project_id?: string;
    }): Promise<{ address: string; instanceId: string; netns: string; close(): Promise<void> }> {
      const project_id = opts.project_id ?? world.projectId;
      const { port: fixed, instance } = await world.db.transaction(async (tx) => {
        const port = await allocatePort(tx, {
          subnet: opts.subnet,
          project_id,
          device_owner: "compute:nova",
          name: opts.name,
          ...(opts.ip_address && { ip_address: opts.ip_address }),
        });
        const [row] = await tx.insert(instances).values({ project_id, name: opts.name, port_id: port.id, status: "SHUTOFF", service_port: opts.port }).returning();
        return { port, instance: row! };
      });
      await network.pass();
      const netns = namespaceName(prefix, "instance", instance.id);
      const [handle] = (await listenInNamespace(netns, fixed.ip_address, [opts.port])).servers;
      await new Promise<void>((resolve) => opts.server.listen(handle, resolve));
      return {
        address: fixed.ip_address,
        instanceId: instance.id,
        netns,
        close: () =>
          new Promise<void>((resolve) => {
            opts.server.close(() => resolve());
            if ("closeAllConnections" in opts.server) (opts.server as http.Server).closeAllConnections();
          }),
      };
    },
    async reach(lb: { vip_port_id: string | null }, as?: Caller): Promise<string> {
      if (!lb.vip_port_id) throw new Error("the load balancer has no VIP port");
      const portId = lb.vip_port_id;
      // As demo over HTTP, or as another project's caller (otherProject()) for its own load balancer.
      const fips = as
        ? { list: () => as.floatingIp.list(), allocate: as.floatingIp.allocate, associate: as.floatingIp.associate }
        : { list: () => api.floatingIp.list.query(), allocate: api.floatingIp.allocate.mutate, associate: api.floatingIp.associate.mutate };
      const existing = (await fips.list()).find((f) => f.port_id === portId);
      const fip = existing ?? (await fips.allocate({ floating_network_id: world.publicSubnet.network_id }));
      if (!existing) await fips.associate({ id: fip.id, port_id: portId });
      return eventually(async () => {
        const now = (await fips.list()).find((f) => f.id === fip.id);
        return now?.status === "ACTIVE" ? now.floating_ip_address : undefined;
      }, 20_000, `floating IP ${fip.floating_ip_address} ACTIVE`);
    },
    /** What the stack's controller was started with, for a test that runs a second one beside it. */
    controllerOptions,
    /** Stops the controller (as a crash of the control plane would), leaving HAProxy running. */
    async stopController() {
      await controller?.stop();
      controller = null;
    },
    startController() {
      controller ??= startController(controllerOptions);
    },
    /**
     * Takes a host away as a power cut would: its agent (server and heartbeats) gone, every
     * HAProxy it started killed with SIGKILL, masters and workers, and its network gone with it:
     * its namespace (its underlay address, bridges, VXLAN endpoints) and its amphorae's.
     */
    async powerCut(host: (typeof hosts)[number]) {
      await host.agent?.close();
      const ids = await host.driver.list();
      for (const id of ids) {
        for (const pid of await haproxiesUsing(host.driver.paths(id).config)) signal(pid, "SIGKILL");
      }
      for (const ns of host.plumbing.namespaces()) await removeNamespace(prefix, ns, host.namespace);
      await removeNamespace(prefix, host.namespace);
    },
    /**
     * A namespace cabled as one of this machine's amphora hosts (its underlay address, its
     * provider port), for an agent a test runs itself: `slot` picks the address (as local hosts'
     * slots do; 1 to 3 are the stack's own hosts'). Removed with the world.
     */
    async hostNamespace(slot: number) {
      const address = localHostUnderlayAddress(world.net.underlayCidr, slot);
      const plan = desiredPlan(await loadNetworkRows(world.db), world.networkSettings, [{ id: randomUUID(), address }]);
      const host = plan.namespaces.find((n) => n.kind === "host")!;
      await ensureNamespace(prefix, host, plan.bridges);
      return { namespace: host.name, address };
    },
    /** The namespace of a load balancer's amphora, on whichever host it is. */
    async amphoraNamespace(lbId: string) {
      const [row] = await world.db.select({ id: amphorae.id }).from(amphorae).where(eq(amphorae.loadbalancer_id, lbId));
      if (!row) throw new Error(`load balancer ${lbId} has no amphora`);
      return namespaceName(prefix, "amphora", row.id);
    },
    /** The host an amphora runs on, by its load balancer. */
    async hostOf(lbId: string) {
      const [row] = await world.db.select({ host: amphorae.compute_id }).from(amphorae).where(eq(amphorae.loadbalancer_id, lbId));
      return hosts.find((h) => h.id === row?.host);
    },
    /** Status events from the HTTP subscription, until `until` is satisfied or `timeoutMs` passes. */
    async watchEvents(input: { lastEventId?: string; loadbalancer_id?: string }, until: (events: StatusEventJson[]) => boolean, timeoutMs = 20_000) {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      const events: StatusEventJson[] = [];
      // Without a cursor the stream starts "from now", and now is when the server reads it:
      // pin it to the newest event before the caller writes anything, so nothing races.
      const cursor = input.lastEventId ?? (await streamHead(world.ctx));
      const target = `${url}/events.onStatus?input=${encodeURIComponent(JSON.stringify({ ...input, lastEventId: cursor }))}`;
      try {
        for await (const message of readSse(target, abort.signal)) {
          if (message.event && message.event !== "message") continue; // connected, ping, return
          const parsed = JSON.parse(message.data) as StatusEventJson;
          events.push(parsed);
          if (until(events)) break;
        }
      } finally {
        clearTimeout(timer);
        abort.abort();
      }
      return events;
    },
    /**
     * The load balancer once it is ACTIVE, as loadBalancer.get shows it (to demo, or to `as`, another
     * project's caller); fails at once on ERROR, with the reason.
     */
    untilActive(lbId: string, timeoutMs = 30_000, as?: Caller) {
      return eventually(async () => {
        const lb = as ? await as.loadBalancer.get({ id: lbId }) : await api.loadBalancer.get.query({ id: lbId });
        if (lb.provisioning_status === "ERROR") throw new Error(`load balancer ${lbId} went ERROR: ${lb.status_reason}`);
        return lb.provisioning_status === "ACTIVE" ? lb : undefined;
      }, timeoutMs, `load balancer ${lbId} ACTIVE`);
    },
    async close() {
      await controller?.stop();
      // Together: with the controller gone, its health-log socket is too, and every worker left
      // retries it in a busy loop, which makes stopping them one at a time slower and slower.
      for (const host of hosts) await mapBounded(await host.driver.list(), 16, (id) => host.driver.stop(id));
      await joined?.stop();
      await heartbeats?.stop();
      await Promise.all(hosts.map((h) => h.agent?.close()));
      await network.stop();
      await compute.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await world.close();
      fs.rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** A project's direct caller, as `otherProject()` gives one. */
type Caller = ReturnType<typeof createCaller>;

export interface StatusEventJson {
  id: number;
  txid: string;
  resource_type: string;
  resource_id: string;
  loadbalancer_id: string;
  provisioning_status: string;
  operating_status: string;
  reason: string | null;
}

/** GETs a URL `count` times (a new connection each time) and returns the bodies, trimmed. */
export async function fetchBodies(target: string, count: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(target, { headers: { connection: "close" }, signal: AbortSignal.timeout(5000) });
    bodies.push((await res.text()).trim());
  }
  return bodies;
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
