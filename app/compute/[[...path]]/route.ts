import { restDeps } from "@/server/rest/deps";
import { nova } from "@/server/rest/nova/door";

// The Nova subset (server/rest/nova): every path and method below /compute.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

async function handler(req: Request) {
  return nova(req, await restDeps());
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
