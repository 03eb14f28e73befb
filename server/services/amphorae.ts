import { amphorae } from "@/db/schema";
import type { ServiceContext } from "./context";
import { ForbiddenError } from "./errors";

// Amphorae are the operator's view (Octavia's admin API).

export async function listAmphorae(ctx: ServiceContext) {
  if (!ctx.isAdmin) throw new ForbiddenError("Listing amphorae needs the admin role.");
  return ctx.db.select().from(amphorae).orderBy(amphorae.created_at);
}
