import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
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
  /**
   * Runs `fn` while holding the named lock, or returns `busy` at once if another holder has it.
   * Across processes on PostgreSQL (an advisory lock); within the process on PGlite, which only
   * one process can open anyway.
   */
  tryWithLock<T>(key: string, fn: () => Promise<T>): Promise<T | typeof busy>;
  close(): Promise<void>;
}

export const busy = Symbol("busy");

function inProcessLocks(): Database["tryWithLock"] {
  const held = new Set<string>();
  return async (key, fn) => {
    if (held.has(key)) return busy;
    held.add(key);
    try {
      return await fn();
    } finally {
      held.delete(key);
    }
  };
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
    db: drizzleDb as unknown as Db,
    listen: (channel, onNotify) => client.listen(channel, onNotify),
    tryWithLock: inProcessLocks(),
    close: () => client.close(),
  };
}

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const migrator = drizzlePg({ client: pool, schema });
  await migratePg(migrator, { migrationsFolder });
  const listeners: pg.Client[] = [];
  return {
    kind: "postgres",
    url,
    db: migrator as unknown as Db,
    listen: async (channel, onNotify) => {
      // LISTEN needs a connection of its own: a pooled one would be handed to other queries.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      client.on("notification", (msg) => {
        if (msg.channel === channel) onNotify(msg.payload ?? "");
      });
      await client.query(`LISTEN "${channel.replace(/"/g, "")}"`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end();
      };
    },
    tryWithLock: async (key, fn) => {
      // A session-level advisory lock lives on one connection: hold that connection throughout.
      const client = await pool.connect();
      try {
        const { rows } = await client.query<{ locked: boolean }>(
          "select pg_try_advisory_lock(hashtextextended($1, 0)) as locked",
          [key],
        );
        if (!rows[0]?.locked) return busy;
        try {
          return await fn();
        } finally {
          await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [key]);
        }
      } finally {
        client.release();
      }
    },
    close: async () => {
      await Promise.all(listeners.splice(0).map((c) => c.end()));
      await pool.end();
    },
  };
}
