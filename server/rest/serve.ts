import type { InnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";
import { failureOf, type Failure } from "./errors";
import { boundedRequest } from "@/server/request-limits";
import { json, newRequestId, publicBase, tooLarge, withRequestId } from "./http";
import type { KeystoneDeps } from "./keystone";
import { type Router, segmentsBelow } from "./routing";

// How a REST front door answers a request: find the route, build the request's context (who is
// asking: the same as a tRPC request's), run the handler with a tRPC caller on that context, so
// policy, validation, quotas, audit and the status stream are the procedures' own, and turn any
// failure into the front door's error body. Every answer carries the request id.

export interface RestDeps extends KeystoneDeps {
  /** The request's context, as the tRPC route handler builds it. */
  context(req: Request): Promise<InnerContext>;
}

export type Caller = ReturnType<typeof createCaller>;

/** What a route handler gets: the request, its public URL, and a caller acting as the requester. */
export interface RestCall {
  req: Request;
  /** The request's URL on the site's public address (what paging links point at). */
  url: URL;
  /** The site's public address, e.g. http://127.0.0.1:3000. */
  base: string;
  ctx: InnerContext;
  api: Caller;
}

export interface FrontDoor {
  /** Where it is mounted, e.g. "/load-balancer". */
  mount: string;
  router: Router<RestCall>;
  /** The front door's error body for a failure. */
  errorBody(failure: Failure): unknown;
}

export async function serve(door: FrontDoor, received: Request, deps: RestDeps): Promise<Response> {
  let requestId = newRequestId();
  let req = received;
  try {
    req = (await boundedRequest(received)) ?? tooLarge();
    const { route, params } = door.router.find(req.method, segmentsBelow(req, door.mount));
    const ctx = await deps.context(req);
    requestId = ctx.requestId;
    const base = publicBase(req, deps.publicUrl);
    const own = new URL(req.url);
    const call: RestCall = { req, url: new URL(`${base}${own.pathname}${own.search}`), base, ctx, api: createCaller(ctx) };
    return withRequestId(await route.handle(call, params), requestId);
  } catch (err) {
    const failure = failureOf(err);
    const headers: Record<string, string> = {};
    if (failure.status === 401) headers["www-authenticate"] = `Keystone uri="${publicBase(req, deps.publicUrl)}/identity"`;
    return withRequestId(json(failure.status, door.errorBody(failure), headers), requestId);
  }
}
