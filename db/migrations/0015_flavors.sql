CREATE TABLE "flavor_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"provider_name" text NOT NULL,
	"flavor_data" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flavors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"flavor_profile_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flavors_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "load_balancers" ADD COLUMN "topology" text DEFAULT 'SINGLE' NOT NULL;--> statement-breakpoint
ALTER TABLE "flavors" ADD CONSTRAINT "flavors_flavor_profile_id_flavor_profiles_id_fk" FOREIGN KEY ("flavor_profile_id") REFERENCES "public"."flavor_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_balancers" ADD CONSTRAINT "load_balancers_flavor_id_flavors_id_fk" FOREIGN KEY ("flavor_id") REFERENCES "public"."flavors"("id") ON DELETE no action ON UPDATE no action;