import { eq } from "drizzle-orm";
import { Address4 } from "ip-address";
import type { Db } from "@/db/client";
import { type AllocationPool, type DeviceOwner, ports, subnets } from "@/db/schema";
import { ConflictError, ValidationError } from "@/server/services/errors";
import { isInCidr } from "./cidr";

// Address management for the demo cloud: every fixed IP is a port row, and a port's address is
// taken from its subnet's allocation pools. The subnet row is locked for the allocation (FOR
// UPDATE) so concurrent requests queue instead of picking the same address; the unique index
// on (network_id, ip_address) is the backstop.

const toBig = (ip: string) => new Address4(ip).bigInt();
const fromBig = (n: bigint) => Address4.fromBigInt(n).address;


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
  const taken = new Set(
    (await db.select({ ip: ports.ip_address }).from(ports).where(eq(ports.network_id, subnet.network_id))).map((r) => r.ip),
  );
  const address = req.ip_address ?? firstFree(subnet, taken);
  if (req.ip_address) {
    if (!isInCidr(req.ip_address, subnet.cidr)) {
      throw new ValidationError(`IP address ${req.ip_address} is not in subnet ${subnet.name} (${subnet.cidr}).`, "vip_address");
    }
    if (req.ip_address === subnet.gateway_ip || taken.has(req.ip_address)) {
      throw new ConflictError(`IP address ${req.ip_address} is already allocated in subnet ${subnet.name}.`, "vip_address");
    }
  }
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

function firstFree(subnet: SubnetRow, taken: Set<string>): string {
  for (const pool of subnet.allocation_pools) {
    for (let n = toBig(pool.start); n <= toBig(pool.end); n++) {
      const ip = fromBig(n);
      if (!taken.has(ip) && ip !== subnet.gateway_ip) return ip;
    }
  }
  throw new ConflictError(`No more IP addresses available on subnet ${subnet.name} (${subnet.cidr}).`);
}

export async function releasePort(db: Db, portId: string): Promise<void> {
  await db.delete(ports).where(eq(ports.id, portId));
}
