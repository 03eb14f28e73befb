import { issue, revoke, validate } from "@/server/rest/keystone";
import { keystoneDeps } from "@/server/rest/keystone-deps";

// Keystone's token API: issue (POST), validate (GET), revoke (DELETE).
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function POST(req: Request) {
  return issue(req, await keystoneDeps());
}

export async function GET(req: Request) {
  return validate(req, await keystoneDeps());
}

export async function DELETE(req: Request) {
  return revoke(req, await keystoneDeps());
}
