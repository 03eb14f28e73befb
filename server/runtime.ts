import fs from "node:fs";
import path from "node:path";
import { type AmphoraDriver, createLocalDriver } from "@/amphora/driver";
import { type Database, openPglite, openPostgres } from "@/db/client";
import { DEFAULT_LAYOUT, ensureProject, seedDemoCloud } from "@/db/seed";
import { type ComputeAgent, startComputeAgent } from "./cloud/compute/agent";
import { syncInstanceServers } from "./cloud/instances";
import { env } from "./env";
import { StatusFeed } from "./events/statusFeed";
import { type Controller, startController } from "./orchestrator/controller";

// The server process's long-lived pieces: the database (migrated and seeded), the status feed,
// the compute agent playing the demo instances, and (unless CONTROLLER=external, for a
// PostgreSQL deployment with `npm run worker` processes) the controller. Cached on globalThis so
// that Next's separately bundled route handlers and instrumentation share one of each (PGlite
// allows a single opener).

export interface Runtime {
  database: Database;
  feed: StatusFeed;
  compute: ComputeAgent;
  driver: AmphoraDriver;
  controller: Controller | null;
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

export const amphoraDriver = () => createLocalDriver({ baseDir: path.join(env().DATA_DIR, "amphorae"), haproxyBin: env().HAPROXY_BIN });

/** The controller as this host's settings configure it, for the web server and `npm run worker` alike. */
export function startConfiguredController(database: Database, driver: AmphoraDriver, feed: StatusFeed): Controller {
  const settings = env();
  return startController({
    database,
    driver,
    feed,
    concurrency: settings.CONTROLLER_CONCURRENCY,
    watchIntervalMs: settings.HEALTH_INTERVAL_MS,
    ...(settings.HEALTH_LOG_PORT > 0 && { healthLog: { address: "127.0.0.1", port: settings.HEALTH_LOG_PORT } }),
    healthSweepMs: settings.HEALTH_SWEEP_MS,
    render: { unlimitedMaxconn: settings.AMPHORA_MAXCONN },
    log: (m) => console.log(`[controller] ${m}`),
  });
}

async function startRuntime(): Promise<Runtime> {
  const database = await openDatabase();
  const projectId = env().DEMO_CLOUD
    ? await seedDemoCloud(database.db, { ...DEFAULT_LAYOUT, octet: env().DEMO_OCTET })
    : await ensureProject(database.db, DEFAULT_LAYOUT.projectName);
  const feed = await StatusFeed.start(database);
  // A restarted agent is told what should run from the database, the source of truth.
  const compute = await startComputeAgent({ onRestart: (agent) => syncInstanceServers(database.db, agent) });
  await syncInstanceServers(database.db, compute);
  const driver = amphoraDriver();
  const controller = env().CONTROLLER === "external" ? null : startConfiguredController(database, driver, feed);
  return { database, feed, compute, driver, controller, projectId };
}
