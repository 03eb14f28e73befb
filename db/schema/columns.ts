import { sql } from "drizzle-orm";
import { boolean, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Columns every Octavia resource shares. Timestamps are strings so that what the API returns is
// exactly what the database holds (no transformer: plain JSON over tRPC).
export const id = () => uuid("id").primaryKey().defaultRandom();
export const projectId = () => uuid("project_id").notNull();
export const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true, mode: "string" })
    .notNull()
    .defaultNow()
    .$onUpdate(() => sql`now()`);

export const nameColumns = () => ({
  name: text("name").notNull().default(""),
  description: text("description").notNull().default(""),
});

export const lbaasStatusColumns = () => ({
  admin_state_up: boolean("admin_state_up").notNull().default(true),
  provisioning_status: text("provisioning_status", { enum: PROVISIONING_STATUSES }).notNull(),
  operating_status: text("operating_status", { enum: OPERATING_STATUSES }).notNull(),
});

export const PROVISIONING_STATUSES = [
  "ACTIVE",
  "PENDING_CREATE",
  "PENDING_UPDATE",
  "PENDING_DELETE",
  "DELETED",
  "ERROR",
] as const;
export type ProvisioningStatus = (typeof PROVISIONING_STATUSES)[number];

export const OPERATING_STATUSES = ["ONLINE", "OFFLINE", "DEGRADED", "ERROR", "DRAINING", "NO_MONITOR"] as const;
export type OperatingStatus = (typeof OPERATING_STATUSES)[number];
