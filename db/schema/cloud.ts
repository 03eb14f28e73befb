import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, projectId, updatedAt } from "./columns";

// The demo cloud's Neutron/Nova-like inventory: what the dashboard picks VIPs and members from.

/** Keystone's projects (domain `Default`): every tenant row names one. */
export const projects = pgTable("projects", {
  id: id(),
  name: text("name").notNull().unique(),
  description: text("description").notNull().default(""),
  enabled: boolean("enabled").notNull().default(true),
  created_at: createdAt(),
});

export const networks = pgTable("networks", {
  id: id(),
  project_id: projectId(),
  name: text("name").notNull(),
  /** Neutron's `router:external`: floating IPs are allocated from external networks. */
  router_external: boolean("router_external").notNull().default(false),
  /** External networks are shared with every project. */
  shared: boolean("shared").notNull().default(false),
  status: text("status").notNull().default("ACTIVE"),
  /**
   * Neutron's `provider:segmentation_id`: the network's VXLAN VNI, which carries it between the
   * network node and the amphora hosts. Allocated by the database within VXLAN's 24 bits, unique, never reused.
   */
  segmentation_id: integer("segmentation_id").notNull().unique().generatedByDefaultAsIdentity({ maxValue: 16_777_215 }),
  created_at: createdAt(),
});

export interface AllocationPool {
  start: string;
  end: string;
}

export const subnets = pgTable(
  "subnets",
  {
    id: id(),
    project_id: projectId(),
    network_id: uuid("network_id")
      .notNull()
      .references(() => networks.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    ip_version: integer("ip_version").notNull().default(4),
    cidr: text("cidr").notNull(),
    gateway_ip: text("gateway_ip"),
    allocation_pools: jsonb("allocation_pools").$type<AllocationPool[]>().notNull(),
    created_at: createdAt(),
  },
  // Subnets of different networks may overlap (Neutron's allow_overlapping_ips: each network is
  // its own broadcast domain, routed through its own router); within one network they may not,
  // which the service checks under a table lock. The index keeps an exact duplicate out even so.
  (t) => [uniqueIndex("subnets_network_cidr_unique").on(t.network_id, t.cidr)],
);

/**
 * Neutron's device owners. A router's gateway is a port on the external network
 * (`network:router_gateway`) and each of its interfaces a port on a tenant subnet
 * (`network:router_interface`) holding the subnet's gateway_ip; device_id is the router's id.
 */
export const DEVICE_OWNERS = ["compute:nova", "Octavia", "network:floatingip", "network:router_gateway", "network:router_interface"] as const;
export type DeviceOwner = (typeof DEVICE_OWNERS)[number];

/** One fixed IP each. The unique index is IPAM's last line of defence against double allocation. */
export const ports = pgTable(
  "ports",
  {
    id: id(),
    project_id: projectId(),
    network_id: uuid("network_id")
      .notNull()
      .references(() => networks.id),
    subnet_id: uuid("subnet_id")
      .notNull()
      .references(() => subnets.id),
    ip_address: text("ip_address").notNull(),
    name: text("name").notNull().default(""),
    device_owner: text("device_owner", { enum: DEVICE_OWNERS }).notNull(),
    device_id: uuid("device_id"),
    created_at: createdAt(),
  },
  (t) => [uniqueIndex("ports_network_ip_unique").on(t.network_id, t.ip_address), index("ports_subnet_idx").on(t.subnet_id)],
);

/** Neutron's router statuses; a router here is ACTIVE from its create (its namespace follows the rows). */
export const ROUTER_STATUSES = ["ACTIVE", "DOWN", "BUILD", "ERROR"] as const;

/**
 * Neutron's routers: one per project's path between its tenant subnets and an external network
 * (SNAT out, floating IPs' DNAT in). Interfaces and the gateway are ports whose device_id is the
 * router's id; the gateway network is kept here too, as Neutron's router row does.
 */
export const routers = pgTable(
  "routers",
  {
    id: id(),
    project_id: projectId(),
    name: text("name").notNull().default(""),
    description: text("description").notNull().default(""),
    admin_state_up: boolean("admin_state_up").notNull().default(true),
    status: text("status", { enum: ROUTER_STATUSES }).notNull().default("ACTIVE"),
    /** The external network of its gateway port, or null with no gateway. */
    gw_network_id: uuid("gw_network_id").references(() => networks.id),
    enable_snat: boolean("enable_snat").notNull().default(true),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [index("routers_project_idx").on(t.project_id)],
);

export const INSTANCE_STATUSES = ["ACTIVE", "SHUTOFF"] as const;

export const instances = pgTable(
  "instances",
  {
    id: id(),
    project_id: projectId(),
    name: text("name").notNull(),
    status: text("status", { enum: INSTANCE_STATUSES }).notNull().default("ACTIVE"),
    port_id: uuid("port_id")
      .notNull()
      .references(() => ports.id),
    /** The port the instance's demo HTTP server listens on. */
    service_port: integer("service_port").notNull().default(80),
    created_at: createdAt(),
  },
  (t) => [uniqueIndex("instances_project_name_unique").on(t.project_id, t.name)],
);

export const floatingIps = pgTable(
  "floating_ips",
  {
    id: id(),
    project_id: projectId(),
    floating_network_id: uuid("floating_network_id")
      .notNull()
      .references(() => networks.id),
    floating_ip_address: text("floating_ip_address").notNull(),
    /** The floating IP's own port on the external network: it holds the address in IPAM. */
    floating_port_id: uuid("floating_port_id")
      .notNull()
      .references(() => ports.id),
    /** The associated port (an instance's or a load balancer VIP's), or null. */
    port_id: uuid("port_id").references(() => ports.id),
    fixed_ip_address: text("fixed_ip_address"),
    /** The router whose gateway and interface carry the association (Neutron's router_id), or null. */
    router_id: uuid("router_id").references(() => routers.id),
    status: text("status", { enum: ["ACTIVE", "DOWN"] }).notNull().default("DOWN"),
    created_at: createdAt(),
  },
  (t) => [
    uniqueIndex("floating_ips_address_unique").on(t.floating_ip_address),
    uniqueIndex("floating_ips_port_unique").on(t.port_id),
    check("floating_ips_fixed_ip_with_port", sql`(${t.port_id} is null) = (${t.fixed_ip_address} is null)`),
  ],
);
