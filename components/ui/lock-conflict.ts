// What to tell a user whose change the status lock refused: the truth about the load balancer's
// state, since the answer differs. PENDING_* means a change is being applied and a retry in a
// moment works; ERROR means no change will be accepted, only a delete or a failover.

import { isPending } from "@/db/schema/statuses";
import { stateNamedIn } from "@/server/services/lock-rules";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** The load balancer a refusal names ("Load Balancer <id> is immutable…", "Invalid state … of loadbalancer resource <id>"). */
export function loadBalancerIdOf(message: string): string | null {
  const match = new RegExp(`(?:Load Balancer|loadbalancer resource) (${UUID})`, "i").exec(message);
  return match?.[1] ?? null;
}

/**
 * The refusal's message followed by what to do, from the load balancer's status as read after the
 * refusal (null when it could not be read).
 */
export function lockConflictText(message: string, loadBalancerStatus: string | null): string {
  const status = loadBalancerStatus ?? stateNamedIn(message);
  const said = message.replace(/\.$/, "");
  if (status === "ERROR") return `${said}. The load balancer is in Error: it can only be deleted, or failed over by an administrator.`;
  if (status === "ACTIVE") return `${said}. The change under way when you asked has been applied since: try again.`;
  if (status === "PENDING_DELETE" || status === "DELETED") return `${said}. The load balancer is being deleted.`;
  if ((status != null && isPending(status)) || (status === null && /^Pool /.test(message))) {
    return `${said}. A change is being applied: try again in a moment.`;
  }
  return `${said}. It can be changed again once its load balancer is Active.`;
}
