import { amphorae } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";

// Amphorae are the operator's view (Octavia's admin API): the policy table admits only admins to
// amphora.*, before this runs.

export async function listAmphorae(ctx: ServiceContext) {
  return ctx.db.select().from(amphorae).orderBy(amphorae.created_at);
}
