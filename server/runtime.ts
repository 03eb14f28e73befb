import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AgentClient } from "@/amphora/agent/client";
import type { AmphoraDriver } from "@/amphora/driver";
import { connectLocalAgent, startLocalAgent } from "./agents/local-agent";
import { registerHost } from "./services/amphora-hosts";
import { watchHostHeartbeats } from "./agents/host-heartbeats";
import { loadOrCreateHeartbeatKey } from "./agents/pki";
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

/**
 * This host's amphorae, through the amphora agent this process starts (replacing the last one):
 * each HAProxy inside its load balancer's namespace.
 */
export const amphoraAgent = () =>
  startLocalAgent({ dataDir: env().DATA_DIR, networkPrefix: env().NETWORK_PREFIX, haproxyBin: env().HAPROXY_BIN, log: (m) => console.log(`[agent] ${m}`) });

/**
 * What the web tier reads of running amphorae (statistics, a failover's config) when a worker
 * process runs the controller and its agent: that agent's client, connected at the first read.
 */
function externalDataPlane(): DataPlaneReader {
  let client: Promise<AgentClient> | null = null;
  /** One read through the agent; a failed one connects afresh next time (a restarted worker's agent has a new port). */
  const read = async <T>(fn: (agent: AgentClient) => Promise<T>): Promise<T> => {
    client ??= connectLocalAgent(env().DATA_DIR);
    const current = client;
    try {
      return await fn(await current);
    } catch (err) {
      if (client === current) {
        client = null;
        void current.then((agent) => agent.close(), () => undefined);
      }
      throw err;
    }
  };
  return {
    status: (lbId) => read((a) => a.status(lbId)),
    counters: (lbId) => read((a) => a.counters(lbId)),
    readConfig: (lbId) => read((a) => a.readConfig(lbId)),
  };
}

/**
 * Refuses to start, saying why and what to do, when this host cannot carry the cloud's network:
 * not root, no network namespaces, or an EXTERNAL_CIDR that overlaps a route the host has.
 */
export async function assertNetworkHost(): Promise<void> {
  const { NETWORK_PREFIX, EXTERNAL_CIDR } = env();
  const privileges = await checkPrivileges(NETWORK_PREFIX);
  if (!privileges.ok) throw new Error(`Cannot start: ${privileges.message}.`);
  await checkRanges({ EXTERNAL_CIDR }, NETWORK_PREFIX).catch((err: Error) => {
    throw new Error(`Cannot start: ${err.message}.`);
  });
}

/**
 * The host's data plane as its settings configure it, for the web server and `npm run worker`
 * alike: the network reconciler (which makes every namespace; after each pass the compute agent,
 * when this process has one, serves the instances in theirs) and the controller driving HAProxy.
 */
export async function startConfiguredDataPlane(database: Database, agent: AgentClient, feed: StatusFeed, compute: ComputeAgent | null) {
  await assertNetworkHost();
  // This host, where the controller places amphorae: known by its name, reached on loopback.
  const host = { id: await registerHost(database.db, { name: os.hostname(), address: "127.0.0.1", agent_url: agent.url }) };
  const network = await startNetworkReconciler({
    database,
    settings: networkSettings(),
    log: (m) => console.log(`[network] ${m}`),
    ...(compute && { afterPass: () => syncInstanceServers(database.db, compute) }),
  });
  const settings = env();
  const heartbeats = await watchHostHeartbeats({
    db: database.db,
    agent,
    hostId: host.id,
    key: loadOrCreateHeartbeatKey(path.join(settings.DATA_DIR, "pki")),
    intervalMs: settings.HEARTBEAT_INTERVAL_MS,
    timeoutMs: settings.HEARTBEAT_TIMEOUT_MS,
    log: (m) => console.log(`[hosts] ${m}`),
  });
  const controller = startConfiguredController(database, agent, host, feed, network);
  return {
    network,
    controller,
    async stop() {
      await controller.stop();
      await heartbeats.stop();
      await network.stop();
    },
  };
}

function startConfiguredController(database: Database, driver: AmphoraDriver, host: { id: string }, feed: StatusFeed, network: NetworkReconciler): Controller {
  const settings = env();
  const healthSocket = healthLogSocket(settings);
  return startController({
    database,
    driver,
    host,
    network,
    feed,
    concurrency: settings.CONTROLLER_CONCURRENCY,
    watchIntervalMs: settings.HEALTH_INTERVAL_MS,
    ...(healthSocket !== null && { healthLog: { socket: healthSocket } }),
    healthSweepMs: settings.HEALTH_SWEEP_MS,
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
  const agent = external ? null : await amphoraAgent();
  const dataPlane = agent ? await startConfiguredDataPlane(database, agent, feed, compute) : null;
  if (!dataPlane) await syncInstanceServers(database.db, compute);
  const controller = dataPlane?.controller ?? null;
  // Login defences: every request stamped with its peer's address (the limiter's key), the
  // limiter, and the purge of old audit records and ended tokens and sessions.
  stampPeerAddresses();
  startIdentityHousekeeping(database.db, { auditRetentionDays: env().AUDIT_RETENTION_DAYS, sessions: sessionSettings() });
  return { database, feed, compute, dataPlane: agent ?? externalDataPlane(), controller, projectId, loginLimiter: newLoginLimiter() };
}
