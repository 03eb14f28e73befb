import { dehydrate, HydrationBoundary, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { notFound } from "next/navigation";
import { type ReactNode, cache } from "react";
import { createRequestContext } from "@/server/trpc/request-context";
import { appRouter } from "@/server/trpc/router";
import { makeQueryClient } from "./query-client";

// Server components prefetch the queries a page needs straight through the router (no HTTP
// round trip) and hand them to the browser's cache, so the page paints with data.

/** One QueryClient per server request. */
const getQueryClient = cache(makeQueryClient);

/**
 * Who is asking, resolved once per server request (the session cookie is looked up once, however
 * many layouts and queries of the request need it).
 */
export const requestContext = cache(() => createRequestContext());

export const trpcServer = createTRPCOptionsProxy({
  router: appRouter,
  ctx: requestContext,
  queryClient: getQueryClient,
});

const isNotFound = (error: unknown) => (error as { code?: unknown } | null)?.code === "NOT_FOUND";

/**
 * Prefetches `load`'s queries, then renders `children` with them in the cache. When one of the
 * `required` queries answers NOT_FOUND (a resource of another project, or one deleted), the page
 * is the Not Found page instead.
 */
export async function Prefetch({
  load,
  required,
  children,
}: {
  load: (client: QueryClient, trpc: typeof trpcServer) => Promise<unknown>;
  required?: (trpc: typeof trpcServer) => QueryKey[];
  children: ReactNode;
}) {
  const client = getQueryClient();
  // A failed prefetch is not fatal: the page then loads on the client and shows its error state.
  await load(client, trpcServer).catch(() => undefined);
  if (required?.(trpcServer).some((key) => isNotFound(client.getQueryState(key)?.error))) notFound();
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
