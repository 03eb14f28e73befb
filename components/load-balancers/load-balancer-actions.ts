// Which of a load balancer's own actions its state allows, and what to tell the user when they
// are held back, in Octavia's rules: a change needs the load balancer ACTIVE; one in ERROR may
// only be deleted or failed over; while a change is being applied (PENDING_*) everything waits.
// The API refuses the same cases by the same table (lock-rules.ts); this only keeps the page from
// offering what would be refused.
import { isPending } from "@/db/schema/statuses";
import { actionAllowed } from "@/server/services/lock-rules";

export interface LoadBalancerActions {
  /** Edit, Associate and Disassociate Floating IP (an association locks the load balancer too). */
  change: boolean;
  delete: boolean;
  failover: boolean;
  /** Why some are held back, said once beside them; null when all are allowed. */
  note: string | null;
}

export function loadBalancerActions(provisioningStatus: string, gone: boolean): LoadBalancerActions {
  if (gone || provisioningStatus === "DELETED") {
    return { change: false, delete: false, failover: false, note: "This load balancer has been deleted." };
  }
  if (provisioningStatus === "PENDING_DELETE") {
    return { change: false, delete: false, failover: false, note: "This load balancer is being deleted." };
  }
  if (isPending(provisioningStatus)) {
    return {
      change: false,
      delete: false,
      failover: false,
      note: "A change is being applied: the actions come back when the load balancer is Active again.",
    };
  }
  const allowed = {
    change: actionAllowed("update", provisioningStatus),
    delete: actionAllowed("delete", provisioningStatus),
    failover: actionAllowed("failover", provisioningStatus),
  };
  if (provisioningStatus === "ERROR") {
    return { ...allowed, note: "A load balancer in Error can only be deleted, or failed over by an administrator." };
  }
  return { ...allowed, note: null };
}
