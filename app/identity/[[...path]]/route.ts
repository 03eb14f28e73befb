import { keystone } from "@/server/rest/keystone";
import { restDeps } from "@/server/rest/deps";

// Keystone v3 (server/rest/keystone.ts): every path and method below /identity through one
// handler, so each answer has Keystone's error body and a request id.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

async function handler(req: Request) {
  return keystone(req, await restDeps());
}

export { handler as DELETE, handler as GET, handler as HEAD, handler as PATCH, handler as POST, handler as PUT };
