import { sql } from "drizzle-orm";
import { boolean, customType, text, uuid } from "drizzle-orm/pg-core";
import { OPERATING_STATUSES, PROVISIONING_STATUSES } from "./statuses";

export * from "./statuses";

// Columns every Octavia resource shares.

/**
 * timestamptz read as an ISO 8601 string: the API is plain JSON (no transformer), and clients
 * expect `2026-11-24T13:26:20.514Z`, not PostgreSQL's text form. Drivers hand over a Date or a
 * string depending on their type parsers; both convert.
 */
export const isoTimestamp = customType<{ data: string; driverData: string | Date }>({
  dataType: () => "timestamp with time zone",
  fromDriver: (value) => new Date(value).toISOString(),
});

export const id = () => uuid("id").primaryKey().defaultRandom();
export const projectId = () => uuid("project_id").notNull();
export const createdAt = () => isoTimestamp("created_at").notNull().default(sql`now()`);
export const updatedAt = () =>
  isoTimestamp("updated_at")
    .notNull()
    .default(sql`now()`)
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
