import { defaultShouldDehydrateQuery, MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";

/** One QueryClient recipe for the browser and for server components that prefetch. */
export function makeQueryClient(opts: { onError?: (error: unknown) => void } = {}) {
  return new QueryClient({
    ...(opts.onError && { queryCache: new QueryCache({ onError: opts.onError }), mutationCache: new MutationCache({ onError: opts.onError }) }),
    defaultOptions: {
      // Freshness comes from the status subscription, not from refetching on every focus. Data
      // prefetched on the server counts as fresh for a moment, so the page does not refetch it
      // the instant it hydrates.
      queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 },
      dehydrate: { shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending" },
    },
  });
}
