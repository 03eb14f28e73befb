CREATE TABLE "l7policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"listener_id" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"admin_state_up" boolean DEFAULT true NOT NULL,
	"provisioning_status" text NOT NULL,
	"operating_status" text NOT NULL,
	"action" text NOT NULL,
	"position" integer NOT NULL,
	"redirect_pool_id" uuid,
	"redirect_url" text,
	"redirect_prefix" text,
	"redirect_http_code" integer,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "l7rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"l7policy_id" uuid NOT NULL,
	"admin_state_up" boolean DEFAULT true NOT NULL,
	"provisioning_status" text NOT NULL,
	"operating_status" text NOT NULL,
	"type" text NOT NULL,
	"compare_type" text NOT NULL,
	"key" text,
	"value" text NOT NULL,
	"invert" boolean DEFAULT false NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "l7policies" ADD CONSTRAINT "l7policies_listener_id_listeners_id_fk" FOREIGN KEY ("listener_id") REFERENCES "public"."listeners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "l7policies" ADD CONSTRAINT "l7policies_redirect_pool_id_pools_id_fk" FOREIGN KEY ("redirect_pool_id") REFERENCES "public"."pools"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "l7rules" ADD CONSTRAINT "l7rules_l7policy_id_l7policies_id_fk" FOREIGN KEY ("l7policy_id") REFERENCES "public"."l7policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "l7policies_listener_idx" ON "l7policies" USING btree ("listener_id","position");--> statement-breakpoint
CREATE INDEX "l7policies_redirect_pool_idx" ON "l7policies" USING btree ("redirect_pool_id");--> statement-breakpoint
CREATE INDEX "l7rules_policy_idx" ON "l7rules" USING btree ("l7policy_id");