import { eq, getTableColumns } from "drizzle-orm";
import { amphorae, amphoraHosts, loadBalancers } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";

// Amphorae are the operator's view (Octavia's admin API): the policy table admits only admins to
// amphora.*, before this runs.

/**
 * Every amphora, with the name of the host it was placed on and the address it serves: its load
 * balancer's VIP and VIP port (Octavia's ha_ip and ha_port_id; a STANDALONE amphora holds the VIP
 * itself).
 */
export async function listAmphorae(ctx: ServiceContext) {
  return ctx.db
    .select({ ...getTableColumns(amphorae), host_name: amphoraHosts.name, ha_ip: loadBalancers.vip_address, ha_port_id: loadBalancers.vip_port_id })
    .from(amphorae)
    .innerJoin(loadBalancers, eq(loadBalancers.id, amphorae.loadbalancer_id))
    .leftJoin(amphoraHosts, eq(amphoraHosts.id, amphorae.compute_id))
    .orderBy(amphorae.created_at);
}
