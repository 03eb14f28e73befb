import { bigserial, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

export const RESOURCE_TYPES = ["loadbalancer", "listener", "pool", "member", "healthmonitor"] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * Every status write appends one row here, in the same transaction. The id is the stream's
 * cursor: subscribers resume after the last id they saw.
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
    created_at: createdAt(),
  },
  (t) => [index("status_events_project_idx").on(t.project_id, t.id), index("status_events_lb_idx").on(t.loadbalancer_id, t.id)],
);
