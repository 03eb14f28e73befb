import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { statusEvents } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";

// The status stream's order. Event ids come from a sequence, and a sequence hands out numbers
// in the order transactions ask, not the order they commit: with two writers, id 11 can commit
// before id 10, and a reader whose cursor moved past 11 would never see 10. So the stream is
// ordered by (txid, id), the writing transaction's id first, and a read returns only events of
// transactions older than the oldest one still running (the snapshot's xmin). Every transaction
// below xmin has ended, and every transaction that can still commit has a txid at or above it,
// so whatever is read later sorts after the cursor: no event is skipped or delivered twice, on
// any number of connections and processes. The price is that a long-running transaction holds
// back the events committed after it started until it ends.

export type StatusEvent = typeof statusEvents.$inferSelect;

/** A position in the stream, as `<txid>:<id>`: what `tracked()` sends and a client resumes from. */
export type StreamCursor = string;

export const CURSOR_PATTERN = /^\d{1,20}:\d{1,20}$/;

export function cursorOf(event: Pick<StatusEvent, "txid" | "id">): StreamCursor {
  return `${event.txid}:${event.id}`;
}

function parseCursor(cursor: StreamCursor): { txid: string; id: string } {
  const [txid = "0", id = "0"] = cursor.split(":");
  return { txid, id };
}

export interface StreamFilter {
  loadbalancer_id?: string;
  limit?: number;
}

export interface StreamRead {
  events: StatusEvent[];
  /** Events exist after these that wait for an older transaction to end: read again soon. */
  heldBack: boolean;
}

function scope(ctx: Pick<ServiceContext, "projectId">, filter: StreamFilter): SQL[] {
  const conditions = [eq(statusEvents.project_id, ctx.projectId)];
  if (filter.loadbalancer_id) conditions.push(eq(statusEvents.loadbalancer_id, filter.loadbalancer_id));
  return conditions;
}

/** The project's events after `cursor`, in stream order, up to the first one not yet safe to read. */
export async function readStream(ctx: Pick<ServiceContext, "db" | "projectId">, cursor: StreamCursor, filter: StreamFilter = {}): Promise<StreamRead> {
  const after = parseCursor(cursor);
  const rows = await ctx.db
    .select({ event: statusEvents, safe: sql<boolean>`${statusEvents.txid} < pg_snapshot_xmin(pg_current_snapshot())` })
    .from(statusEvents)
    .where(and(...scope(ctx, filter), sql`(${statusEvents.txid}, ${statusEvents.id}) > (${after.txid}::xid8, ${after.id}::bigint)`))
    .orderBy(statusEvents.txid, statusEvents.id)
    .limit(filter.limit ?? 500);
  // Safe rows sort before unsafe ones (a smaller txid), so the safe ones are a prefix.
  const firstUnsafe = rows.findIndex((r) => !r.safe);
  const safe = firstUnsafe === -1 ? rows : rows.slice(0, firstUnsafe);
  return { events: safe.map((r) => r.event), heldBack: firstUnsafe !== -1 };
}

/** "From now": the position after every event already safe to read. */
export async function streamHead(ctx: Pick<ServiceContext, "db" | "projectId">, filter: StreamFilter = {}): Promise<StreamCursor> {
  const [row] = await ctx.db
    .select({ txid: statusEvents.txid, id: statusEvents.id })
    .from(statusEvents)
    .where(and(...scope(ctx, filter), sql`${statusEvents.txid} < pg_snapshot_xmin(pg_current_snapshot())`))
    .orderBy(desc(statusEvents.txid), desc(statusEvents.id))
    .limit(1);
  return row ? cursorOf(row) : "0:0";
}

/** A load balancer's history, newest first: the detail page's timeline. */
export async function statusEventsOf(ctx: ServiceContext, loadbalancerId: string, limit = 200): Promise<StatusEvent[]> {
  return ctx.db
    .select()
    .from(statusEvents)
    .where(and(eq(statusEvents.project_id, ctx.projectId), eq(statusEvents.loadbalancer_id, loadbalancerId)))
    .orderBy(desc(statusEvents.id))
    .limit(limit);
}
