import { and, eq } from "drizzle-orm";
import { ports, routers } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";
import { ValidationError } from "@/server/kernel/errors";
import { INTERFACE_OWNER } from "./routerLookup";

// Which router carries a floating IP to a port: one with its gateway on the floating IP's
// external network and an interface on the port's subnet (its DNAT answers the floating address
// and reaches the port through that interface). Neutron refuses an association with no such router.

export async function routerCarrying(
  ctx: ServiceContext,
  fip: { floating_network_id: string },
  port: { id: string; subnet_id: string },
): Promise<string> {
  const [row] = await ctx.db
    .select({ id: routers.id })
    .from(routers)
    .innerJoin(ports, and(eq(ports.device_id, routers.id), eq(ports.device_owner, INTERFACE_OWNER), eq(ports.subnet_id, port.subnet_id)))
    .where(eq(routers.gw_network_id, fip.floating_network_id))
    .orderBy(routers.created_at, routers.id)
    .limit(1);
  if (!row) {
    throw new ValidationError(
      `External network ${fip.floating_network_id} is not reachable from subnet ${port.subnet_id}. Therefore, cannot associate Port ${port.id} with a Floating IP.`,
      "port_id",
    );
  }
  return row.id;
}
