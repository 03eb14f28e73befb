// Keystone's default roles and Octavia's own. No imports, so the API's input schemas (which the
// browser bundles for its forms) can name them without pulling in the table definitions.

/** Policy (server/identity/policy.ts) reads them. */
export const ROLES = [
  "reader",
  "member",
  "admin",
  "load-balancer_observer",
  "load-balancer_global_observer",
  "load-balancer_member",
  "load-balancer_quota_admin",
  "load-balancer_admin",
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Keystone's admin project (its `admin_project_name`): `admin` held there makes the cloud admin,
 * who administers users, projects and role assignments. `admin` anywhere else is Octavia's admin only.
 */
export const ADMIN_PROJECT_NAME = "admin";
