CREATE TABLE "listener_statistics" (
	"listener_id" uuid PRIMARY KEY NOT NULL,
	"loadbalancer_id" uuid NOT NULL,
	"bytes_in" bigint DEFAULT 0 NOT NULL,
	"bytes_out" bigint DEFAULT 0 NOT NULL,
	"total_connections" bigint DEFAULT 0 NOT NULL,
	"request_errors" bigint DEFAULT 0 NOT NULL,
	"active_connections" integer DEFAULT 0 NOT NULL,
	"worker_pid" integer,
	"seen_bytes_in" bigint DEFAULT 0 NOT NULL,
	"seen_bytes_out" bigint DEFAULT 0 NOT NULL,
	"seen_total_connections" bigint DEFAULT 0 NOT NULL,
	"seen_request_errors" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listener_statistics_samples" (
	"listener_id" uuid NOT NULL,
	"loadbalancer_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"bytes_in" bigint DEFAULT 0 NOT NULL,
	"bytes_out" bigint DEFAULT 0 NOT NULL,
	"total_connections" bigint DEFAULT 0 NOT NULL,
	"active_connections" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "listener_statistics" ADD CONSTRAINT "listener_statistics_listener_id_listeners_id_fk" FOREIGN KEY ("listener_id") REFERENCES "public"."listeners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listener_statistics" ADD CONSTRAINT "listener_statistics_loadbalancer_id_load_balancers_id_fk" FOREIGN KEY ("loadbalancer_id") REFERENCES "public"."load_balancers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listener_statistics_samples" ADD CONSTRAINT "listener_statistics_samples_listener_id_listeners_id_fk" FOREIGN KEY ("listener_id") REFERENCES "public"."listeners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listener_statistics_samples" ADD CONSTRAINT "listener_statistics_samples_loadbalancer_id_load_balancers_id_fk" FOREIGN KEY ("loadbalancer_id") REFERENCES "public"."load_balancers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "listener_statistics_samples_lb_at" ON "listener_statistics_samples" USING btree ("loadbalancer_id","at");--> statement-breakpoint
CREATE INDEX "listener_statistics_samples_at" ON "listener_statistics_samples" USING btree ("at");