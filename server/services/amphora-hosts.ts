import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { amphorae, amphoraHosts, loadBalancers } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";
import { NotFoundError, UnavailableError } from "@/server/kernel/errors";
import { computeZoneOf } from "./availability-zones";

// The hosts amphorae run on, each with its amphora agent: registered when their agent is started
// (the controller's own host at every start), listed and disabled by admins (the policy table
// admits only them), and chosen for each new amphora by the scheduler below.

export type HostState = "UP" | "DOWN" | "DISABLED" | "DRAINING";

type HostRow = typeof amphoraHosts.$inferSelect;

/** DOWN whenever its heartbeats stopped; else DRAINING while a drained host still has amphorae, DISABLED, or UP. */
const stateOf = (host: HostRow, amphorae: number): HostState => {
  if (host.status === "DOWN") return "DOWN";
  if (host.draining && amphorae > 0) return "DRAINING";
  return host.enabled ? "UP" : "DISABLED";
};

/**
 * Records a host's agent, or its new address and URL when the host is known; returns its id. The
 * compute zone is the host's at its first registration; an admin may move it later.
 */
export async function registerHost(db: Db, host: { name: string; address: string; agent_url: string; availability_zone?: string | null }): Promise<string> {
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
  return hosts.map((h) => ({ ...h, state: stateOf(h, placed.get(h.id) ?? 0), amphorae: placed.get(h.id) ?? 0 }));
}

async function amphoraCount(db: Db, hostId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(amphorae).where(eq(amphorae.compute_id, hostId));
  return row?.n ?? 0;
}

/**
 * Disables a host (no new amphorae land there; those it has keep running) or enables it again
 * (which ends a drain); `drain` also moves every amphora it has to other hosts, one failover
 * each, driven by the controller until none is left there. `availability_zone` moves the host
 * to another compute zone (null: none) for the amphorae placed from then on.
 */
export async function updateAmphoraHost(ctx: ServiceContext, id: string, change: { enabled: boolean; drain?: boolean; availability_zone?: string | null }) {
  const draining = !change.enabled && (change.drain ?? false);
  const [row] = await ctx.db
    .update(amphoraHosts)
    .set({ enabled: change.enabled, draining, ...(change.availability_zone !== undefined && { availability_zone: change.availability_zone }), updated_at: sql`now()` })
    .where(eq(amphoraHosts.id, id))
    .returning();
  if (!row) throw new NotFoundError("Amphora Host", id);
  const placed = await amphoraCount(ctx.db, id);
  return { ...row, state: stateOf(row, placed), amphorae: placed };
}

/** An amphora host the scheduler chose: its id, and the address its agent is reached on. */
export interface ChosenHost {
  id: string;
  address: string;
}

/** Why an amphora has nowhere to go; `zone`: the compute zone it must be in. */
export const noHostMessage = (zone: string | null) =>
  `No amphora host is UP and enabled with room for another amphora${zone ? ` in availability zone ${zone}` : ""}`;

/** Where a load balancer's amphorae may go: the compute zone of its availability zone, or null for any host. */
export async function zoneOfLoadBalancer(db: Db, lbId: string): Promise<string | null> {
  const [lb] = await db.select({ zone: loadBalancers.availability_zone }).from(loadBalancers).where(eq(loadBalancers.id, lbId));
  return computeZoneOf(db, lb?.zone ?? null);
}

export interface Placement {
  /** The compute zone the host must be in; null: any. */
  zone: string | null;
  /** A host it must not be (a DOWN host being failed over from). */
  exclude?: string | null;
}

/**
 * The scheduler: the UP, enabled host among `reachable` (those the controller has an agent
 * client for) in the placement's zone, other than the one it excludes, with the fewest
 * amphorae and room for one more; null when there is none.
 */
export async function chooseHost(db: Db, reachable: string[], placement: Placement): Promise<ChosenHost | null> {
  const load = db.select({ host: amphorae.compute_id, n: count().as("n") }).from(amphorae).groupBy(amphorae.compute_id).as("load");
  const candidates = await db
    .select({ id: amphoraHosts.id, address: amphoraHosts.address, capacity: amphoraHosts.capacity, n: sql<number>`coalesce(${load.n}, 0)::int` })
    .from(amphoraHosts)
    .leftJoin(load, eq(load.host, amphoraHosts.id))
    .where(
      and(
        eq(amphoraHosts.enabled, true),
        eq(amphoraHosts.status, "UP"),
        placement.zone !== null ? eq(amphoraHosts.availability_zone, placement.zone) : undefined,
      ),
    )
    .orderBy(sql`coalesce(${load.n}, 0)`, asc(amphoraHosts.name));
  const host = candidates.find((c) => reachable.includes(c.id) && c.id !== placement.exclude && c.n < c.capacity);
  return host ? { id: host.id, address: host.address } : null;
}

/**
 * Places a load balancer's amphora that has no host yet (chooseHost) and returns the host's id;
 * an amphora already placed keeps its host.
 */
export async function placeAmphora(db: Db, lbId: string, reachable: string[]): Promise<string> {
  return db.transaction(async (tx) => {
    const [amphora] = await tx.select({ id: amphorae.id, host: amphorae.compute_id }).from(amphorae).where(eq(amphorae.loadbalancer_id, lbId)).for("update");
    if (amphora?.host) return amphora.host;
    const zone = await zoneOfLoadBalancer(tx, lbId);
    const host = await chooseHost(tx, reachable, { zone });
    if (!host) throw new UnavailableError(noHostMessage(zone));
    const placement = { compute_id: host.id, lb_network_ip: host.address };
    if (amphora) await tx.update(amphorae).set(placement).where(and(eq(amphorae.id, amphora.id), isNull(amphorae.compute_id)));
    else await tx.insert(amphorae).values({ loadbalancer_id: lbId, status: "ALLOCATED", ...placement });
    return host.id;
  });
}
