import { restDeps } from "@/server/rest/deps";
import { neutron } from "@/server/rest/neutron/door";

// The Neutron subset (server/rest/neutron): every path and method below /networking.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

async function handler(req: Request) {
  return neutron(req, await restDeps());
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
