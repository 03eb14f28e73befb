import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, lbaasStatusColumns, nameColumns, projectId, updatedAt } from "./columns";
import { L7POLICY_ACTIONS, L7RULE_COMPARE_TYPES, L7RULE_TYPES } from "./enums";
import { listeners, pools } from "./lbaas";

// Octavia's L7 policies and rules. Column names are Octavia's API field names.

export const l7policies = pgTable(
  "l7policies",
  {
    id: id(),
    project_id: projectId(),
    listener_id: uuid("listener_id")
      .notNull()
      .references(() => listeners.id, { onDelete: "cascade" }),
    ...nameColumns(),
    ...lbaasStatusColumns(),
    action: text("action", { enum: L7POLICY_ACTIONS }).notNull(),
    /**
     * 1..N without gaps within a listener (Octavia's ordering list): the service renumbers the
     * others on insert, move and delete. Not unique in the database, since a renumbering moves
     * rows through each other's positions inside one statement.
     */
    position: integer("position").notNull(),
    redirect_pool_id: uuid("redirect_pool_id").references(() => pools.id, { onDelete: "set null" }),
    redirect_url: text("redirect_url"),
    redirect_prefix: text("redirect_prefix"),
    redirect_http_code: integer("redirect_http_code"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [index("l7policies_listener_idx").on(t.listener_id, t.position), index("l7policies_redirect_pool_idx").on(t.redirect_pool_id)],
);

export const l7rules = pgTable(
  "l7rules",
  {
    id: id(),
    project_id: projectId(),
    l7policy_id: uuid("l7policy_id")
      .notNull()
      .references(() => l7policies.id, { onDelete: "cascade" }),
    ...lbaasStatusColumns(),
    type: text("type", { enum: L7RULE_TYPES }).notNull(),
    compare_type: text("compare_type", { enum: L7RULE_COMPARE_TYPES }).notNull(),
    key: text("key"),
    value: text("value").notNull(),
    invert: boolean("invert").notNull().default(false),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [index("l7rules_policy_idx").on(t.l7policy_id)],
);
