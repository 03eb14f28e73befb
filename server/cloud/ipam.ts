import { and, eq, sql } from "drizzle-orm";
import { Address4 } from "ip-address";
import type { Db } from "@/db/client";
import { type AllocationPool, type DeviceOwner, ports, subnets } from "@/db/schema";
import { ConflictError, ValidationError } from "@/server/kernel/errors";
import { isInCidr } from "./cidr";

// Address management for the demo cloud: every fixed IP is a port row, and a port's address is
// taken from its subnet's allocation pools. The subnet row is locked for the allocation (FOR
// UPDATE) so concurrent requests queue instead of picking the same address; the unique index
// on (network_id, ip_address) is the backstop. The next free address is found in SQL from the
// network's ports alone, so a /16 with thousands of ports costs one query per allocation, not a
// walk over its 65k addresses in JS.

const toBig = (ip: string) => new Address4(ip).bigInt();

export function isInPools(ip: string, pools: AllocationPool[]): boolean {
  const n = toBig(ip);
  return pools.some((p) => n >= toBig(p.start) && n <= toBig(p.end));
}

type SubnetRow = typeof subnets.$inferSelect;

export interface AllocateRequest {
  subnet: Pick<SubnetRow, "id" | "network_id" | "name">;
  project_id: string;
  device_owner: DeviceOwner;
  device_id?: string | null;
  name?: string;
  /** A specific address the caller asked for; must be inside the subnet and free. */
  ip_address?: string;
}

/** Creates a port with one fixed IP on the subnet. Must run inside a transaction. */
export async function allocatePort(db: Db, req: AllocateRequest) {
  const [subnet] = await db.select().from(subnets).where(eq(subnets.id, req.subnet.id)).for("update");
  if (!subnet) throw new ValidationError(`Subnet ${req.subnet.id} not found.`, "vip_subnet_id");
  if (req.ip_address) {
    if (!isInCidr(req.ip_address, subnet.cidr)) {
      throw new ValidationError(`IP address ${req.ip_address} is not in subnet ${subnet.name} (${subnet.cidr}).`, "vip_address");
    }
    // The gateway address is reserved for the router interface that answers it (Neutron's rule).
    const reserved = req.ip_address === subnet.gateway_ip && req.device_owner !== "network:router_interface";
    if (reserved || (await isTaken(db, subnet.network_id, req.ip_address))) {
      throw new ConflictError(`IP address ${req.ip_address} is already allocated in subnet ${subnet.name}.`, "vip_address");
    }
  }
  const address = req.ip_address ?? (await firstFree(db, subnet));
  const [port] = await db
    .insert(ports)
    .values({
      project_id: req.project_id,
      network_id: subnet.network_id,
      subnet_id: subnet.id,
      ip_address: address,
      device_owner: req.device_owner,
      device_id: req.device_id ?? null,
      name: req.name ?? "",
    })
    .returning();
  if (!port) throw new Error("port insert returned no row");
  return port;
}

async function isTaken(db: Db, networkId: string, ip: string): Promise<boolean> {
  const [row] = await db
    .select({ id: ports.id })
    .from(ports)
    .where(and(eq(ports.network_id, networkId), eq(ports.ip_address, ip)))
    .limit(1);
  return row !== undefined;
}

/**
 * The lowest free address of the subnet's pools. Within a pool the answer is the pool's start or
 * the address right after a taken one (the gateway counts as taken), so only those candidates
 * are checked: the work grows with the network's ports, not with the size of the pool.
 */
async function firstFree(db: Db, subnet: SubnetRow): Promise<string> {
  const gateway = subnet.gateway_ip ? sql`union all select ${subnet.gateway_ip}::inet - '0.0.0.0'::inet` : sql``;
  for (const pool of subnet.allocation_pools) {
    const start = sql`(${pool.start}::inet - '0.0.0.0'::inet)`;
    const end = sql`(${pool.end}::inet - '0.0.0.0'::inet)`;
    // Both drivers (PGlite, node-postgres) answer a raw query with { rows }.
    const result = (await db.execute(sql`
      with taken as (
        select ${ports.ip_address}::inet - '0.0.0.0'::inet as n from ${ports} where ${ports.network_id} = ${subnet.network_id}
        ${gateway}
      )
      select host('0.0.0.0'::inet + c) as ip
      from (select ${start} as c union all select n + 1 from taken) as candidates
      where c between ${start} and ${end} and not exists (select 1 from taken where taken.n = candidates.c)
      order by c
      limit 1`)) as { rows: { ip: string }[] };
    const ip = result.rows[0]?.ip;
    if (ip) return ip;
  }
  throw new ConflictError(`No more IP addresses available on subnet ${subnet.name} (${subnet.cidr}).`);
}

export async function releasePort(db: Db, portId: string): Promise<void> {
  await db.delete(ports).where(eq(ports.id, portId));
}
