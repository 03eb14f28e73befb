import { and, count, eq, inArray, sql } from "drizzle-orm";
import { loadBalancers, members, networks, ports, projects, subnets } from "@/db/schema";
import { type ServiceContext, withTransaction } from "@/server/kernel/context";
import { announceNetworkChange } from "@/server/network/changes";
import { ConflictError, NotFoundError, ValidationError } from "@/server/kernel/errors";
import { networkView, subnetView } from "./inventory";
import type { NetworkCreateInput, SubnetCreateInput } from "./schemas";
import { defaultAllocationPools, defaultGateway } from "./subnetRules";

// Neutron's network and subnet create/delete for the cloud's admin: the address ranges VIPs,
// instances and floating IPs are allocated from. The policy table admits only admins to these
// verbs, before they run.

async function findNetwork(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db.select().from(networks).where(eq(networks.id, id));
  if (!row) throw new NotFoundError("Network", id);
  return row;
}

export function createNetwork(ctx: ServiceContext, input: NetworkCreateInput) {
  return withTransaction(ctx, async (tx) => {
    if (input.project_id) {
      const [project] = await tx.db.select({ id: projects.id }).from(projects).where(eq(projects.id, input.project_id));
      if (!project) throw new NotFoundError("Project", input.project_id);
    }
    const [row] = await tx.db
      .insert(networks)
      .values({
        project_id: input.project_id ?? tx.projectId,
        name: input.name,
        router_external: input.router_external ?? false,
        shared: input.shared ?? false,
      })
      .returning();
    if (!row) throw new Error("network insert returned no row");
    // Its bridge is made by the network reconciler, which hears of it once this commits.
    await announceNetworkChange(tx.db);
    return networkView(row, [], tx);
  });
}

export function createSubnet(ctx: ServiceContext, input: SubnetCreateInput) {
  return withTransaction(ctx, async (tx) => {
    const network = await findNetwork(tx, input.network_id);
    // Subnets of one network may not overlap; those of different networks may (Neutron's
    // allow_overlapping_ips: each network is its own segment behind its own router). The table
    // lock makes concurrent creates check one after the other; allocations (which lock subnet
    // rows FOR UPDATE) are not held up by it.
    await tx.db.execute(sql`lock table ${subnets} in share row exclusive mode`);
    const [clash] = await tx.db
      .select({ id: subnets.id })
      .from(subnets)
      .where(and(eq(subnets.network_id, network.id), sql`${subnets.cidr}::inet && ${input.cidr}::inet`))
      .limit(1);
    if (clash) {
      throw new ValidationError(
        `Invalid input for operation: Requested subnet with cidr: ${input.cidr} for network: ${network.id} overlaps with another subnet.`,
        "cidr",
      );
    }
    const gateway_ip = input.gateway_ip === undefined ? defaultGateway(input.cidr) : input.gateway_ip;
    const [row] = await tx.db
      .insert(subnets)
      .values({
        project_id: network.project_id,
        network_id: network.id,
        name: input.name,
        cidr: input.cidr,
        gateway_ip,
        allocation_pools: input.allocation_pools ?? defaultAllocationPools(input.cidr, gateway_ip),
      })
      .returning();
    if (!row) throw new Error("subnet insert returned no row");
    return subnetView(row, network);
  });
}

/**
 * What still holds addresses of these subnets: ports (instances, VIPs, floating IPs), load
 * balancers and pool members. Every one of them names its subnet, so the ids cover a network too.
 */
async function usage(ctx: ServiceContext, subnetIds: string[]) {
  if (subnetIds.length === 0) return { ports: 0, members: 0 };
  const [portRows] = await ctx.db.select({ n: count() }).from(ports).where(inArray(ports.subnet_id, subnetIds));
  const [lbRows] = await ctx.db.select({ n: count() }).from(loadBalancers).where(inArray(loadBalancers.vip_subnet_id, subnetIds));
  const [memberRows] = await ctx.db.select({ n: count() }).from(members).where(inArray(members.subnet_id, subnetIds));
  return { ports: (portRows?.n ?? 0) + (lbRows?.n ?? 0), members: memberRows?.n ?? 0 };
}

export function deleteNetwork(ctx: ServiceContext, id: string) {
  return withTransaction(ctx, async (tx) => {
    await findNetwork(tx, id);
    const subnetIds = (await tx.db.select({ id: subnets.id }).from(subnets).where(eq(subnets.network_id, id))).map((s) => s.id);
    const used = await usage(tx, subnetIds);
    if (used.ports > 0) {
      throw new ConflictError(`Unable to complete operation on network ${id}. There are one or more ports still in use on the network.`);
    }
    if (used.members > 0) {
      throw new ConflictError(`Unable to complete operation on network ${id}. Pool members still name its subnets.`);
    }
    await tx.db.delete(networks).where(eq(networks.id, id)); // its subnets go with it (ON DELETE CASCADE)
    await announceNetworkChange(tx.db);
  });
}

export function deleteSubnet(ctx: ServiceContext, id: string) {
  return withTransaction(ctx, async (tx) => {
    const [subnet] = await tx.db.select().from(subnets).where(eq(subnets.id, id));
    if (!subnet) throw new NotFoundError("Subnet", id);
    const used = await usage(tx, [id]);
    if (used.ports > 0) {
      throw new ConflictError(`Unable to complete operation on subnet ${id}: One or more ports have an IP allocation from this subnet.`);
    }
    if (used.members > 0) {
      throw new ConflictError(`Unable to complete operation on subnet ${id}: Pool members still name this subnet.`);
    }
    await tx.db.delete(subnets).where(eq(subnets.id, id));
  });
}
