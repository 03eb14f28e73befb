import type { ProvisioningStatus } from "@/db/schema/statuses";

// Octavia's status lock, as a table: from which provisioning statuses a load balancer may be
// taken (to PENDING_UPDATE or PENDING_DELETE) for each of its own actions. A change needs it
// ACTIVE; one in ERROR may still be deleted, or failed over (how it is recovered). The services
// compare-and-set with these lists and the dashboard offers the actions by them, so the page
// never offers what the API would refuse. No server imports: the browser bundles it.

export const LOCKABLE_FROM = {
  update: ["ACTIVE"],
  delete: ["ACTIVE", "ERROR"],
  failover: ["ACTIVE", "ERROR"],
} as const satisfies Record<string, readonly ProvisioningStatus[]>;

export type LoadBalancerAction = keyof typeof LOCKABLE_FROM;

export const actionAllowed = (action: LoadBalancerAction, status: string): boolean =>
  (LOCKABLE_FROM[action] as readonly string[]).includes(status);

/** Octavia's 409 for a change under a parent that is PENDING_* (a change is being applied to it). */
export const immutableMessage = (kind: "Load Balancer" | "Pool" | "L7 Policy", id: string) => `${kind} ${id} is immutable and cannot be updated.`;

/** Octavia's 409 for a load balancer's own action that its provisioning status does not allow. */
export const invalidStateMessage = (status: string, lbId: string) => `Invalid state ${status} of loadbalancer resource ${lbId}`;

/** The status a refusal by invalidStateMessage names, for the dashboard to explain it. */
export const stateNamedIn = (message: string): string | null => /Invalid state ([A-Z_]+)/.exec(message)?.[1] ?? null;

/**
 * Whether a 409's message is one of the two above: the status lock's refusal, which the dashboard
 * explains by the load balancer's state, and not another conflict (a router that still has ports,
 * a pool in use by an L7 policy), which it shows as the server said it.
 */
export const isLockRefusal = (message: string): boolean => / is immutable and cannot be updated\.$/.test(message) || stateNamedIn(message) !== null;
