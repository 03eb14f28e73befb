import { version } from "@/server/rest/keystone";
import { keystoneDeps } from "@/server/rest/keystone-deps";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(req: Request) {
  return version(req, await keystoneDeps());
}
