// A load balancer's status_reason (why it is in ERROR) kept live from status events, by the same
// rule the server reads it with: the reason of the event that put it in its current ERROR, kept
// through later events without one, forgotten once it leaves ERROR.

export interface WithStatusReason {
  provisioning_status: string;
  operating_status: string;
  status_reason: string | null;
}

interface StatusEventReason {
  provisioning_status: string;
  operating_status: string;
  reason: string | null;
}

/** Which status is in ERROR: a provisioning ERROR (a change that failed) explains more, so it comes first. */
function errorColumn(s: Pick<WithStatusReason, "provisioning_status" | "operating_status">) {
  if (s.provisioning_status === "ERROR") return "provisioning_status" as const;
  if (s.operating_status === "ERROR") return "operating_status" as const;
  return null;
}

/** The status_reason after `event` (of this resource) is applied to `row`. */
export function nextStatusReason(row: WithStatusReason, event: StatusEventReason): string | null {
  const column = errorColumn(event);
  if (!column) return null;
  if (event.reason !== null) return event.reason;
  return row[column] === "ERROR" ? row.status_reason : null;
}

/** Rows that carry a status_reason (load balancers); the other resources have none. */
export const hasStatusReason = (row: object): row is WithStatusReason => "status_reason" in row;
