import path from "node:path";
import { z } from "zod";
import { socketPathProblem } from "../amphora/render";
import { subnetCidrRule } from "./cloud/subnetRules";
import { trustedProxiesSchema } from "./identity/client-address";
import { DEFAULT_PREFIX, PREFIX_PATTERN } from "./network/names";

// Every setting of the product, checked once at start: a malformed value fails loudly here,
// not on the first query. docs/configuration.md documents each one.

const flag = z
  .enum(["0", "1", "false", "true", "no", "yes"], { error: "must be 0 or 1" })
  .transform((v) => v === "1" || v === "true" || v === "yes");

const quota = (shipped: number) => z.coerce.number().int().min(-1, "a quota is -1 (unlimited) or more").max(2_000_000_000).default(shipped);

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional(),
  /** Connections in the PostgreSQL pool of this process (the LISTEN connection is extra). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(10),
  DATA_DIR: z.string().min(1).default("var"),
  /** Address the dashboard and API bind to. */
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The URL clients reach the site at, for the service catalog; the request's own host when unset. */
  PUBLIC_URL: z.url({ error: "PUBLIC_URL must be a URL such as https://cloud.example.com" }).optional(),
  /** Seed the demo cloud (networks, instances, demo users) on first start. */
  DEMO_CLOUD: flag.default(true),
  /**
   * Every namespace and host link the product makes starts with `<NETWORK_PREFIX>-`; it removes
   * what carries it and has no row behind it, so two installs on one host need two prefixes.
   */
  NETWORK_PREFIX: z.string().regex(PREFIX_PATTERN, "NETWORK_PREFIX is a letter then 1 to 4 lowercase letters or digits").default(DEFAULT_PREFIX),
  /** The external network `public` (first seed): the host's bridge takes its first address. Must not overlap a host route. */
  EXTERNAL_CIDR: z
    .string()
    .refine((c) => subnetCidrRule(c) === null, { error: (i) => `EXTERNAL_CIDR: ${subnetCidrRule(String(i.input))}` })
    .default("198.18.0.0/24"),
  /**
   * The underlay: this host (the network node, its first address) and this machine's amphora
   * hosts (namespaces, from its 11th address) carry the tenant networks over it as VXLAN.
   */
  UNDERLAY_CIDR: z
    .string()
    .refine((c) => subnetCidrRule(c) === null, { error: (i) => `UNDERLAY_CIDR: ${subnetCidrRule(String(i.input))}` })
    .default("198.19.0.0/24"),
  /** The tenant networks' VXLAN UDP port (IANA's 4789) and the multicast group its floods go to on the underlay. */
  VXLAN_PORT: z.coerce.number().int().min(1).max(65535).default(4789),
  VXLAN_GROUP: z.ipv4({ error: "VXLAN_GROUP must be an IPv4 multicast address" }).refine((a) => /^(22[4-9]|23\d)\./.test(a), "VXLAN_GROUP must be an IPv4 multicast address (224.0.0.0/4)").default("239.1.1.1"),
  /** A router's default route beyond the external subnet; none by default, so nothing of the cloud leaves this machine. */
  UPSTREAM_GATEWAY: z.ipv4({ error: "UPSTREAM_GATEWAY must be an IPv4 address" }).optional(),
  /** "embedded" runs the controller in the web server; "external" leaves it to `npm run worker`. */
  CONTROLLER: z.enum(["embedded", "external"]).default("embedded"),
  /** How many load balancers one controller process applies at once. */
  CONTROLLER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /** How often the health manager checks that every amphora runs and handles their reports. */
  HEALTH_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(1000),
  /**
   * The unix socket where amphorae report server state changes; `off` (the default) reads every
   * amphora every interval instead. Off by default: HAProxy 2.6 retries a ring's connection in a
   * busy loop while nothing listens there, so every amphora would spin a core whenever the
   * controller is down (docs/configuration.md).
   */
  HEALTH_LOG_SOCKET: z
    .string()
    .refine((v) => v === "off" || socketPathProblem(v) === null, { error: (i) => `HEALTH_LOG_SOCKET ${socketPathProblem(String(i.input))}, or off` })
    .default("off"),
  /** How often each amphora host's agent sends a heartbeat (Octavia's heartbeat_interval). */
  /** Amphora hosts this machine runs, each with an agent of its own (development, tests, the demo). */
  HOSTS: z.coerce.number().int().min(1).max(16).default(1),
  /** Where the controller hears heartbeats: loopback for this machine's hosts; an address hosts of other machines reach for theirs. */
  HEARTBEAT_BIND: z.ipv4({ error: "HEARTBEAT_BIND must be an IPv4 address" }).default("127.0.0.1"),
  /** Its UDP port; 0: a free one (this machine's hosts are told it). Octavia's is 5555. */
  HEARTBEAT_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** How long a host may stay silent before it is DOWN (Octavia's heartbeat_timeout). */
  HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(300).max(600_000).default(3000),
  /** How often each host's agent reads an amphora's stats for its heartbeats, when nothing changed it. */
  HEALTH_SWEEP_MS: z.coerce.number().int().min(1000).max(3_600_000).default(5_000),
  HAPROXY_BIN: z.string().min(1).default("/usr/sbin/haproxy"),
  /** What a listener with connection_limit -1 (unlimited) is sized for, per listener. */
  AMPHORA_MAXCONN: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  /** HAProxy threads of each load balancer (its `nbthread`); Octavia sets it per flavor. */
  AMPHORA_THREADS: z.coerce.number().int().min(1, "AMPHORA_THREADS is 1 to 64").max(64, "AMPHORA_THREADS is 1 to 64").default(1),
  /** Password of the demo `admin` user, set at first seed; random (and written to $DATA_DIR/credentials) when unset. */
  ADMIN_PASSWORD: z.string().min(8, "ADMIN_PASSWORD needs at least 8 characters").optional(),
  /** Password of the demo users `demo`, `viewer` and `alt`, as ADMIN_PASSWORD. */
  DEMO_PASSWORD: z.string().min(8, "DEMO_PASSWORD needs at least 8 characters").optional(),
  /** A dashboard session ends after this long without a request… */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  /** …and after this long in any case. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /** Lifetime of a Keystone token. */
  TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  /** Proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For names the client; none by default. */
  TRUSTED_PROXIES: trustedProxiesSchema,
  /** Audit records older than this many days are purged. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  /**
   * Default quotas of a project without its own (-1: unlimited), Octavia's [quotas]
   * default_*_quota and Neutron's quota_floatingip and quota_router. Octavia's code defaults are unlimited, but
   * one project could then take every address of a shared subnet and every amphora the host can
   * run; these are a small team's needs (docs/configuration.md).
   */
  QUOTA_LOADBALANCER: quota(10),
  QUOTA_LISTENER: quota(50),
  QUOTA_POOL: quota(50),
  QUOTA_HEALTHMONITOR: quota(50),
  QUOTA_MEMBER: quota(500),
  QUOTA_L7POLICY: quota(50),
  QUOTA_L7RULE: quota(500),
  QUOTA_FLOATINGIP: quota(50),
  /** Neutron's quota_router: a project needs one router per external path, seldom more. */
  QUOTA_ROUTER: quota(10),
  /** The key that encrypts the key manager's secrets at rest; $DATA_DIR/secret.key (created) when unset. */
  SECRET_KEY_FILE: z.string().min(1).optional(),
  /**
   * PING health monitors (Octavia's allow_ping_health_monitors). Off: a PING monitor needs HAProxy
   * to fork an external program, which a root HAProxy only does with insecure-fork-wanted and
   * insecure-setuid-wanted, so an operator opts in.
   */
  ALLOW_PING_HEALTH_MONITORS: flag.default(false),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** The settings `source` gives; throws naming each malformed one. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
}

