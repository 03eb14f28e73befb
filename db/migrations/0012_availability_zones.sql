CREATE TABLE "availability_zone_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"provider_name" text NOT NULL,
	"availability_zone_data" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "availability_zones" (
	"name" text PRIMARY KEY NOT NULL,
	"description" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"availability_zone_profile_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "availability_zones" ADD CONSTRAINT "availability_zones_availability_zone_profile_id_availability_zone_profiles_id_fk" FOREIGN KEY ("availability_zone_profile_id") REFERENCES "public"."availability_zone_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_balancers" ADD CONSTRAINT "load_balancers_availability_zone_availability_zones_name_fk" FOREIGN KEY ("availability_zone") REFERENCES "public"."availability_zones"("name") ON DELETE no action ON UPDATE no action;