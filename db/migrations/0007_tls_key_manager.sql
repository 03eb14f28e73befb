CREATE TABLE "secrets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"payload_content_type" text NOT NULL,
	"payload_content_encoding" text,
	"encrypted_payload" text NOT NULL,
	"subject_cn" text,
	"subject_alt_names" text[] DEFAULT '{}'::text[] NOT NULL,
	"issuer" text,
	"not_before" timestamp with time zone,
	"not_after" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "listeners" ADD COLUMN "default_tls_container_ref" text;--> statement-breakpoint
ALTER TABLE "listeners" ADD COLUMN "sni_container_refs" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "listeners" ADD COLUMN "client_ca_tls_container_ref" text;--> statement-breakpoint
ALTER TABLE "listeners" ADD COLUMN "client_authentication" text DEFAULT 'NONE' NOT NULL;--> statement-breakpoint
ALTER TABLE "listeners" ADD COLUMN "client_crl_container_ref" text;--> statement-breakpoint
ALTER TABLE "listeners" ADD COLUMN "tls_versions" text[];--> statement-breakpoint
ALTER TABLE "listeners" ADD COLUMN "tls_ciphers" text;--> statement-breakpoint
ALTER TABLE "listeners" ADD COLUMN "alpn_protocols" text[];--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "tls_container_ref" text;--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "ca_tls_container_ref" text;--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "crl_container_ref" text;--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "tls_versions" text[];--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "tls_ciphers" text;--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "alpn_protocols" text[];--> statement-breakpoint
CREATE INDEX "secrets_project_created_idx" ON "secrets" USING btree ("project_id","created_at","id");