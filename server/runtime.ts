import fs from "node:fs";
import path from "node:path";
import { type Database, openPglite, openPostgres } from "@/db/client";
import { seedDemoCloud } from "@/db/seed";
import { env } from "./env";
import { StatusFeed } from "./events/statusFeed";

// The server process's long-lived pieces: the database (migrated and seeded), the status feed.
// Cached on globalThis so that Next's dev reloads and its separately bundled route handlers share
// one PGlite (which allows a single opener) instead of opening it again.

export interface Runtime {
  database: Database;
  feed: StatusFeed;
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

async function startRuntime(): Promise<Runtime> {
  const { DATABASE_URL, DATA_DIR } = env();
  let database: Database;
  if (DATABASE_URL) {
    database = await openPostgres(DATABASE_URL);
  } else {
    const dir = path.join(DATA_DIR, "pglite");
    fs.mkdirSync(dir, { recursive: true });
    database = await openPglite(dir);
  }
  const projectId = await seedDemoCloud(database.db);
  const feed = await StatusFeed.start(database);
  return { database, feed, projectId };
}
