CREATE TABLE "floating_ips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"floating_network_id" uuid NOT NULL,
	"floating_ip_address" text NOT NULL,
	"floating_port_id" uuid NOT NULL,
	"port_id" uuid,
	"fixed_ip_address" text,
	"status" text DEFAULT 'DOWN' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "floating_ips_fixed_ip_with_port" CHECK (("floating_ips"."port_id" is null) = ("floating_ips"."fixed_ip_address" is null))
);
--> statement-breakpoint
CREATE TABLE "instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"port_id" uuid NOT NULL,
	"service_port" integer DEFAULT 80 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "networks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"router_external" boolean DEFAULT false NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"subnet_id" uuid NOT NULL,
	"ip_address" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"device_owner" text NOT NULL,
	"device_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "subnets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"network_id" uuid NOT NULL,
	"name" text NOT NULL,
	"ip_version" integer DEFAULT 4 NOT NULL,
	"cidr" text NOT NULL,
	"gateway_ip" text,
	"allocation_pools" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"loadbalancer_id" uuid NOT NULL,
	"provisioning_status" text NOT NULL,
	"operating_status" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "amphorae" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loadbalancer_id" uuid NOT NULL,
	"status" text NOT NULL,
	"role" text DEFAULT 'STANDALONE' NOT NULL,
	"pid" integer,
	"config_hash" text,
	"last_reload_at" text,
	"last_reload_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "amphorae_loadbalancer_id_unique" UNIQUE("loadbalancer_id")
);
--> statement-breakpoint
CREATE TABLE "health_monitors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"admin_state_up" boolean DEFAULT true NOT NULL,
	"provisioning_status" text NOT NULL,
	"operating_status" text NOT NULL,
	"type" text NOT NULL,
	"delay" integer NOT NULL,
	"timeout" integer NOT NULL,
	"max_retries" integer NOT NULL,
	"max_retries_down" integer DEFAULT 3 NOT NULL,
	"http_method" text,
	"url_path" text,
	"expected_codes" text,
	"http_version" text,
	"domain_name" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listeners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"loadbalancer_id" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"admin_state_up" boolean DEFAULT true NOT NULL,
	"provisioning_status" text NOT NULL,
	"operating_status" text NOT NULL,
	"protocol" text NOT NULL,
	"protocol_port" integer NOT NULL,
	"port_family" text GENERATED ALWAYS AS (case when protocol in ('UDP', 'SCTP') then protocol else 'TCP' end) STORED NOT NULL,
	"connection_limit" integer DEFAULT -1 NOT NULL,
	"timeout_client_data" integer DEFAULT 50000 NOT NULL,
	"timeout_member_connect" integer DEFAULT 5000 NOT NULL,
	"timeout_member_data" integer DEFAULT 50000 NOT NULL,
	"timeout_tcp_inspect" integer DEFAULT 0 NOT NULL,
	"default_pool_id" uuid,
	"insert_headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"allowed_cidrs" text[] DEFAULT '{}'::text[] NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "load_balancers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"admin_state_up" boolean DEFAULT true NOT NULL,
	"provisioning_status" text NOT NULL,
	"operating_status" text NOT NULL,
	"vip_address" text NOT NULL,
	"vip_port_id" uuid,
	"vip_subnet_id" uuid NOT NULL,
	"vip_network_id" uuid NOT NULL,
	"provider" text DEFAULT 'amphora' NOT NULL,
	"flavor_id" uuid,
	"availability_zone" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"admin_state_up" boolean DEFAULT true NOT NULL,
	"provisioning_status" text NOT NULL,
	"operating_status" text NOT NULL,
	"address" text NOT NULL,
	"protocol_port" integer NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"backup" boolean DEFAULT false NOT NULL,
	"subnet_id" uuid,
	"monitor_address" text,
	"monitor_port" integer,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"loadbalancer_id" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"admin_state_up" boolean DEFAULT true NOT NULL,
	"provisioning_status" text NOT NULL,
	"operating_status" text NOT NULL,
	"protocol" text NOT NULL,
	"lb_algorithm" text NOT NULL,
	"session_persistence" jsonb,
	"tls_enabled" boolean DEFAULT false NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "floating_ips" ADD CONSTRAINT "floating_ips_floating_network_id_networks_id_fk" FOREIGN KEY ("floating_network_id") REFERENCES "public"."networks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "floating_ips" ADD CONSTRAINT "floating_ips_floating_port_id_ports_id_fk" FOREIGN KEY ("floating_port_id") REFERENCES "public"."ports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "floating_ips" ADD CONSTRAINT "floating_ips_port_id_ports_id_fk" FOREIGN KEY ("port_id") REFERENCES "public"."ports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_port_id_ports_id_fk" FOREIGN KEY ("port_id") REFERENCES "public"."ports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ports" ADD CONSTRAINT "ports_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ports" ADD CONSTRAINT "ports_subnet_id_subnets_id_fk" FOREIGN KEY ("subnet_id") REFERENCES "public"."subnets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subnets" ADD CONSTRAINT "subnets_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amphorae" ADD CONSTRAINT "amphorae_loadbalancer_id_load_balancers_id_fk" FOREIGN KEY ("loadbalancer_id") REFERENCES "public"."load_balancers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_monitors" ADD CONSTRAINT "health_monitors_pool_id_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listeners" ADD CONSTRAINT "listeners_loadbalancer_id_load_balancers_id_fk" FOREIGN KEY ("loadbalancer_id") REFERENCES "public"."load_balancers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listeners" ADD CONSTRAINT "listeners_default_pool_id_pools_id_fk" FOREIGN KEY ("default_pool_id") REFERENCES "public"."pools"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_balancers" ADD CONSTRAINT "load_balancers_vip_port_id_ports_id_fk" FOREIGN KEY ("vip_port_id") REFERENCES "public"."ports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_balancers" ADD CONSTRAINT "load_balancers_vip_subnet_id_subnets_id_fk" FOREIGN KEY ("vip_subnet_id") REFERENCES "public"."subnets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_balancers" ADD CONSTRAINT "load_balancers_vip_network_id_networks_id_fk" FOREIGN KEY ("vip_network_id") REFERENCES "public"."networks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_pool_id_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_subnet_id_subnets_id_fk" FOREIGN KEY ("subnet_id") REFERENCES "public"."subnets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pools" ADD CONSTRAINT "pools_loadbalancer_id_load_balancers_id_fk" FOREIGN KEY ("loadbalancer_id") REFERENCES "public"."load_balancers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "floating_ips_address_unique" ON "floating_ips" USING btree ("floating_ip_address");--> statement-breakpoint
