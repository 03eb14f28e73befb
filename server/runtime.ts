import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type AgentClient, connectAgent } from "@/amphora/agent/client";
import { localHostUnderlayAddress } from "./network/desired";
import { namespaceName } from "./network/names";
import type { AmphoraDriver } from "@/amphora/driver";
import { type PlacedHost, readerByPlacement } from "./agents/host-reader";
import { watchJoinedHosts } from "./agents/joined-hosts";
import { startLocalAgent } from "./agents/local-agent";
import { registerHost } from "./services/amphora-hosts";
import { ensureHostZones } from "./services/availability-zones";
import { watchHostHeartbeats } from "./agents/host-heartbeats";
import type { AmphoraReports } from "./orchestrator/amphora-reports";
import { type AgentPki, controllerTls, loadOrCreateHeartbeatKey, loadOrCreatePki } from "./agents/pki";
import type { DataPlaneReader } from "./kernel/context";
import { type Database, openPglite, openPostgres } from "@/db/client";
import { DEFAULT_LAYOUT, ensureProject, seedDemoCloud } from "@/server/cloud/seed";
import { seedIdentities } from "@/server/identity/seed";
import { type ComputeAgent, startComputeAgent } from "./cloud/compute/agent";
import { syncInstanceServers } from "./cloud/instances";
import { amphoraRenderSettings, env, healthLogSocket, networkSettings } from "./env";
import { stampPeerAddresses } from "./identity/client-address";
import { startIdentityHousekeeping } from "./identity/housekeeping";
import { type LoginLimiter, newLoginLimiter } from "./identity/login-limiter";
import { sessionSettings } from "./trpc/session-settings";
import { StatusFeed } from "./events/statusFeed";
import { type Controller, startController } from "./orchestrator/controller";
import { checkPrivileges, checkRanges } from "./network/host-guard";
import { type NetworkReconciler, startNetworkReconciler } from "./network/reconciler";

// The server process's long-lived pieces: the database (migrated and seeded), the status feed,
// the compute agent playing the demo instances, and (unless CONTROLLER=external, for a
// PostgreSQL deployment with `npm run worker` processes) the controller. Cached on globalThis so
// that Next's separately bundled route handlers and instrumentation share one of each (PGlite
// allows a single opener).

export interface Runtime {
  database: Database;
  feed: StatusFeed;
  compute: ComputeAgent;
  /** What the web tier reads of running amphorae. */
  dataPlane: DataPlaneReader;
  controller: Controller | null;
  /** Failed logins of this process (server/identity/login-limiter.ts). */
  loginLimiter: LoginLimiter;
  /** The amphora agents' CA under $DATA_DIR/pki, which certifies a host that joins. */
  agentPki: () => AgentPki;
  /** The demo project: every request acts in it until login exists. */
  projectId: string;
}

const globalForRuntime = globalThis as unknown as { lbaasRuntime?: Promise<Runtime> };

export function getRuntime(): Promise<Runtime> {
  globalForRuntime.lbaasRuntime ??= startRuntime().catch((err) => {
    globalForRuntime.lbaasRuntime = undefined;
    throw err;
  });
  return globalForRuntime.lbaasRuntime;
}

export async function openDatabase(): Promise<Database> {
  const { DATABASE_URL, DATABASE_POOL_SIZE, DATA_DIR } = env();
  if (DATABASE_URL) return openPostgres(DATABASE_URL, { poolSize: DATABASE_POOL_SIZE });
  const dir = path.join(DATA_DIR, "pglite");
  fs.mkdirSync(dir, { recursive: true });
  return openPglite(dir);
}

/** One of this machine's amphora hosts: its slot (1, 2, …), its name and its compute zone. */
export interface LocalHost {
  slot: number;
  name: string;
  zone: string;
}

/**
 * This machine's amphora hosts (HOSTS of them, one by default). The first host has the
 * machine's name; the others add `-2`, `-3`, …. Each stands in a compute zone of its own, `az1`,
 * `az2`, … (the names OpenStack's conformance suite is configured with).
 */
export function localHosts(): LocalHost[] {
  return Array.from({ length: env().HOSTS }, (_, i) => i + 1).map((slot) => ({
    slot,
    name: slot === 1 ? os.hostname() : `${os.hostname()}-${slot}`,
    zone: `az${slot}`,
  }));
}

/** The controller's CA for its amphora agents, under $DATA_DIR/pki (made at the first start). */
const localPki = () => loadOrCreatePki(path.join(env().DATA_DIR, "pki"));

/**
 * What the web tier reads of running amphorae (statistics, a failover's config): each from its
 * own host's agent, found by its placement and reached with the controller's certificate. A
 * client per host, made at its first read and made afresh when the host's URL changed (a
 * restarted agent listens on a new port) or a read through it failed.
 */
