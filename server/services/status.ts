import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  healthMonitors,
  l7policies,
  l7rules,
  listeners,
  loadBalancers,
  members,
  type OperatingStatus,
  pools,
  type ProvisioningStatus,
  type ResourceType,
  statusEvents,
} from "@/db/schema";

// Every status write in the product goes through this module: it updates the row and appends a
// status event in the caller's transaction, and NOTIFY wakes every subscriber (in this process
// or another) once that transaction commits.

export const STATUS_CHANNEL = "status_events";

const TABLES = {
  loadbalancer: loadBalancers,
  listener: listeners,
  pool: pools,
  member: members,
  healthmonitor: healthMonitors,
  l7policy: l7policies,
  l7rule: l7rules,
} as const;

export interface StatusTarget {
  resource_type: ResourceType;
  id: string;
  loadbalancer_id: string;
  project_id: string;
}

/** The target of a status write for a row of `resource_type` under load balancer `lbId`. */
export const statusTarget = (resource_type: ResourceType, row: { id: string; project_id: string }, lbId: string): StatusTarget => ({
  resource_type,
  id: row.id,
  loadbalancer_id: lbId,
  project_id: row.project_id,
});

export interface StatusChange {
  provisioning_status?: ProvisioningStatus;
  operating_status?: OperatingStatus;
  reason?: string | null;
}

/**
 * Sets a resource's statuses and records the event. With `onlyIf`, the write is a
 * compare-and-set on provisioning_status: it returns false (and writes nothing) when the row is
 * not in one of those states, which is how the status lock refuses concurrent changes.
 */
export async function setStatus(
  db: Db,
  target: StatusTarget,
  change: StatusChange,
  onlyIf?: readonly ProvisioningStatus[],
): Promise<boolean> {
  const table = TABLES[target.resource_type];
  const set: Partial<{ provisioning_status: ProvisioningStatus; operating_status: OperatingStatus }> = {};
  if (change.provisioning_status) set.provisioning_status = change.provisioning_status;
  if (change.operating_status) set.operating_status = change.operating_status;
  const conditions = [eq(table.id, target.id)];
  if (onlyIf) conditions.push(inArray(table.provisioning_status, [...onlyIf]));
  const rows = await db
    .update(table)
    .set(set)
    .where(and(...conditions))
    .returning({ provisioning_status: table.provisioning_status, operating_status: table.operating_status });
  const row = rows[0];
  if (!row) return false;
  await appendStatusEvent(db, target, { ...row, reason: change.reason ?? null });
  return true;
}

/**
 * Sets an operating status observed on the data plane, only when it differs from the row's:
 * several health readers may see the same change, and only the first one writes an event.
 */
export async function setOperatingStatus(db: Db, target: StatusTarget, next: OperatingStatus, reason: string | null = null): Promise<boolean> {
  const table = TABLES[target.resource_type];
  const rows = await db
    .update(table)
    .set({ operating_status: next })
    .where(and(eq(table.id, target.id), ne(table.operating_status, next)))
    .returning({ provisioning_status: table.provisioning_status, operating_status: table.operating_status });
  const row = rows[0];
  if (!row) return false;
  await appendStatusEvent(db, target, { ...row, reason });
  return true;
}

/** Records the statuses a row was just inserted with (inserts carry their status themselves). */
export function announceCreated(
  db: Db,
  target: StatusTarget,
  status: { provisioning_status: ProvisioningStatus; operating_status: OperatingStatus },
): Promise<void> {
  const { provisioning_status, operating_status } = status;
  return appendStatusEvent(db, target, { provisioning_status, operating_status, reason: null });
}

async function appendStatusEvent(
  db: Db,
  target: StatusTarget,
  status: { provisioning_status: string; operating_status: string; reason: string | null },
): Promise<void> {
  await db.insert(statusEvents).values({
    project_id: target.project_id,
    resource_type: target.resource_type,
    resource_id: target.id,
    loadbalancer_id: target.loadbalancer_id,
    ...status,
  });
  await db.execute(sql`select pg_notify(${STATUS_CHANNEL}, ${target.project_id})`);
}
