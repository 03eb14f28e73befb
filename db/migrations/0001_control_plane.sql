CREATE TABLE "controller_claims" (
	"loadbalancer_id" uuid PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "status_events_project_idx";--> statement-breakpoint
ALTER TABLE "status_events" ADD COLUMN "txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "amphorae" ADD COLUMN "failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "amphorae" ADD COLUMN "retry_at" text;--> statement-breakpoint
ALTER TABLE "controller_claims" ADD CONSTRAINT "controller_claims_loadbalancer_id_load_balancers_id_fk" FOREIGN KEY ("loadbalancer_id") REFERENCES "public"."load_balancers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "status_events_stream_idx" ON "status_events" USING btree ("project_id","txid","id");--> statement-breakpoint
CREATE INDEX "status_events_lb_stream_idx" ON "status_events" USING btree ("loadbalancer_id","txid","id");