import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

// A change to what the network derives from (a router, an interface, a floating IP's
// association, an instance) is announced on this channel inside the writing transaction, so the
// network reconciler, in whichever process runs it, hears of it once the change is committed and
// never before. The payload is empty: the reconciler reads the rows, never the message.

export const NETWORK_CHANNEL = "network_changes";

export async function announceNetworkChange(db: Db): Promise<void> {
  await db.execute(sql`select pg_notify(${NETWORK_CHANNEL}, '')`);
}
