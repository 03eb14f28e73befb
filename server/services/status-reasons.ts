import { and, desc, eq, isNotNull, max, ne, sql } from "drizzle-orm";
import { statusEvents } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";

// Why a resource is in ERROR: the reason its status event gave when it went there (HAProxy's
// refusal, an amphora that would not start). Only the current ERROR counts: an event from an
// earlier ERROR the resource has since left says nothing about this one, and events written
// while it stays in ERROR without a reason of their own (a health change) do not hide it.

export interface InError {
  id: string;
  loadbalancer_id: string;
  provisioning_status: string;
  operating_status: string;
}

/** A provisioning ERROR (a change that failed) explains more than an operating one, so it comes first. */
function statusColumnInError(row: InError) {
  if (row.provisioning_status === "ERROR") return statusEvents.provisioning_status;
  if (row.operating_status === "ERROR") return statusEvents.operating_status;
  return null;
}

async function currentErrorReason(ctx: Pick<ServiceContext, "db">, row: InError): Promise<string | null> {
  const column = statusColumnInError(row);
  if (!column) return null;
  // The rows were found under the caller's scope already (an admin's list spans projects).
  const ofResource = and(eq(statusEvents.loadbalancer_id, row.loadbalancer_id), eq(statusEvents.resource_id, row.id));
  // The last event in which it was not in ERROR: the current ERROR began after it.
  const lastOutside = ctx.db
    .select({ id: max(statusEvents.id) })
    .from(statusEvents)
    .where(and(ofResource, ne(column, "ERROR")));
  const [event] = await ctx.db
    .select({ reason: statusEvents.reason })
    .from(statusEvents)
    .where(and(ofResource, eq(column, "ERROR"), isNotNull(statusEvents.reason), sql`${statusEvents.id} > coalesce((${lastOutside}), 0)`))
    .orderBy(desc(statusEvents.id))
    .limit(1);
  return event?.reason ?? null;
}

/**
 * The reason of each row that is in ERROR now (provisioning or operating), by id; rows not in
 * ERROR are left out. One indexed read per row in ERROR, so a page of healthy rows costs nothing.
 */
export async function errorReasons(ctx: Pick<ServiceContext, "db">, rows: readonly InError[]): Promise<Map<string, string | null>> {
  const reasons = new Map<string, string | null>();
  // One after the other: inside a transaction they share one connection.
  for (const row of rows) {
    if (statusColumnInError(row)) reasons.set(row.id, await currentErrorReason(ctx, row));
  }
  return reasons;
}
