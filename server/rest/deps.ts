import { createRequestContext } from "@/server/trpc/request-context";
import { keystoneDeps } from "./keystone-deps";
import type { RestDeps } from "./serve";

/** What the REST front doors need in the running server: its settings and the tRPC request context. */
export async function restDeps(): Promise<RestDeps> {
  return { ...(await keystoneDeps()), context: (req) => createRequestContext({ req }) };
}
