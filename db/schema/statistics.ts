import { bigint, index, integer, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { listeners, loadBalancers } from "./lbaas";

// Listener statistics that outlive the HAProxy worker counting them. HAProxy's counters start
// again at zero with every reload, restart and failover; Octavia keeps totals in its database
// and adds each amphora's counters to them, and so do we: `seen_*` are the raw counters last
// read from the worker whose pid is `worker_pid`, and what they grew by since is added.

const counter = (name: string) => bigint(name, { mode: "number" }).notNull().default(0);

export const listenerStatistics = pgTable("listener_statistics", {
  listener_id: uuid("listener_id")
    .primaryKey()
    .references(() => listeners.id, { onDelete: "cascade" }),
  loadbalancer_id: uuid("loadbalancer_id")
    .notNull()
    .references(() => loadBalancers.id, { onDelete: "cascade" }),
  bytes_in: counter("bytes_in"),
  bytes_out: counter("bytes_out"),
  total_connections: counter("total_connections"),
  request_errors: counter("request_errors"),
  active_connections: integer("active_connections").notNull().default(0),
  worker_pid: integer("worker_pid"),
  seen_bytes_in: counter("seen_bytes_in"),
  seen_bytes_out: counter("seen_bytes_out"),
  seen_total_connections: counter("seen_total_connections"),
  seen_request_errors: counter("seen_request_errors"),
  updated_at: timestamp("updated_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
});

/** The totals as they were at `at`: a short history, from which the dashboard draws rates. */
export const listenerStatisticsSamples = pgTable(
  "listener_statistics_samples",
  {
    listener_id: uuid("listener_id")
      .notNull()
      .references(() => listeners.id, { onDelete: "cascade" }),
    loadbalancer_id: uuid("loadbalancer_id")
      .notNull()
      .references(() => loadBalancers.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    bytes_in: counter("bytes_in"),
    bytes_out: counter("bytes_out"),
    total_connections: counter("total_connections"),
    active_connections: integer("active_connections").notNull().default(0),
  },
  (t) => [index("listener_statistics_samples_lb_at").on(t.loadbalancer_id, t.at), index("listener_statistics_samples_at").on(t.at)],
);
