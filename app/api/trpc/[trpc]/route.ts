import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createRequestContext } from "@/server/trpc/request-context";
import { appRouter } from "@/server/trpc/router";

// The BFF's one front door: every tRPC call, batched queries (streamed) and SSE subscriptions.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

function handler(req: Request) {
  return fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: ({ req, resHeaders }) => createRequestContext({ req, resHeaders }) });
}

export { handler as GET, handler as POST };
