"use client";

import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { type ReactNode, useState } from "react";
import { LOGIN_PATH, loginHref } from "@/components/auth/next-path";
import { errorCodeOf } from "@/components/ui/trpc-errors";
import { MAX_BATCH_SIZE } from "@/server/request-limits";
import type { AppRouter } from "@/server/trpc/router";
import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

const TRPC_URL = "/api/trpc";

let browserQueryClient: QueryClient | undefined;
let leaving = false;

/**
 * A session that ended while a page was open (idle time, logout elsewhere) makes every call
 * answer UNAUTHORIZED: go to the login page, to come back here after. The login page's own
 * refusals ("Invalid credentials…") are its to show.
 */
function onUnauthorized(error: unknown) {
  if (leaving || errorCodeOf(error) !== "UNAUTHORIZED" || window.location.pathname === LOGIN_PATH) return;
  leaving = true;
  window.location.assign(loginHref(`${window.location.pathname}${window.location.search}`));
}

/** A fresh client per server render (no data shared between requests); one for the browser's life. */
function getQueryClient() {
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient({ onError: onUnauthorized });
  return browserQueryClient;
}

function makeTRPCClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: TRPC_URL }),
        // Queries are streamed (each answer as soon as it is ready). Mutations are not: a streamed
        // response has sent its headers before the procedure runs, and auth.login and auth.logout
        // answer with the session cookie in a Set-Cookie header.
        false: splitLink({
          condition: (op) => op.type === "mutation",
          // The server takes at most MAX_BATCH_SIZE calls in one batch.
          true: httpBatchLink({ url: TRPC_URL, maxItems: MAX_BATCH_SIZE }),
          false: httpBatchStreamLink({ url: TRPC_URL, maxItems: MAX_BATCH_SIZE }),
        }),
      }),
    ],
  });
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(makeTRPCClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
