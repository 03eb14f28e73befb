CREATE TABLE "routers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"admin_state_up" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"gw_network_id" uuid,
	"enable_snat" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "subnets_cidr_unique";--> statement-breakpoint
ALTER TABLE "floating_ips" ADD COLUMN "router_id" uuid;--> statement-breakpoint
ALTER TABLE "quotas" ADD COLUMN "router" integer;--> statement-breakpoint
ALTER TABLE "routers" ADD CONSTRAINT "routers_gw_network_id_networks_id_fk" FOREIGN KEY ("gw_network_id") REFERENCES "public"."networks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "routers_project_idx" ON "routers" USING btree ("project_id");--> statement-breakpoint
ALTER TABLE "floating_ips" ADD CONSTRAINT "floating_ips_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subnets_network_cidr_unique" ON "subnets" USING btree ("network_id","cidr");