import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openPglite, openPostgres } from "@/db/client";
import { seedDemoCloud } from "@/server/cloud/seed";
import { StatusFeed } from "@/server/events/statusFeed";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";
import { claimNetWorld } from "./netns";
import { liftQuotas } from "./lifted-quotas";

// Every test world and benchmark runs with unlimited default quotas (lifted-quotas.ts).
liftQuotas();

// A fresh database per test file: in-memory PGlite, or a new database on the suite's
// PostgreSQL. Nothing depends on fixed seeded ids, and nothing needs cleaning up by hand.

async function freshDatabase(): Promise<Database> {
  const serverUrl = inject("postgresUrl");
  if (!serverUrl) return openPglite();
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return openPostgres(url.toString());
}

/** A fresh database with the demo cloud on a network of its own: one test file's world. */
export async function testWorld() {
  return createWorld(await freshDatabase());
}

/**
 * The demo cloud seeded into `database`, its host network claimed for this world alone (a prefix
 * for every namespace and link it makes, an external /24: netns.ts), a caller on it, and its
 * teardown, which removes whatever the world made on the host.
 */
export async function createWorld(database: Database) {
  const net = await claimNetWorld();
  const projectId = await seedDemoCloud(database.db, { externalCidr: net.externalCidr, projectName: "demo" });
  const feed = await StatusFeed.start(database);
  const ctx = createInnerContext({ db: database.db, projectId, feed });
  const caller = createCaller(ctx);
  const ids = await cloudIds(caller);
  return {
    database,
    db: database.db,
    projectId,
    feed,
    caller,
    ctx,
    ...ids,
    net,
    /** The host network's settings of this world, as the network reconciler takes them. */
    networkSettings: net.settings,
    /**
     * A caller acting in another project (created on demand), with the same tenant networks and
     * addresses as demo's (10.0.0.0/24 …) on networks of its own, and the same `public`.
     */
    async otherProject() {
      const otherId = await seedDemoCloud(database.db, { externalCidr: net.externalCidr, projectName: `other-${randomBytes(3).toString("hex")}` });
      return createCaller(createInnerContext({ db: database.db, projectId: otherId, feed }));
    },
    async close() {
      await feed.stop();
      await database.close();
      await net.close();
    },
  };
}

export type TestWorld = Awaited<ReturnType<typeof createWorld>>;

async function cloudIds(caller: ReturnType<typeof createCaller>) {
  const subnets = await caller.subnet.list();
  const bySubnet = (name: string) => {
    const subnet = subnets.find((s) => s.name === name);
    if (!subnet) throw new Error(`seed has no subnet ${name}`);
    return subnet;
  };
  const instances = await caller.instance.list();
  const byInstance = (name: string) => {
    const instance = instances.find((i) => i.name === name);
    if (!instance) throw new Error(`seed has no instance ${name}`);
    return instance;
  };
  return {
    selfservice: bySubnet("selfservice-subnet"),
    backend: bySubnet("backend-subnet"),
    publicSubnet: bySubnet("public-subnet"),
    web1: byInstance("web1"),
    web2: byInstance("web2"),
    web3: byInstance("web3"),
    db1: byInstance("db1"),
  };
}
