import { eq, or } from "drizzle-orm";
import { Address4 } from "ip-address";
import { networks, subnets } from "@/db/schema";
import { isInCidr } from "@/server/cloud/cidr";
import { type Env, env } from "@/server/env";
import type { ServiceContext } from "@/server/kernel/context";
import { ValidationError } from "@/server/kernel/errors";

// Where a member may be: the one rule member create, member update, batch update and graph create
// (and a listener created with its default pool) all go through. As in Octavia, any address but
// the control plane's: the network is the wall, not this rule. A member on a subnet the project
// may use (its own networks' or a shared one's; named, or the one that holds the address) gets
// the amphora a leg there (server/network/amphora-legs.ts); any other address is reached from
// the VIP's subnet through its router, which routes nothing beyond the external subnet unless
// the operator names an upstream gateway. So another project's private address, or one that
// exists nowhere, is a member nothing answers: it goes ERROR, and no packet reaches that project.

/**
 * Addresses no member (nor monitor_address) may have, whatever subnet they are in: where the
 * control plane answers. A member there would put the API, the database or the health-report port
 * behind a tenant's VIP, and its operating status would scan their ports.
 */
export function controlPlaneAddresses(settings: Pick<Env, "HOST" | "DATABASE_URL"> = env()): string[] {
  const literal = (host: string | undefined) => (host && host !== "0.0.0.0" && !host.includes("/") && Address4.isValid(host) ? [host] : []);
  const databaseHost = settings.DATABASE_URL ? new URL(settings.DATABASE_URL).hostname : undefined;
  return [
    ...new Set([
      // The API's default HOST, the controller's health-report port and a local PostgreSQL.
      "127.0.0.1",
      // The cloud metadata service: Octavia's default [networking] reserved_ips.
      "169.254.169.254",
      // Where this server listens (unless on every address) and its database, when given as addresses.
      ...literal(settings.HOST),
      ...literal(databaseHost),
    ]),
  ];
}

type AddressField = "address" | "monitor_address";

const LABELS: Record<AddressField, string> = { address: "Member address", monitor_address: "Monitor address" };

type SubnetRow = Pick<typeof subnets.$inferSelect, "id" | "name" | "cidr" | "gateway_ip">;

/** The subnets a project may put members on: those of its own networks and of shared ones. */
function usableSubnets(ctx: ServiceContext, projectId: string): Promise<SubnetRow[]> {
  return ctx.db
    .select({ id: subnets.id, name: subnets.name, cidr: subnets.cidr, gateway_ip: subnets.gateway_ip })
    .from(subnets)
    .innerJoin(networks, eq(subnets.network_id, networks.id))
    .where(or(eq(networks.project_id, projectId), eq(networks.shared, true)))
    .orderBy(subnets.created_at);
}

/** The checks every member address and monitor_address pass before any subnet is looked at. */
function assertNotControlPlane(address: string, kind: AddressField, field: string): void {
  if (controlPlaneAddresses().includes(address)) {
    // Octavia's InvalidOption for its reserved_ips, with the reason.
    throw new ValidationError(`${address} is not a valid option for ${LABELS[kind].toLowerCase()}: it is an address of the control plane.`, field);
  }
}

/**
 * The subnet a member at `address` is on: `subnetId` when given (it must be one the project may
 * use, and hold the address), else the usable one that holds it, else null (no leg: reached
 * through the VIP subnet's router). A subnet's gateway is its router in Neutron, not an
 * instance: a member there is refused.
 */
async function memberSubnetFor(
  ctx: ServiceContext,
  projectId: string,
  address: string,
  kind: AddressField,
  field: string,
  subnetId?: { id: string; field: string },
): Promise<SubnetRow | null> {
  assertNotControlPlane(address, kind, field);
  const usable = await usableSubnets(ctx, projectId);
  let subnet: SubnetRow | undefined;
  if (subnetId) {
    subnet = usable.find((s) => s.id === subnetId.id);
    // Octavia's answer for a subnet that does not exist, or that this project may not use.
    if (!subnet) throw new ValidationError(`Subnet ${subnetId.id} not found.`, subnetId.field);
    if (!isInCidr(address, subnet.cidr)) {
      throw new ValidationError(`${LABELS[kind]} ${address} is not in subnet ${subnet.name} (${subnet.cidr}).`, field);
    }
  } else {
    subnet = usable.find((s) => isInCidr(address, s.cidr));
    if (!subnet) return null;
  }
  if (subnet.gateway_ip === address) {
    throw new ValidationError(`${LABELS[kind]} ${address} is the gateway of subnet ${subnet.name}, not an instance on it.`, field);
  }
  return subnet;
}

/**
 * Checks a new member's address (and monitor_address) for the load balancer's project and answers
 * the subnet to store with it: the one named, the usable one that holds the address, or null
 * (Octavia returns the member's subnet_id). `field` is the input path the member is at ("" or
 * "members.0.").
 */
export async function memberSubnetId(
  ctx: ServiceContext,
  projectId: string,
  spec: { address: string; subnet_id?: string | null | undefined; monitor_address?: string | null | undefined },
  field: string,
): Promise<string | null> {
  const subnetId = spec.subnet_id ? { id: spec.subnet_id, field: `${field}subnet_id` } : undefined;
  const subnet = await memberSubnetFor(ctx, projectId, spec.address, "address", `${field}address`, subnetId);
  if (spec.monitor_address) await checkMonitorAddress(ctx, projectId, spec.monitor_address, `${field}monitor_address`);
  return subnet?.id ?? null;
}

/** A monitor_address follows the member address's rule: anywhere but the control plane or a gateway. */
export async function checkMonitorAddress(ctx: ServiceContext, projectId: string, address: string, field: string): Promise<void> {
  await memberSubnetFor(ctx, projectId, address, "monitor_address", field);
}
