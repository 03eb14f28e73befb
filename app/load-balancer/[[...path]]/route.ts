import { restDeps } from "@/server/rest/deps";
import { octavia } from "@/server/rest/octavia/door";

// Octavia's v2 API (server/rest/octavia): every path and method below /load-balancer.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

async function handler(req: Request) {
  return octavia(req, await restDeps());
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
