CREATE TABLE "amphora_host_join_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_sha256" text NOT NULL,
	"availability_zone" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"host_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "amphora_host_join_tokens_token_sha256_unique" UNIQUE("token_sha256")
);
--> statement-breakpoint
ALTER TABLE "amphora_hosts" ADD COLUMN "joined" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "amphora_host_join_tokens" ADD CONSTRAINT "amphora_host_join_tokens_host_id_amphora_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."amphora_hosts"("id") ON DELETE set null ON UPDATE no action;