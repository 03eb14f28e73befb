import { ADMIN_PROJECT_NAME, type Role } from "@/db/schema/roles";

// Policy as data, in Octavia's and Keystone's shape: one table from every procedure to a rule,
// and one function that decides. The rules follow Octavia's defaults with their deprecated
// forms OR'd in (as Octavia runs them), with one deliberate difference: Keystone's plain
// `member` and `reader` roles are enough in a project, so a cloud does not have to hand out
// Octavia's own roles for the dashboard to be useful.
//
// Two admins, as in an OpenStack cloud: Octavia's admin (`admin` or `load-balancer_admin` in the
// project in scope) acts on every project's load balancers, amphorae and quotas; the cloud admin
// (`admin` on the admin project, Keystone's) alone administers identities and reads the audit
// log. Octavia's admin roles give no identity powers.
//
// No server imports: the dashboard imports this module to ask the same table what to offer.

export type Rule =
  /** Anyone, even without logging in (logging in itself). */
  | "public"
  /** Any logged-in user, whatever their roles. */
  | "authenticated"
  | "read"
  | "write"
  /** Octavia's `*-global` reads: every project's resources, not only the one in scope. */
  | "read-global"
  | "read-quota"
  /** Another project's quotas. */
  | "read-quota-global"
  | "write-quota"
  /** Octavia's admin: failover, amphorae, networks, provider capabilities. */
  | "admin"
  /** Keystone's cloud admin: users, projects, role assignments, the audit log. */
  | "cloud-admin";

/** What the policy decides on: the roles held in the project in scope, and whether the user is the cloud admin. */
export interface PolicySubject {
  roles: readonly Role[];
  /** Holds `admin` on the admin project (see cloudAdminGrant). */
  cloudAdmin: boolean;
}

/** The role assignment that makes the cloud admin: Keystone's `admin` on its admin project. */
export const cloudAdminGrant = { role: "admin", projectName: ADMIN_PROJECT_NAME } as const satisfies { role: Role; projectName: string };

const ADMIN: Role[] = ["admin", "load-balancer_admin"];
const GLOBAL_READERS: Role[] = ["load-balancer_global_observer", ...ADMIN];
const READERS: Role[] = ["reader", "member", "load-balancer_observer", "load-balancer_member", ...GLOBAL_READERS];
const WRITERS: Role[] = ["member", "load-balancer_member", ...ADMIN];

const ROLE_RULES: Record<Exclude<Rule, "public" | "authenticated" | "cloud-admin">, Role[]> = {
  read: READERS,
  write: WRITERS,
  "read-global": GLOBAL_READERS,
  "read-quota": [...READERS, "load-balancer_quota_admin"],
  "read-quota-global": [...GLOBAL_READERS, "load-balancer_quota_admin"],
  "write-quota": ["load-balancer_quota_admin", ...ADMIN],
  admin: ADMIN,
};

export const POLICY_DENIED = "Policy does not allow this request to be performed.";

/** Whether `subject` (null: nobody logged in) passes `rule`. */
export function allows(rule: Rule, subject: PolicySubject | null): boolean {
  if (rule === "public") return true;
  if (subject === null) return false;
  if (rule === "authenticated") return true;
  if (rule === "cloud-admin") return subject.cloudAdmin;
  return ROLE_RULES[rule].some((r) => subject.roles.includes(r));
}

/** Whether `subject` may call `procedure` (a path of the app router); false for a path with no rule. */
export function mayCall(procedure: string, subject: PolicySubject | null): boolean {
  const rule = POLICY[procedure];
  return rule !== undefined && allows(rule, subject);
}

/** The projects a read may cover: every project, or only the one in scope. */
export type Scope = { kind: "all" } | { kind: "project"; id: string };

/**
 * What a list or a look-up may read for `subject` scoped to `projectId`: every project when the
 * subject passes the global form of the read (Octavia's `get_all-global`, `get_all-quota-global`),
 * else the project in scope. Services ask this instead of looking at roles.
 */
export function scopeOf(subject: PolicySubject | null, projectId: string, globalRule: "read-global" | "read-quota-global" = "read-global"): Scope {
  return allows(globalRule, subject) ? { kind: "all" } : { kind: "project", id: projectId };
}

