import { restDeps } from "@/server/rest/deps";
import { glance } from "@/server/rest/glance/door";

// The image service's empty subset (server/rest/glance): every path and method below /image.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

async function handler(req: Request) {
  return glance(req, await restDeps());
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
