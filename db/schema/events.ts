import { sql } from "drizzle-orm";
import { bigserial, customType, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

export const RESOURCE_TYPES = ["loadbalancer", "listener", "pool", "member", "healthmonitor", "l7policy", "l7rule"] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** PostgreSQL's 64-bit transaction id; read as a decimal string (it outgrows a JS number's precision in theory). */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * Every status write appends one row here, in the same transaction. The id orders a load
 * balancer's history; the stream's order is (txid, id): see server/services/events.ts for why
 * a sequence alone is not commit order.
 */
export const statusEvents = pgTable(
  "status_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    project_id: uuid("project_id").notNull(),
    resource_type: text("resource_type", { enum: RESOURCE_TYPES }).notNull(),
    resource_id: uuid("resource_id").notNull(),
    loadbalancer_id: uuid("loadbalancer_id").notNull(),
    provisioning_status: text("provisioning_status").notNull(),
    operating_status: text("operating_status").notNull(),
    reason: text("reason"),
    /** The writing transaction: set by the database, never by the caller. */
    txid: xid8("txid").notNull().default(sql`pg_current_xact_id()`),
    created_at: createdAt(),
  },
  (t) => [
    index("status_events_stream_idx").on(t.project_id, t.txid, t.id),
    index("status_events_lb_stream_idx").on(t.loadbalancer_id, t.txid, t.id),
    index("status_events_lb_idx").on(t.loadbalancer_id, t.id),
  ],
);
