import { handleTrpcRequest } from "@/server/trpc/fetch-handler";
import { createRequestContext } from "@/server/trpc/request-context";

// The BFF's one front door: every tRPC call, batched queries (streamed) and SSE subscriptions,
// within the request limits of server/request-limits.ts.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

function handler(req: Request) {
  return handleTrpcRequest(req, ({ req, resHeaders }) => createRequestContext({ req, resHeaders }));
}

export { handler as GET, handler as POST };