function agentsDataPlane(database: Database): DataPlaneReader {
  const clients = new Map<string, { url: string; client: Promise<AgentClient> }>();
  const drop = (hostId: string, entry: { client: Promise<AgentClient> }) => {
    if (clients.get(hostId) !== entry) return;
    clients.delete(hostId);
    void entry.client.then((agent) => agent.close(), () => undefined);
  };
  const readerOf = async (host: PlacedHost): Promise<DataPlaneReader> => {
    let entry = clients.get(host.id);
    if (entry && entry.url !== host.agent_url) drop(host.id, entry);
    entry = clients.get(host.id);
    if (!entry) {
      entry = { url: host.agent_url, client: connectAgent({ url: host.agent_url, tls: controllerTls(localPki()) }) };
      clients.set(host.id, entry);
    }
    const current = entry;
    const guarded = <T>(fn: (agent: AgentClient) => Promise<T>) =>
      current.client.then(fn).catch((err: unknown) => {
        drop(host.id, current);
        throw err;
      });
    return {
      status: (lbId) => guarded((a) => a.status(lbId)),
      counters: (lbId) => guarded((a) => a.counters(lbId)),
      readConfig: (lbId) => guarded((a) => a.readConfig(lbId)),
    };
  };
  return readerByPlacement(database.db, readerOf);
}

/**
 * Refuses to start, saying why and what to do, when this host cannot carry the cloud's network:
 * not root, no network namespaces, or an EXTERNAL_CIDR that overlaps a route the host has.
 */
export async function assertNetworkHost(): Promise<void> {
  const { NETWORK_PREFIX, EXTERNAL_CIDR, UNDERLAY_CIDR } = env();
  const privileges = await checkPrivileges(NETWORK_PREFIX);
  if (!privileges.ok) throw new Error(`Cannot start: ${privileges.message}.`);
  await checkRanges({ EXTERNAL_CIDR, UNDERLAY_CIDR }, NETWORK_PREFIX).catch((err: Error) => {
    throw new Error(`Cannot start: ${err.message}.`);
  });
}

/**
 * The host's data plane as its settings configure it, for the web server and `npm run worker`
 * alike: the network reconciler (which makes every namespace and this machine's amphora hosts';
 * after each pass the compute agent, when this process has one, serves the instances in theirs),
 * an amphora agent per host of this machine (each started afresh, replacing the last one; its
 * HAProxies outlive the replacement), and the controller driving HAProxy through them.
 */
export async function startConfiguredDataPlane(database: Database, feed: StatusFeed, compute: ComputeAgent | null) {
  await assertNetworkHost();
  const settings = env();
  const net = networkSettings();
  // Each host is registered first: its namespace is named for its id, and the network's first
  // pass makes it (its underlay address, its cables) before its agent plugs anything there.
  const hosts = await Promise.all(
    localHosts().map(async (host) => ({
      ...host,
      id: await registerHost(database.db, { name: host.name, address: "127.0.0.1", agent_url: "", availability_zone: host.zone }),
      underlay: localHostUnderlayAddress(net.underlayCidr, host.slot),
    })),
  );
  const network = await startNetworkReconciler({
    database,
    settings: net,
    log: (m) => console.log(`[network] ${m}`),
    localHosts: hosts.map((h) => ({ id: h.id, address: h.underlay })),
    ...(compute && { afterPass: () => syncInstanceServers(database.db, compute) }),
  });
  let controller: Controller | null = null;
  const heartbeats = await watchHostHeartbeats({
    db: database.db,
    key: loadOrCreateHeartbeatKey(path.join(settings.DATA_DIR, "pki")),
    intervalMs: settings.HEARTBEAT_INTERVAL_MS,
    timeoutMs: settings.HEARTBEAT_TIMEOUT_MS,
    statsIntervalMs: settings.HEALTH_SWEEP_MS,
    checksPushed: healthLogSocket(settings) !== null,
    log: (m) => console.log(`[hosts] ${m}`),
    onChange: () => controller?.hostsChanged(),
    bind: { address: settings.HEARTBEAT_BIND, port: settings.HEARTBEAT_PORT },
  });
  // This machine's hosts, where the controller places amphorae: reached on loopback.
  const drivers = new Map<string, AmphoraDriver>();
  await Promise.all(
    hosts.map(async (host) => {
      const agent = await startLocalAgent({
        dataDir: settings.DATA_DIR,
        slot: host.slot,
        networkPrefix: net.prefix,
        haproxyBin: settings.HAPROXY_BIN,
        hostNamespace: namespaceName(net.prefix, "host", host.id),
        underlayAddress: host.underlay,
        log: (m) => console.log(`[agent ${host.slot}] ${m}`),
      });
      await registerHost(database.db, { name: host.name, address: "127.0.0.1", agent_url: agent.url, availability_zone: host.zone });
      await heartbeats.watch(host.id, agent);
      drivers.set(host.id, agent);
    }),
  );
  // The demo cloud offers a zone per host, as an operator would set them up.
  if (settings.DEMO_CLOUD) await ensureHostZones(database.db, hosts.map((h) => h.zone));
  // Hosts of other machines that joined, reached from their rows.
  const joined = watchJoinedHosts({ db: database.db, drivers, heartbeats, tls: controllerTls(localPki()), intervalMs: 5_000, log: (m) => console.log(`[hosts] ${m}`) });
  controller = startConfiguredController(database, drivers, feed, network, heartbeats.reports);
  return {
    network,
    controller,
    async stop() {
      await controller.stop();
      await joined.stop();
      await heartbeats.stop();
      await network.stop();
    },
  };
}

