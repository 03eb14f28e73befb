import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/trpc/router";
import { createInnerContext } from "@/server/trpc/init";
import { getRuntime } from "@/server/runtime";

// The BFF's one front door: every tRPC call, batched queries (streamed) and SSE subscriptions.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => {
      const rt = await getRuntime();
      // The demo has one user, the operator of this cloud: a tenant of `demo` and its admin.
      return createInnerContext({
        db: rt.database.db,
        projectId: rt.projectId,
        isAdmin: true,
        feed: rt.feed,
        compute: rt.compute,
        dataPlane: rt.driver,
      });
    },
  });
}

export { handler as GET, handler as POST };
