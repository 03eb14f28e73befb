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
