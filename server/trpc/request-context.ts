import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { sameOrigin, servedOverHttps, sessionSecretFrom } from "@/server/identity/cookies";
import type { Identity } from "@/server/identity/identity";
import { resolveSession } from "@/server/identity/sessions";
import { resolveToken } from "@/server/identity/tokens";
import { getRuntime } from "@/server/runtime";
import { createInnerContext, type InnerContext } from "./init";
import { sessionSettings } from "./session-settings";

/** The process's long-lived pieces a request's context is made from. */
export type RequestPieces = Pick<InnerContext, "feed" | "compute" | "dataPlane" | "loginLimiter"> & { db: Db };

/**
 * The context of a request from the dashboard or an API client, for the route handler and for
 * server components alike. Who is asking is resolved once here: an `X-Auth-Token` (API
 * clients) or the session cookie (the dashboard); neither is an anonymous request, which only
 * public procedures accept.
 */
export async function createRequestContext(opts?: { req: Request; resHeaders?: Headers }): Promise<InnerContext> {
  const rt = await getRuntime();
  const headers: Headers = opts ? opts.req.headers : ((await (await import("next/headers")).headers()) as unknown as Headers);
  const pieces = { db: rt.database.db, feed: rt.feed, compute: rt.compute, dataPlane: rt.driver, loginLimiter: rt.loginLimiter };
  return contextFromHeaders(pieces, headers, opts);
}

/** The same, from given pieces: what a test's own HTTP server builds each request's context with. */
export async function contextFromHeaders(
  pieces: RequestPieces,
  headers: Headers,
  opts?: { req: Request; resHeaders?: Headers },
): Promise<InnerContext> {
  const token = headers.get("x-auth-token");
  const sessionSecret = token ? null : sessionSecretFrom(headers.get("cookie"));
  let identity: Identity | null = null;
  if (token) identity = (await resolveToken(pieces.db, token))?.identity ?? null;
  else if (sessionSecret) identity = await resolveSession(pieces.db, sessionSecret, sessionSettings());
  return createInnerContext({
    ...pieces,
    identity,
    requestId: headers.get("x-openstack-request-id") ?? `req-${randomUUID()}`,
    // The last X-Forwarded-For entry is the one the nearest proxy (Next's own server) added;
    // earlier ones are whatever the client wrote.
    clientAddress: headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown",
    sessionSecret: identity ? sessionSecret : null,
    // Only a cookie rides along on a cross-site request by itself; a token has to be added.
    crossSite: sessionSecret !== null && !sameOrigin(headers),
    setCookie: (value) => opts?.resHeaders?.append("Set-Cookie", value),
    secure: opts ? servedOverHttps(opts.req.url, headers) : false,
    origin: opts ? requestOrigin(opts.req.url, headers) : null,
  });
}

/** The origin the client used, through a proxy that says so (X-Forwarded-Host/-Proto) or directly. */
function requestOrigin(url: string, headers: Headers): string {
  const direct = new URL(url);
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? direct.host;
  const proto = headers.get("x-forwarded-proto") ?? direct.protocol.replace(":", "");
  return `${proto}://${host}`;
}