/** Where the controller listens for the amphorae's reports; null: nowhere (HEALTH_LOG_SOCKET=off). */
export function healthLogSocket(settings: Env = env()): string | null {
  return settings.HEALTH_LOG_SOCKET === "off" ? null : settings.HEALTH_LOG_SOCKET;
}

/** This process's settings, read from its environment once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** How this host renders every amphora's config: the controller's render options. */
export function amphoraRenderSettings(settings: Env = env()) {
  return { unlimitedMaxconn: settings.AMPHORA_MAXCONN, nbthread: settings.AMPHORA_THREADS };
}

/** The host's network as these settings shape it: the network reconciler's settings. */
export function networkSettings(settings: Env = env()) {
  return {
    prefix: settings.NETWORK_PREFIX,
    externalCidr: settings.EXTERNAL_CIDR,
    upstreamGateway: settings.UPSTREAM_GATEWAY ?? null,
    underlayCidr: settings.UNDERLAY_CIDR,
    vxlan: { port: settings.VXLAN_PORT, group: settings.VXLAN_GROUP },
  };
}

/** The quotas of a project that has none of its own. */
export function quotaDefaults() {
  const e = env();
  return {
    loadbalancer: e.QUOTA_LOADBALANCER,
    listener: e.QUOTA_LISTENER,
    pool: e.QUOTA_POOL,
    healthmonitor: e.QUOTA_HEALTHMONITOR,
    member: e.QUOTA_MEMBER,
    l7policy: e.QUOTA_L7POLICY,
    l7rule: e.QUOTA_L7RULE,
    floatingip: e.QUOTA_FLOATINGIP,
    router: e.QUOTA_ROUTER,
  };
}