CREATE UNIQUE INDEX "floating_ips_port_unique" ON "floating_ips" USING btree ("port_id");--> statement-breakpoint
CREATE UNIQUE INDEX "instances_project_name_unique" ON "instances" USING btree ("project_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "ports_network_ip_unique" ON "ports" USING btree ("network_id","ip_address");--> statement-breakpoint
CREATE INDEX "ports_subnet_idx" ON "ports" USING btree ("subnet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subnets_cidr_unique" ON "subnets" USING btree ("cidr");--> statement-breakpoint
CREATE INDEX "status_events_project_idx" ON "status_events" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "status_events_lb_idx" ON "status_events" USING btree ("loadbalancer_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "health_monitors_pool_unique" ON "health_monitors" USING btree ("pool_id");--> statement-breakpoint
CREATE UNIQUE INDEX "listeners_port_unique" ON "listeners" USING btree ("loadbalancer_id","port_family","protocol_port");--> statement-breakpoint
CREATE UNIQUE INDEX "listeners_default_pool_unique" ON "listeners" USING btree ("default_pool_id");--> statement-breakpoint
CREATE INDEX "load_balancers_project_idx" ON "load_balancers" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_address_port_unique" ON "members" USING btree ("pool_id","address","protocol_port");--> statement-breakpoint
CREATE INDEX "pools_loadbalancer_idx" ON "pools" USING btree ("loadbalancer_id");