import { and, desc, eq, gt } from "drizzle-orm";
import { statusEvents } from "@/db/schema";
import type { ServiceContext } from "./context";

export type StatusEvent = typeof statusEvents.$inferSelect;

/** The project's status events after `cursor`, oldest first. */
export async function statusEventsAfter(
  ctx: ServiceContext,
  cursor: number,
  filter: { loadbalancer_id?: string; limit?: number } = {},
): Promise<StatusEvent[]> {
  const conditions = [eq(statusEvents.project_id, ctx.projectId), gt(statusEvents.id, cursor)];
  if (filter.loadbalancer_id) conditions.push(eq(statusEvents.loadbalancer_id, filter.loadbalancer_id));
  return ctx.db
    .select()
    .from(statusEvents)
    .where(and(...conditions))
    .orderBy(statusEvents.id)
    .limit(filter.limit ?? 500);
}

/** The newest event id of the project: where a subscription with no cursor starts. */
export async function latestStatusEventId(ctx: ServiceContext): Promise<number> {
  const [row] = await ctx.db
    .select({ id: statusEvents.id })
    .from(statusEvents)
    .where(eq(statusEvents.project_id, ctx.projectId))
    .orderBy(desc(statusEvents.id))
    .limit(1);
  return row?.id ?? 0;
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
