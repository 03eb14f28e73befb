import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { amphorae, amphoraHosts } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";
import { NotFoundError, UnavailableError } from "@/server/kernel/errors";

// The hosts amphorae run on, each with its amphora agent: registered when their agent is started
// (the controller's own host at every start), listed and disabled by admins (the policy table
// admits only them), and chosen for each new amphora by the scheduler below.

export type HostState = "UP" | "DOWN" | "DISABLED";

type HostRow = typeof amphoraHosts.$inferSelect;

const stateOf = (host: HostRow): HostState => (host.enabled ? host.status : "DISABLED");

/** Records a host's agent, or its new address and URL when the host is known; returns its id. */
export async function registerHost(db: Db, host: { name: string; address: string; agent_url: string }): Promise<string> {
  const now = new Date().toISOString();
  const [row] = await db
    .insert(amphoraHosts)
    .values({ ...host, status: "UP", last_seen_at: now })
    .onConflictDoUpdate({ target: amphoraHosts.name, set: { address: host.address, agent_url: host.agent_url, status: "UP", last_seen_at: now, updated_at: sql`now()` } })
    .returning({ id: amphoraHosts.id });
  return row!.id;
}

export async function listAmphoraHosts(ctx: ServiceContext) {
  const hosts = await ctx.db.select().from(amphoraHosts).orderBy(asc(amphoraHosts.name));
  const counts = await ctx.db.select({ host: amphorae.compute_id, n: count() }).from(amphorae).groupBy(amphorae.compute_id);
  const placed = new Map(counts.map((c) => [c.host, c.n]));
  return hosts.map((h) => ({ ...h, state: stateOf(h), amphorae: placed.get(h.id) ?? 0 }));
}

/** Disables a host (no new amphorae land there; those it has keep running) or enables it again. */
export async function updateAmphoraHost(ctx: ServiceContext, id: string, change: { enabled: boolean }) {
  const [row] = await ctx.db.update(amphoraHosts).set({ enabled: change.enabled, updated_at: sql`now()` }).where(eq(amphoraHosts.id, id)).returning();
  if (!row) throw new NotFoundError("Amphora Host", id);
  return { ...row, state: stateOf(row) };
}

/**
 * Places a load balancer's amphora that has no host yet: on the UP, enabled host among `reachable`
 * (those the controller has an agent client for) with the fewest amphorae and room for one more.
 * Returns the host's id; an amphora already placed keeps its host.
 */
export async function placeAmphora(db: Db, lbId: string, reachable: string[]): Promise<string> {
  return db.transaction(async (tx) => {
    const [amphora] = await tx.select({ id: amphorae.id, host: amphorae.compute_id }).from(amphorae).where(eq(amphorae.loadbalancer_id, lbId)).for("update");
    if (amphora?.host) return amphora.host;
    const load = tx.select({ host: amphorae.compute_id, n: count().as("n") }).from(amphorae).groupBy(amphorae.compute_id).as("load");
    const candidates = await tx
      .select({ id: amphoraHosts.id, address: amphoraHosts.address, capacity: amphoraHosts.capacity, n: sql<number>`coalesce(${load.n}, 0)::int` })
      .from(amphoraHosts)
      .leftJoin(load, eq(load.host, amphoraHosts.id))
      .where(and(eq(amphoraHosts.enabled, true), eq(amphoraHosts.status, "UP")))
      .orderBy(sql`coalesce(${load.n}, 0)`, asc(amphoraHosts.name));
    const host = candidates.find((c) => reachable.includes(c.id) && c.n < c.capacity);
    if (!host) throw new UnavailableError("No amphora host is UP and enabled with room for another amphora");
    const placement = { compute_id: host.id, lb_network_ip: host.address };
    if (amphora) await tx.update(amphorae).set(placement).where(and(eq(amphorae.id, amphora.id), isNull(amphorae.compute_id)));
    else await tx.insert(amphorae).values({ loadbalancer_id: lbId, status: "ALLOCATED", ...placement });
    return host.id;
  });
}
