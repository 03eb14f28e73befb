import { keystone } from "@/server/rest/keystone";
import { keystoneDeps } from "@/server/rest/keystone-deps";

// The rest of Keystone v3 (the project and user look-ups) beside the routes of their own above.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

async function handler(req: Request) {
  return keystone(req, await keystoneDeps());
}

export { handler as DELETE, handler as GET, handler as POST, handler as PUT };
