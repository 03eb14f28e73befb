CREATE TABLE "amphora_hosts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"agent_url" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'UP' NOT NULL,
	"availability_zone" text,
	"capacity" integer DEFAULT 1000 NOT NULL,
	"last_seen_at" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "amphora_hosts_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "amphorae" ADD COLUMN "compute_id" uuid;--> statement-breakpoint
ALTER TABLE "amphorae" ADD COLUMN "lb_network_ip" text;--> statement-breakpoint
ALTER TABLE "amphorae" ADD CONSTRAINT "amphorae_compute_id_amphora_hosts_id_fk" FOREIGN KEY ("compute_id") REFERENCES "public"."amphora_hosts"("id") ON DELETE set null ON UPDATE no action;