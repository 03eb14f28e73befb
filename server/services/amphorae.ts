import { eq, getTableColumns } from "drizzle-orm";
import { amphorae, amphoraHosts } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";

// Amphorae are the operator's view (Octavia's admin API): the policy table admits only admins to
// amphora.*, before this runs.

/** Every amphora, with the name of the host it was placed on. */
export async function listAmphorae(ctx: ServiceContext) {
  return ctx.db
    .select({ ...getTableColumns(amphorae), host_name: amphoraHosts.name })
    .from(amphorae)
    .leftJoin(amphoraHosts, eq(amphoraHosts.id, amphorae.compute_id))
    .orderBy(amphorae.created_at);
}
