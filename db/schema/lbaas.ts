import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { networks, ports, subnets } from "./cloud";
import { createdAt, id, isoTimestamp, lbaasStatusColumns, nameColumns, projectId, updatedAt } from "./columns";
import {
  CLIENT_AUTHENTICATIONS,
  HEALTH_MONITOR_TYPES,
  HTTP_METHODS,
  type InsertHeaderKey,
  LB_ALGORITHMS,
  LB_TOPOLOGIES,
  LISTENER_PROTOCOLS,
  OWN_PORT_SPACE_PROTOCOLS,
  POOL_PROTOCOLS,
  type SessionPersistenceType,
} from "./enums";

// Octavia's resources. Column names are Octavia's API field names.

export const loadBalancers = pgTable(
  "load_balancers",
  {
    id: id(),
    project_id: projectId(),
    ...nameColumns(),
    ...lbaasStatusColumns(),
    vip_address: text("vip_address").notNull(),
    vip_port_id: uuid("vip_port_id").references(() => ports.id),
    vip_subnet_id: uuid("vip_subnet_id")
      .notNull()
      .references(() => subnets.id),
    vip_network_id: uuid("vip_network_id")
      .notNull()
      .references(() => networks.id),
    provider: text("provider").notNull().default("amphora"),
    /** The flavor it was created with (its profile's loadbalancer_topology made `topology`); null: the defaults. */
    flavor_id: uuid("flavor_id").references((): AnyPgColumn => flavors.id),
    /** Octavia's topology: SINGLE (one amphora) or ACTIVE_STANDBY (two), fixed at create by the flavor. */
    topology: text("topology", { enum: LB_TOPOLOGIES }).notNull().default("SINGLE"),
    /** The availability zone its amphorae are placed in (a host of the zone's compute_zone); null: any host. */
    availability_zone: text("availability_zone").references(() => availabilityZones.name),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  // The list's default order within a project (created_at, then id to break ties): its pages
  // are read by a keyset on these columns, which this index serves without a sort.
  (t) => [index("load_balancers_project_created_idx").on(t.project_id, t.created_at, t.id)],
);

export type InsertHeaders = Partial<Record<InsertHeaderKey, boolean>>;

export const listeners = pgTable(
  "listeners",
  {
    id: id(),
    project_id: projectId(),
    loadbalancer_id: uuid("loadbalancer_id")
      .notNull()
      .references(() => loadBalancers.id, { onDelete: "cascade" }),
    ...nameColumns(),
    ...lbaasStatusColumns(),
    protocol: text("protocol", { enum: LISTENER_PROTOCOLS }).notNull(),
    protocol_port: integer("protocol_port").notNull(),
    /** portFamily() in SQL: the unique index below keeps two listeners of one family off one port. */
    port_family: text("port_family")
      .notNull()
      .generatedAlwaysAs(sql`case when protocol in (${sql.raw(OWN_PORT_SPACE_PROTOCOLS.map((p) => `'${p}'`).join(", "))}) then protocol else 'TCP' end`),
    connection_limit: integer("connection_limit").notNull().default(-1),
    timeout_client_data: integer("timeout_client_data").notNull().default(50000),
    timeout_member_connect: integer("timeout_member_connect").notNull().default(5000),
    timeout_member_data: integer("timeout_member_data").notNull().default(50000),
    timeout_tcp_inspect: integer("timeout_tcp_inspect").notNull().default(0),
    default_pool_id: uuid("default_pool_id").references((): AnyPgColumn => pools.id, { onDelete: "set null" }),
    insert_headers: jsonb("insert_headers").$type<InsertHeaders>().notNull().default({}),
    allowed_cidrs: text("allowed_cidrs").array().notNull().default(sql`'{}'::text[]`),
    // TLS termination (TERMINATED_HTTPS): secret_ref URLs of the key manager, kept as given.
    default_tls_container_ref: text("default_tls_container_ref"),
    sni_container_refs: text("sni_container_refs").array().notNull().default(sql`'{}'::text[]`),
    client_ca_tls_container_ref: text("client_ca_tls_container_ref"),
    client_authentication: text("client_authentication", { enum: CLIENT_AUTHENTICATIONS }).notNull().default("NONE"),
    client_crl_container_ref: text("client_crl_container_ref"),
    tls_versions: text("tls_versions").array(),
    tls_ciphers: text("tls_ciphers"),
    alpn_protocols: text("alpn_protocols").array(),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    uniqueIndex("listeners_port_unique").on(t.loadbalancer_id, t.port_family, t.protocol_port),
    uniqueIndex("listeners_default_pool_unique").on(t.default_pool_id),
  ],
);

export interface SessionPersistence {
  type: SessionPersistenceType;
  cookie_name: string | null;
}

export const pools = pgTable(
  "pools",
  {
    id: id(),
    project_id: projectId(),
    loadbalancer_id: uuid("loadbalancer_id")
      .notNull()
      .references(() => loadBalancers.id, { onDelete: "cascade" }),
    ...nameColumns(),
    ...lbaasStatusColumns(),
    protocol: text("protocol", { enum: POOL_PROTOCOLS }).notNull(),
    lb_algorithm: text("lb_algorithm", { enum: LB_ALGORITHMS }).notNull(),
    session_persistence: jsonb("session_persistence").$type<SessionPersistence>(),
    tls_enabled: boolean("tls_enabled").notNull().default(false),
    // Re-encryption to the members: a client certificate to present, a CA (and CRL) to verify them.
    tls_container_ref: text("tls_container_ref"),
    ca_tls_container_ref: text("ca_tls_container_ref"),
    crl_container_ref: text("crl_container_ref"),
    tls_versions: text("tls_versions").array(),
    tls_ciphers: text("tls_ciphers"),
    alpn_protocols: text("alpn_protocols").array(),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [index("pools_loadbalancer_idx").on(t.loadbalancer_id)],
);

export const members = pgTable(
  "members",
  {
    id: id(),
    project_id: projectId(),
    pool_id: uuid("pool_id")
      .notNull()
      .references(() => pools.id, { onDelete: "cascade" }),
    name: text("name").notNull().default(""),
    ...lbaasStatusColumns(),
    address: text("address").notNull(),
    protocol_port: integer("protocol_port").notNull(),
    weight: integer("weight").notNull().default(1),
    backup: boolean("backup").notNull().default(false),
    subnet_id: uuid("subnet_id").references(() => subnets.id),
    monitor_address: text("monitor_address"),
    monitor_port: integer("monitor_port"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [uniqueIndex("members_address_port_unique").on(t.pool_id, t.address, t.protocol_port)],
);

export const healthMonitors = pgTable(
  "health_monitors",
  {
    id: id(),
    project_id: projectId(),
    pool_id: uuid("pool_id")
      .notNull()
      .references(() => pools.id, { onDelete: "cascade" }),
    name: text("name").notNull().default(""),
    ...lbaasStatusColumns(),
    type: text("type", { enum: HEALTH_MONITOR_TYPES }).notNull(),
    delay: integer("delay").notNull(),
    timeout: integer("timeout").notNull(),
    max_retries: integer("max_retries").notNull(),
    max_retries_down: integer("max_retries_down").notNull().default(3),
    http_method: text("http_method", { enum: HTTP_METHODS }),
    url_path: text("url_path"),
    expected_codes: text("expected_codes"),
    http_version: text("http_version"),
    domain_name: text("domain_name"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [uniqueIndex("health_monitors_pool_unique").on(t.pool_id)],
);

/**
 * Octavia's availability zone profiles (admins'): what a zone means to the provider, as JSON
 * text (`{"compute_zone": "az1"}`: amphorae go to the hosts of compute zone az1).
 */
export const availabilityZoneProfiles = pgTable("availability_zone_profiles", {
  id: id(),
  name: text("name").notNull(),
  provider_name: text("provider_name").notNull(),
  availability_zone_data: text("availability_zone_data").notNull(),
  created_at: createdAt(),
  updated_at: updatedAt(),
});

/**
 * Octavia's flavor profiles (admins'): what a flavor means to the provider, as JSON text
 * (`{"loadbalancer_topology": "ACTIVE_STANDBY"}`).
 */
export const flavorProfiles = pgTable("flavor_profiles", {
  id: id(),
  name: text("name").notNull(),
  provider_name: text("provider_name").notNull(),
  flavor_data: text("flavor_data").notNull(),
  created_at: createdAt(),
  updated_at: updatedAt(),
});

/** Octavia's flavors: what a project picks at create (`--flavor`), each naming a profile. Names are unique. */
export const flavors = pgTable("flavors", {
  id: id(),
  name: text("name").notNull().unique(),
  description: text("description"),
  enabled: boolean("enabled").notNull().default(true),
  flavor_profile_id: uuid("flavor_profile_id")
    .notNull()
    .references(() => flavorProfiles.id),
  created_at: createdAt(),
  updated_at: updatedAt(),
});

/** Octavia's availability zones: named (the name is the key), each with its profile. */
export const availabilityZones = pgTable("availability_zones", {
  name: text("name").primaryKey(),
  description: text("description"),
  enabled: boolean("enabled").notNull().default(true),
  availability_zone_profile_id: uuid("availability_zone_profile_id")
    .notNull()
    .references(() => availabilityZoneProfiles.id),
  created_at: createdAt(),
  updated_at: updatedAt(),
});

/**
 * The machines amphorae run on, each with an amphora agent the controller reaches over HTTPS
 * (Octavia's compute hosts: an amphora's `compute_id` is its host's id, its `lb_network_ip` the
 * address the controller reaches the agent on).
 */
export const amphoraHosts = pgTable("amphora_hosts", {
  id: id(),
  name: text("name").notNull().unique(),
  /** Where the controller reaches the host's agent (an amphora's lb_network_ip). */
  address: text("address").notNull(),
  agent_url: text("agent_url").notNull(),
  /** An admin's switch: a disabled host gets no new amphorae (those it has keep running). */
  enabled: boolean("enabled").notNull().default(true),
  /** An admin drains a host: it is disabled, and its amphorae are failed over to other hosts until none is left. */
  draining: boolean("draining").notNull().default(false),
  /** UP while its agent's heartbeats arrive, DOWN once they stopped for HEARTBEAT_TIMEOUT_MS. */
  status: text("status", { enum: ["UP", "DOWN"] }).notNull().default("UP"),
  availability_zone: text("availability_zone"),
  /** How many amphorae the scheduler places here at most. */
  capacity: integer("capacity").notNull().default(1000),
  /** When the host's agent last reported (ISO time): written when its status changes, and at most once a minute between. */
  last_seen_at: text("last_seen_at"),
  /** A host on another machine that joined with a token: the controller reaches it from this row (the machine's own hosts it starts itself). */
  joined: boolean("joined").notNull().default(false),
  created_at: createdAt(),
  updated_at: updatedAt(),
});

/**
 * One-time tokens an admin makes for a host on another machine to join with (`npm run agent --
 * --join`): only their sha256 is kept; each is good once, for an hour.
 */
export const amphoraHostJoinTokens = pgTable("amphora_host_join_tokens", {
  id: id(),
  token_sha256: text("token_sha256").notNull().unique(),
  /** The compute zone the joining host stands in. */
  availability_zone: text("availability_zone"),
  expires_at: isoTimestamp("expires_at").notNull(),
  used_at: isoTimestamp("used_at"),
  /** The host that joined with it. */
  host_id: uuid("host_id").references(() => amphoraHosts.id, { onDelete: "set null" }),
  created_at: createdAt(),
});

/** The HAProxy process behind one load balancer. Not a tenant resource: no project_id. */
export const amphorae = pgTable("amphorae", {
  id: id(),
  loadbalancer_id: uuid("loadbalancer_id")
    .notNull()
    .unique()
    .references(() => loadBalancers.id, { onDelete: "cascade" }),
  status: text("status").notNull(),
  role: text("role").notNull().default("STANDALONE"),
  pid: integer("pid"),
  config_hash: text("config_hash"),
  last_reload_at: text("last_reload_at"),
  last_reload_reason: text("last_reload_reason"),
  /** Failed starts in a row: the backoff before the next attempt grows with it. */
  failures: integer("failures").notNull().default(0),
  /** No restart is tried before this (ISO time); null when nothing is failing. */
  retry_at: text("retry_at"),
  /** An operator asked for a failover: the next apply replaces the HAProxy instead of reloading it. */
  failover_requested: boolean("failover_requested").notNull().default(false),
  /** The host it was placed on (Octavia's compute_id); null until the controller places it. */
  compute_id: uuid("compute_id").references(() => amphoraHosts.id, { onDelete: "set null" }),
  /** Where the controller reaches the amphora's agent, recorded with its placement. */
  lb_network_ip: text("lb_network_ip"),
  created_at: createdAt(),
  updated_at: updatedAt(),
});
