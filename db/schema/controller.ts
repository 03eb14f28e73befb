import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { loadBalancers } from "./lbaas";

/**
 * Which controller process is driving a load balancer, until when. A claim is one short upsert
 * (taken only when free or expired) and is held by no connection and no transaction while the
 * work runs: a worker that dies simply lets its lease run out, and another takes the work over.
 */
export const controllerClaims = pgTable("controller_claims", {
  loadbalancer_id: uuid("loadbalancer_id")
    .primaryKey()
    .references(() => loadBalancers.id, { onDelete: "cascade" }),
  owner: text("owner").notNull(),
  expires_at: timestamp("expires_at", { withTimezone: true, mode: "string" }).notNull(),
});
