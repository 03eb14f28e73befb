"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";

/**
 * Who is logged in, the project in scope, the roles held there and the projects to switch to
 * (`auth.me`). The dashboard's layout puts the answer in the cache with the page, so it is there
 * at the first paint; a project switch writes the new scope into it.
 */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 5 * 60_000 }));
}
