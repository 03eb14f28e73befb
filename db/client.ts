import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { listenResilient, type PgListener } from "./pg-listener";
import * as schema from "./schema";

export type Schema = typeof schema;
/** A database or a transaction: both run queries, and services accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** One open database: the Drizzle handle plus what Drizzle does not cover (LISTEN, close). */
export interface Database {
  kind: "pglite" | "postgres";
  /** The connection URL, for PostgreSQL: another process (a controller worker) can open it too. */
  url: string | null;
  db: Db;
  /** Calls `onNotify` for every NOTIFY on `channel`, from any process. Returns the unlisten. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** Embedded PostgreSQL in this process; `dataDir` undefined means in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  const client = new PGlite(dataDir);
  await client.waitReady;
  const drizzleDb = drizzlePglite({ client, schema });
  await migratePglite(drizzleDb, { migrationsFolder });
  return {
    kind: "pglite",
    url: null,
    db: drizzleDb,
    listen: (channel, onNotify) => client.listen(channel, onNotify),
    close: () => client.close(),
  };
}

export interface PostgresOptions {
  /** Pooled connections; LISTEN takes one more of its own. */
  poolSize?: number;
}

export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  // A connection that the server drops (PostgreSQL restarted) emits an error event, idle in the
  // pool or checked out between two queries of a transaction; with no listener that event would
  // end the process. The pool discards the broken connection, and its next user gets a new one.
  pool.on("error", (err) => console.error(`[db] idle connection lost: ${err.message}`));
  pool.on("connect", (client) => client.on("error", (err) => console.error(`[db] connection lost: ${err.message}`)));
  const migrator = drizzlePg({ client: pool, schema });
  await migratePg(migrator, { migrationsFolder });
  const listeners = new Set<PgListener>();
  return {
    kind: "postgres",
    url,
    db: migrator,
    listen: async (channel, onNotify) => {
      const listener = await listenResilient(url, channel, onNotify);
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
        await listener.close();
      };
    },
    close: async () => {
      await Promise.all([...listeners].map((l) => l.close()));
      listeners.clear();
      await pool.end();
    },
  };
}