/** Whether `scope` covers `projectId`. */
export const covers = (scope: Scope, projectId: string) => scope.kind === "all" || scope.id === projectId;

const CRUD = (extra: Record<string, Rule> = {}): Record<string, Rule> => ({
  list: "read",
  get: "read",
  create: "write",
  update: "write",
  delete: "write",
  ...extra,
});

const prefixed = (router: string, rules: Record<string, Rule>) =>
  Object.fromEntries(Object.entries(rules).map(([procedure, rule]) => [`${router}.${procedure}`, rule]));

/**
 * Every procedure of the app router and the rule it needs. A procedure missing here is refused
 * (and a test walks the router to fail on one).
 */
export const POLICY: Readonly<Record<string, Rule>> = {
  ...prefixed("loadBalancer", CRUD({ stats: "read", statsHistory: "read", statusTree: "read", events: "read", failover: "admin" })),
  ...prefixed("listener", CRUD({ stats: "read" })),
  ...prefixed("pool", CRUD()),
  ...prefixed("member", CRUD({ batchUpdate: "write" })),
  ...prefixed("healthMonitor", CRUD()),
  ...prefixed("l7Policy", CRUD()),
  ...prefixed("l7Rule", CRUD()),
  ...prefixed("network", { list: "read", create: "admin", delete: "admin" }),
  ...prefixed("subnet", { list: "read", create: "admin", delete: "admin" }),
  ...prefixed("port", { list: "read" }),
  ...prefixed("instance", { list: "read", start: "write", stop: "write" }),
  ...prefixed("floatingIp", { list: "read", allocate: "write", associate: "write", disassociate: "write", release: "write" }),
  // Neutron's routers: a project's own, read by its readers, changed by its members.
  ...prefixed("routers", CRUD({ addInterface: "write", removeInterface: "write", setGateway: "write", clearGateway: "write" })),
  ...prefixed("amphora", { list: "admin", config: "admin", failover: "admin" }),
  // The hosts amphorae run on: the operator's, as the amphorae are.
  // …and a host of another machine joins with an admin's one-time token: its only credential.
  ...prefixed("amphoraHost", { list: "admin", update: "admin", drain: "admin", createJoinToken: "admin", join: "public" }),
  ...prefixed("provider", {
    list: "read",
    flavorCapabilities: "admin",
    availabilityZoneCapabilities: "admin",
  }),
  // Octavia's: every reader lists and shows the enabled flavors (to create with one); admins make them and their profiles.
  ...prefixed("flavor", { list: "read", get: "read", create: "admin", update: "admin", delete: "admin" }),
  ...prefixed("flavorProfile", { list: "admin", get: "admin", create: "admin", update: "admin", delete: "admin" }),
  // Octavia's: every reader lists and shows the zones (to create in one); admins make them and their profiles.
  ...prefixed("availabilityZone", { list: "read", get: "read", create: "admin", update: "admin", delete: "admin" }),
  ...prefixed("availabilityZoneProfile", { list: "admin", get: "admin", create: "admin", update: "admin", delete: "admin" }),
  ...prefixed("quota", { list: "read-quota", get: "read-quota", getDefaults: "read-quota", usage: "read-quota", update: "write-quota", reset: "write-quota" }),
  ...prefixed("events", { onStatus: "read" }),
  ...prefixed("auth", { login: "public", logout: "authenticated", me: "authenticated", switchProject: "authenticated" }),
  ...prefixed("identity", {
    listProjects: "cloud-admin",
    createProject: "cloud-admin",
    updateProject: "cloud-admin",
    deleteProject: "cloud-admin",
    listUsers: "cloud-admin",
    createUser: "cloud-admin",
    updateUser: "cloud-admin",
    deleteUser: "cloud-admin",
    setPassword: "cloud-admin",
    listRoleAssignments: "cloud-admin",
    grantRole: "cloud-admin",
    revokeRole: "cloud-admin",
  }),
  ...prefixed("audit", { list: "cloud-admin" }),
  // The key manager: Barbican's secrets follow the same project read/write split.
  ...prefixed("secret", { list: "read", get: "read", create: "write", delete: "write" }),
};
