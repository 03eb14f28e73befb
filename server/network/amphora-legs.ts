import { and, eq, notInArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loadBalancers, members, pools, ports, subnets } from "@/db/schema";
import { allocatePort } from "@/server/cloud/ipam";
import type { FixedIp } from "./desired";

// Octavia's plug_network: an amphora has a port on every subnet its members are on (beyond the
// VIP's), and only those, so it reaches what it balances and nothing else. The ports are IPAM
// rows (device_owner Octavia, device_id the load balancer) made and released here, by the
// controller that holds the load balancer's claim: before each apply (a member being deleted
// still counts, its config still sends to it), and once the config without it runs
// (`settled`: members being deleted no longer count, so the last one on a subnet takes the leg).

export const LEG_PORT_NAME = "octavia-member-leg";

/** Makes the load balancer's member legs match its members' subnets; returns them, and whether any came or went. */
export async function syncAmphoraLegs(db: Db, lbId: string, opts: { settled?: boolean } = {}): Promise<{ legs: FixedIp[]; changed: boolean }> {
  return db.transaction(async (tx) => {
    const [lb] = await tx
      .select({ project_id: loadBalancers.project_id, vip_port_id: loadBalancers.vip_port_id, vip_subnet_id: loadBalancers.vip_subnet_id })
      .from(loadBalancers)
      .where(eq(loadBalancers.id, lbId));
    if (!lb) return { legs: [], changed: false };
    const memberSubnets = await tx
      .selectDistinct({ id: subnets.id, network_id: subnets.network_id, name: subnets.name })
      .from(members)
      .innerJoin(pools, eq(members.pool_id, pools.id))
      .innerJoin(subnets, eq(members.subnet_id, subnets.id))
      .where(and(eq(pools.loadbalancer_id, lbId), notInArray(members.provisioning_status, opts.settled ? ["DELETED", "PENDING_DELETE"] : ["DELETED"])));
    const wanted = memberSubnets.filter((s) => s.id !== lb.vip_subnet_id);
    const legsOf = () =>
      tx
        .select({ port_id: ports.id, network_id: ports.network_id, subnet_id: ports.subnet_id, ip_address: ports.ip_address })
        .from(ports)
        .where(and(eq(ports.device_owner, "Octavia"), eq(ports.device_id, lbId), eq(ports.name, LEG_PORT_NAME)));
    const existing = await legsOf();
    const have = new Set(existing.map((l) => l.subnet_id));
    let changed = false;
    for (const subnet of wanted) {
      if (have.has(subnet.id)) continue;
      await allocatePort(tx, { subnet, project_id: lb.project_id, device_owner: "Octavia", device_id: lbId, name: LEG_PORT_NAME });
      changed = true;
    }
    const keep = wanted.map((s) => s.id);
    const released = await tx
      .delete(ports)
      .where(
        and(
          eq(ports.device_owner, "Octavia"),
          eq(ports.device_id, lbId),
          eq(ports.name, LEG_PORT_NAME),
          keep.length > 0 ? notInArray(ports.subnet_id, keep) : undefined,
        ),
      )
      .returning({ id: ports.id });
    changed ||= released.length > 0;
    return { legs: changed ? await legsOf() : existing, changed };
  });
}
