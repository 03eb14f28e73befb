import { getRuntime } from "@/server/runtime";
import { createInnerContext, type InnerContext } from "./init";

/**
 * The context of a request from the dashboard or the API, for the route handler and for server
 * components alike. The demo has one user, the operator of this cloud: a tenant of `demo` and
 * its admin (login comes later).
 */
export async function createRequestContext(): Promise<InnerContext> {
  const rt = await getRuntime();
  return createInnerContext({
    db: rt.database.db,
    projectId: rt.projectId,
    isAdmin: true,
    feed: rt.feed,
    compute: rt.compute,
    dataPlane: rt.driver,
  });
}
