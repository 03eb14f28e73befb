import { bigserial, boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./cloud";
import { createdAt, id } from "./columns";
import { ROLES } from "./roles";

// Keystone's model in one domain, `Default`: users, projects (db/schema/cloud.ts), and role
// assignments of a user on a project. Sessions (the dashboard's cookie) and tokens (X-Auth-Token)
// are random secrets stored only as their SHA-256, so a copy of the database grants nothing.

export { ROLES, type Role } from "./roles";

export const users = pgTable("users", {
  id: id(),
  name: text("name").notNull().unique(),
  /** argon2id, PHC string format. */
  password_hash: text("password_hash").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  created_at: createdAt(),
});

/** A user and a project: what a role assignment, a session and a token each name; they go with either. */
const scope = () => ({
  user_id: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  project_id: uuid("project_id")
    .notNull()
    .references(() => projects.id, { onDelete: "cascade" }),
});

export const roleAssignments = pgTable(
  "role_assignments",
  {
    ...scope(),
    role: text("role", { enum: ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.user_id, t.project_id, t.role] }), index("role_assignments_project_idx").on(t.project_id)],
);

/** A dashboard login: the cookie holds the secret, this row its hash and the project in scope. */
export const sessions = pgTable("sessions", {
  id_hash: text("id_hash").primaryKey(),
  ...scope(),
  created_at: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  last_seen_at: timestamp("last_seen_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  /** The absolute end, whatever the activity. */
  expires_at: timestamp("expires_at", { withTimezone: true, mode: "string" }).notNull(),
});

/** A Keystone token, project-scoped, for API clients. */
export const tokens = pgTable("tokens", {
  id_hash: text("id_hash").primaryKey(),
  ...scope(),
  methods: text("methods").array().notNull(),
  issued_at: timestamp("issued_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  expires_at: timestamp("expires_at", { withTimezone: true, mode: "string" }).notNull(),
});

/** Every mutation, allowed or refused, with who asked. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    request_id: text("request_id").notNull(),
    user_id: uuid("user_id"),
    user_name: text("user_name"),
    project_id: uuid("project_id"),
    procedure: text("procedure").notNull(),
    resource_id: text("resource_id"),
    /** success, denied (policy or authentication), or failed (refused by the service). */
    outcome: text("outcome", { enum: ["success", "denied", "failed"] }).notNull(),
    detail: text("detail"),
  },
  (t) => [index("audit_log_project_idx").on(t.project_id, t.id), index("audit_log_user_idx").on(t.user_id, t.id)],
);

/** Octavia's per-project quotas (and Neutron's floating IP one); null means "the configured default", -1 unlimited. */
export const quotas = pgTable("quotas", {
  project_id: uuid("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  loadbalancer: integer("loadbalancer"),
  listener: integer("listener"),
  pool: integer("pool"),
  member: integer("member"),
  healthmonitor: integer("healthmonitor"),
  l7policy: integer("l7policy"),
  l7rule: integer("l7rule"),
  /** Neutron's floatingip quota: floating IPs the project holds. */
  floatingip: integer("floatingip"),
  /** Neutron's router quota: routers the project holds. */
  router: integer("router"),
});
