import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { amphorae, amphoraHosts, loadBalancers } from "@/db/schema";
import { chooseHost } from "@/server/services/amphora-hosts";
import { computeZoneOf } from "@/server/services/availability-zones";
import { LOCKABLE_FROM } from "@/server/services/lock-rules";
import { lbTarget } from "@/server/services/locks";
import { setStatus } from "@/server/services/status";
import { mapBounded } from "./bounded";
import type { ControllerDeps } from "./deps";

// What happens to amphorae when their host fails or comes back (Octavia's health manager, for
// hosts). A host's status is the host monitor's (host-monitor.ts); these sweeps act on it, from
// the controller's watch loop, so whichever controller runs them first does the work once.

/**
 * Every load balancer with its amphora on a DOWN or draining host goes PENDING_UPDATE with a
 * failover requested, an event saying why: the work loop then rebuilds the amphora on another host from
 * the database (reconciler.ts). One already pending is left to its apply, which fails it over
 * too (its host is DOWN). Nothing is handed over while no host of its zone could take the
 * amphora (`reachable` are the hosts the controller has a client for): the load balancer stays
 * as it is, serving if its host is only cut off from the controller. Returns how many were
 * handed over.
 */
export async function failOverDownHosts(db: Db, reachable: string[], log: (line: string) => void): Promise<number> {
  const stranded = await db
    .select({ id: loadBalancers.id, project_id: loadBalancers.project_id, host: amphoraHosts.name, status: amphoraHosts.status, zone: loadBalancers.availability_zone })
    .from(amphorae)
    .innerJoin(amphoraHosts, eq(amphoraHosts.id, amphorae.compute_id))
    .innerJoin(loadBalancers, eq(loadBalancers.id, amphorae.loadbalancer_id))
    .where(
      and(
        or(eq(amphoraHosts.status, "DOWN"), eq(amphoraHosts.draining, true)),
        eq(amphorae.failover_requested, false),
        inArray(loadBalancers.provisioning_status, [...LOCKABLE_FROM.failover]),
      ),
    );
  // Whether a zone's load balancers have somewhere to go, asked once per zone in a sweep.
  const room = new Map<string | null, boolean>();
  const hasRoom = async (zone: string | null) => {
    if (!room.has(zone)) room.set(zone, (await chooseHost(db, reachable, { zone: await computeZoneOf(db, zone) })) !== null);
    return room.get(zone)!;
  };
  let handed = 0;
  for (const lb of stranded) {
    if (!(await hasRoom(lb.zone))) continue;
    const reason =
      lb.status === "DOWN" ? `amphora host ${lb.host} is DOWN: failing its amphora over to another host` : `amphora host ${lb.host} is draining: moving its amphora to another host`;
    await db.transaction(async (tx) => {
      if (!(await setStatus(tx, lbTarget(lb), { provisioning_status: "PENDING_UPDATE", reason }, LOCKABLE_FROM.failover))) return;
      await tx.update(amphorae).set({ failover_requested: true }).where(eq(amphorae.loadbalancer_id, lb.id));
      handed++;
    });
  }
  if (handed > 0) log(`failing over ${handed} amphorae of hosts that are DOWN or draining`);
  return handed;
}

/**
 * Stops and unplugs, on every host this controller reaches, each HAProxy no amphora row places there: one
 * whose load balancer is gone, and a stale copy on a host that was DOWN while its load balancer
 * moved elsewhere. An amphora with no host yet is left alone: a failover is between its old
 * row and its placement, or it predates placement and its restart places it.
 */
export async function stopStrays(deps: ControllerDeps): Promise<void> {
  for (const [hostId, driver] of deps.hosts) {
    // Rows are read after the processes are listed: a load balancer placed here in between is
    // then already in the database, never mistaken for a stray.
    let live: string[];
    try {
      live = await driver.list();
    } catch (err) {
      deps.log(`amphora host ${hostId}: its amphorae could not be listed: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    if (live.length === 0) continue;
    const rows = await deps.database.db
      .select({ id: amphorae.loadbalancer_id, host: amphorae.compute_id })
      .from(amphorae)
      .where(inArray(amphorae.loadbalancer_id, live));
    const placed = new Map(rows.map((r) => [r.id, r.host]));
    const strays = live.filter((id) => !placed.has(id) || (placed.get(id) !== null && placed.get(id) !== hostId));
    await mapBounded(strays, 4, async (id) => {
      deps.log(`amphora ${id} on host ${hostId}: ${placed.has(id) ? "its load balancer runs on another host now" : "no load balancer stands behind it"}: stopping it`);
      await driver.stop(id);
      await driver.unplug?.(id);
      // The copy that went had the VIP (and its MAC) too: the live one announces it again, so
      // that no bridge keeps sending its traffic to the host of the copy.
      const live = placed.get(id);
      await (live ? deps.hosts.get(live) : undefined)
        ?.announce?.(id)
        .catch((err: unknown) => deps.log(`amphora ${id}: announcing its VIP again failed: ${err instanceof Error ? err.message : String(err)}`));
    });
  }
}