function startConfiguredController(database: Database, hosts: Map<string, AmphoraDriver>, feed: StatusFeed, network: NetworkReconciler, reports: AmphoraReports): Controller {
  const settings = env();
  const healthSocket = healthLogSocket(settings);
  return startController({
    database,
    hosts,
    network,
    feed,
    concurrency: settings.CONTROLLER_CONCURRENCY,
    watchIntervalMs: settings.HEALTH_INTERVAL_MS,
    ...(healthSocket !== null && { healthLog: { socket: healthSocket } }),
    reports,
    render: amphoraRenderSettings(settings),
    log: (m) => console.log(`[controller] ${m}`),
  });
}

/** Where made-up passwords are kept, readable by root only. */
export const credentialsFile = () => path.join(env().DATA_DIR, "credentials");

/** Made-up passwords are shown once and kept where only root can read them. Returns whether there were any. */
function announceCredentials(generated: Record<string, string>): boolean {
  const lines = Object.entries(generated).map(([user, password]) => `${user} ${password}`);
  if (lines.length === 0) return false;
  const file = credentialsFile();
  fs.mkdirSync(env().DATA_DIR, { recursive: true });
  fs.writeFileSync(file, `# user password (generated at first start)\n${lines.join("\n")}\n`, { mode: 0o600 });
  console.log(`First start: generated passwords (also in ${file}):\n${lines.map((l) => `  ${l}`).join("\n")}`);
  return true;
}

/**
 * Seeds what this host's settings ask for, once: the demo cloud (or the bare project) and the
 * users, announcing made-up passwords. Returns the project every request acts in until login,
 * and whether passwords were made up now. `npm start` runs it before the server too
 * (scripts/seed.ts), so they print with the Dashboard line.
 */
export async function seedDatabase(database: Database): Promise<{ projectId: string; generated: boolean }> {
  const projectId = env().DEMO_CLOUD
    ? await seedDemoCloud(database.db, { ...DEFAULT_LAYOUT, externalCidr: env().EXTERNAL_CIDR })
    : await ensureProject(database.db, DEFAULT_LAYOUT.projectName);
  const seeded = await seedIdentities(database.db, {
    projectId,
    demo: env().DEMO_CLOUD,
    passwords: { admin: env().ADMIN_PASSWORD, demo: env().DEMO_PASSWORD },
  });
  return { projectId, generated: seeded ? announceCredentials(seeded.generated) : false };
}

async function startRuntime(): Promise<Runtime> {
  const database = await openDatabase();
  const { projectId } = await seedDatabase(database);
  const feed = await StatusFeed.start(database);
  // A restarted agent is told what should run from the database, the source of truth.
  const compute = await startComputeAgent({ networkPrefix: env().NETWORK_PREFIX, onRestart: (agent) => syncInstanceServers(database.db, agent) });
  // With CONTROLLER=external the worker owns the host's network and its agent, and the instances
  // are served once its first pass has made their namespaces (the compute agent's sync then succeeds).
  const external = env().CONTROLLER === "external";
  const dataPlane = external ? null : await startConfiguredDataPlane(database, feed, compute);
  if (!dataPlane) await syncInstanceServers(database.db, compute);
  const controller = dataPlane?.controller ?? null;
  // Login defences: every request stamped with its peer's address (the limiter's key), the
  // limiter, and the purge of old audit records and ended tokens and sessions.
  stampPeerAddresses();
  startIdentityHousekeeping(database.db, { auditRetentionDays: env().AUDIT_RETENTION_DAYS, sessions: sessionSettings() });
  return { database, feed, compute, dataPlane: agentsDataPlane(database), controller, projectId, loginLimiter: newLoginLimiter(), agentPki: localPki };
}
