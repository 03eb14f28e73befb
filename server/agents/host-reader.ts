import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { amphorae, amphoraHosts } from "@/db/schema";
import type { DataPlaneReader } from "@/server/kernel/context";

// What the web tier reads of running amphorae (statistics, a failover's "view config"), each
// from the host its amphora is placed on: with several hosts, no one agent knows them all.

export interface PlacedHost {
  id: string;
  agent_url: string;
}

/** A reader that asks each amphora's own host, through `readerOf` (the client of that host's agent). */
export function readerByPlacement(db: Db, readerOf: (host: PlacedHost) => Promise<DataPlaneReader>): DataPlaneReader {
  const hostOf = async (lbId: string): Promise<PlacedHost | null> => {
    const [row] = await db
      .select({ id: amphoraHosts.id, agent_url: amphoraHosts.agent_url })
      .from(amphorae)
      .innerJoin(amphoraHosts, eq(amphoraHosts.id, amphorae.compute_id))
      .where(eq(amphorae.loadbalancer_id, lbId));
    return row ?? null;
  };
  return {
    async status(lbId) {
      const host = await hostOf(lbId);
      // Not placed on any host: nothing runs it.
      return host ? (await readerOf(host)).status(lbId) : { running: false, pid: null };
    },
    async counters(lbId) {
      const host = await hostOf(lbId);
      if (!host) throw new Error(`load balancer ${lbId} has no amphora on a host`);
      return (await readerOf(host)).counters(lbId);
    },
    async readConfig(lbId) {
      const host = await hostOf(lbId);
      return host ? (await readerOf(host)).readConfig(lbId) : null;
    },
  };
}
