import type { Role } from "@/db/schema";

// Policy as data, in Octavia's and Keystone's shape: one table from every procedure to a rule,
// and one function that decides. The rules follow Octavia's defaults with their deprecated
// forms OR'd in (as Octavia runs them), with one deliberate difference: Keystone's plain
// `member` and `reader` roles are enough in a project, so a cloud does not have to hand out
// Octavia's own roles for the dashboard to be useful.

export type Rule =
  /** Anyone, even without logging in (logging in itself). */
  | "public"
  /** Any logged-in user, whatever their roles. */
  | "authenticated"
  | "read"
  | "write"
  | "read-global"
  | "read-quota"
  | "write-quota"
  | "admin";

const ADMIN: Role[] = ["admin", "load-balancer_admin"];
const READERS: Role[] = ["reader", "member", "load-balancer_observer", "load-balancer_member", "load-balancer_global_observer", ...ADMIN];
const WRITERS: Role[] = ["member", "load-balancer_member", ...ADMIN];

const RULES: Record<Exclude<Rule, "public" | "authenticated">, Role[]> = {
  read: READERS,
  write: WRITERS,
  "read-global": ["load-balancer_global_observer", ...ADMIN],
  "read-quota": [...READERS, "load-balancer_quota_admin"],
  "write-quota": ["load-balancer_quota_admin", ...ADMIN],
  admin: ADMIN,
};

export const POLICY_DENIED = "Policy does not allow this request to be performed.";

/** Whether a caller holding `roles` in the project in scope passes `rule`. */
export function allows(rule: Rule, roles: readonly Role[] | null): boolean {
  if (rule === "public") return true;
  if (roles === null) return false;
  if (rule === "authenticated") return true;
  return RULES[rule].some((r) => roles.includes(r));
}

export const isAdminRoles = (roles: readonly Role[]) => ADMIN.some((r) => roles.includes(r));
export const isGlobalReader = (roles: readonly Role[]) => allows("read-global", roles);

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
export const POLICY: Record<string, Rule> = {
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
  ...prefixed("amphora", { list: "admin", config: "admin", failover: "admin" }),
  ...prefixed("provider", {
    list: "read",
    flavorCapabilities: "admin",
    availabilityZoneCapabilities: "admin",
    flavors: "read",
    flavorProfiles: "admin",
    availabilityZones: "read",
  }),
  ...prefixed("quota", { list: "read-quota", get: "read-quota", getDefaults: "read-quota", usage: "read-quota", update: "write-quota", reset: "write-quota" }),
  ...prefixed("events", { onStatus: "read" }),
  ...prefixed("auth", { login: "public", logout: "authenticated", me: "authenticated", switchProject: "authenticated" }),
  ...prefixed("identity", {
    listProjects: "admin",
    createProject: "admin",
    updateProject: "admin",
    listUsers: "admin",
    createUser: "admin",
    updateUser: "admin",
    setPassword: "admin",
    listRoleAssignments: "admin",
    grantRole: "admin",
    revokeRole: "admin",
  }),
  ...prefixed("audit", { list: "admin" }),
  // The key manager: Barbican's secrets follow the same project read/write split.
  ...prefixed("secret", { list: "read", get: "read", create: "write", delete: "write" }),
};
