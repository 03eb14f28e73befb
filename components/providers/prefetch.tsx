import { dehydrate, HydrationBoundary, type QueryClient } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { type ReactNode, cache } from "react";
import { createRequestContext } from "@/server/trpc/request-context";
import { appRouter } from "@/server/trpc/router";
import { makeQueryClient } from "./query-client";

// Server components prefetch the queries a page needs straight through the router (no HTTP
// round trip) and hand them to the browser's cache, so the page paints with data.

/** One QueryClient per server request. */
const getQueryClient = cache(makeQueryClient);

export const trpcServer = createTRPCOptionsProxy({
  router: appRouter,
  ctx: () => createRequestContext(),
  queryClient: getQueryClient,
});

/** Prefetches `load`'s queries, then renders `children` with them in the cache. */
export async function Prefetch({ load, children }: { load: (client: QueryClient, trpc: typeof trpcServer) => Promise<unknown>; children: ReactNode }) {
  const client = getQueryClient();
  // A failed prefetch is not fatal: the page then loads on the client and shows its error state.
  await load(client, trpcServer).catch(() => undefined);
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
