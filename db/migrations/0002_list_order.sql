DROP INDEX "load_balancers_project_idx";--> statement-breakpoint
CREATE INDEX "load_balancers_project_created_idx" ON "load_balancers" USING btree ("project_id","created_at","id");