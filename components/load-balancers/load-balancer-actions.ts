// Which of a load balancer's own actions its state allows, and what to tell the user when they
// are held back, in Octavia's rules: a change needs the load balancer ACTIVE; one in ERROR may
// only be deleted or failed over; while a change is being applied (PENDING_*) everything waits.
// The API refuses the same cases; this only keeps the page from offering what would be refused.

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
  if (provisioningStatus.startsWith("PENDING_")) {
    return {
      change: false,
      delete: false,
      failover: false,
      note: "A change is being applied: the actions come back when the load balancer is Active again.",
    };
  }
  if (provisioningStatus === "ERROR") {
    return { change: false, delete: true, failover: true, note: "A load balancer in Error can only be deleted, or failed over by an administrator." };
  }
  return { change: true, delete: true, failover: true, note: null };
}
