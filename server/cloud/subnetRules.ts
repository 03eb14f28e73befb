import { Address4 } from "ip-address";
import type { AllocationPool } from "@/db/schema";

// Neutron's rules for a subnet's own fields, as pure functions: each returns Neutron's message,
// or null. The subnet.create schema runs them; overlap with other subnets needs the database and
// is checked by the service. A malformed address is left to its field's own check (zod runs
// refinements after a format failure too), so the rules answer null for it instead of throwing.

const MIN_PREFIX = 8;
const MAX_PREFIX = 30;

const n = (ip: string) => new Address4(ip).bigInt();
const ip = (value: bigint) => Address4.fromBigInt(value).address;
const show = (pool: AllocationPool) => `${pool.start}-${pool.end}`;
const isAddress = (value: string) => !value.includes("/") && Address4.isValid(value);

/** The addresses a host may have in `cidr`: all but the network and broadcast address. */
function hostRange(cidr: string): { first: bigint; last: bigint } {
  const net = new Address4(cidr);
  return { first: net.startAddress().bigInt() + 1n, last: net.endAddress().bigInt() - 1n };
}

/** A CIDR whose host bits are zero, with a prefix from /8 (a whole 127.0.0.0/8) to /30. */
export function subnetCidrRule(cidr: string): string | null {
  if (!cidr.includes("/") || !Address4.isValid(cidr)) return `'${cidr}' is not a valid IPv4 CIDR such as 127.20.0.0/16`;
  const net = new Address4(cidr);
  if (net.subnetMask < MIN_PREFIX || net.subnetMask > MAX_PREFIX) {
    return `Invalid input for operation: the prefix length of ${cidr} must be between /${MIN_PREFIX} and /${MAX_PREFIX}.`;
  }
  const normal = `${net.startAddress().address}/${net.subnetMask}`;
  return normal === cidr ? null : `'${cidr}' isn't a recognized IP subnet cidr, '${normal}' is recommended`;
}

export function gatewayRule(cidr: string, gateway: string): string | null {
  if (subnetCidrRule(cidr) || !isAddress(gateway)) return null;
  const { first, last } = hostRange(cidr);
  const g = n(gateway);
  return g >= first && g <= last ? null : `Invalid input for operation: Gateway IP ${gateway} is not a host address of subnet ${cidr}.`;
}

/** Every pool is a range of host addresses of the subnet, free of the gateway and of each other. */
export function allocationPoolsRule(cidr: string, gateway: string | null, pools: AllocationPool[]): string | null {
  if (subnetCidrRule(cidr) || (gateway && !isAddress(gateway)) || pools.some((p) => !isAddress(p.start) || !isAddress(p.end))) return null;
  const { first, last } = hostRange(cidr);
  for (const pool of pools) {
    if (n(pool.start) > n(pool.end)) return `The allocation pool ${show(pool)} is not valid.`;
    if (n(pool.start) < first || n(pool.end) > last) return `The allocation pool ${show(pool)} spans beyond the subnet cidr ${cidr}.`;
    if (gateway && n(gateway) >= n(pool.start) && n(gateway) <= n(pool.end)) {
      return `Gateway ip ${gateway} conflicts with allocation pool ${show(pool)}`;
    }
  }
  const sorted = [...pools].sort((a, b) => (n(a.start) < n(b.start) ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    const [prev, next] = [sorted[i - 1]!, sorted[i]!];
    if (n(next.start) <= n(prev.end)) return `Found overlapping allocation pools: ${show(prev)} ${show(next)} for subnet ${cidr}.`;
  }
  return null;
}

/** Neutron's defaults: the first host address is the gateway... */
export function defaultGateway(cidr: string): string {
  return ip(hostRange(cidr).first);
}

/** ...and the pools are every other host address (split in two around a gateway in the middle). */
export function defaultAllocationPools(cidr: string, gateway: string | null): AllocationPool[] {
  const { first, last } = hostRange(cidr);
  const g = gateway ? n(gateway) : null;
  if (g === null || g < first || g > last) return [{ start: ip(first), end: ip(last) }];
  const pools: AllocationPool[] = [];
  if (g > first) pools.push({ start: ip(first), end: ip(g - 1n) });
  if (g < last) pools.push({ start: ip(g + 1n), end: ip(last) });
  return pools;
}
