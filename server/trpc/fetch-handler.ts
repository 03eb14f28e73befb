import { fetchRequestHandler, type FetchCreateContextFnOptions } from "@trpc/server/adapters/fetch";
import { BODY_TOO_LARGE, boundedRequest, MAX_BATCH_SIZE } from "@/server/request-limits";
import type { InnerContext } from "./init";
import { appRouter } from "./router";

// /api/trpc over fetch, with the request limits every door has (server/request-limits.ts): a
// body over MAX_BODY_BYTES is answered 413 before any procedure runs, a batch of more than
// MAX_BATCH_SIZE calls 400.

export const TRPC_ENDPOINT = "/api/trpc";

/** tRPC's error body for a request refused before it reached the router. */
const payloadTooLarge = () =>
  Response.json({ error: { message: BODY_TOO_LARGE, code: -32013, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } } }, { status: 413 });

export async function handleTrpcRequest(req: Request, createContext: (opts: FetchCreateContextFnOptions) => Promise<InnerContext>): Promise<Response> {
  const bounded = await boundedRequest(req);
  if (!bounded) return payloadTooLarge();
  return fetchRequestHandler({ endpoint: TRPC_ENDPOINT, req: bounded, router: appRouter, createContext, maxBatchSize: MAX_BATCH_SIZE });
}
