import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { env } from "@/server/env";
import { resolveCaller, credentialsFrom } from "@/server/identity/caller";
import { clientAddress, type TrustedProxies } from "@/server/identity/client-address";
import { sameOrigin, servedOverHttps } from "@/server/identity/cookies";
import { getRuntime } from "@/server/runtime";
import { createInnerContext, type InnerContext } from "./init";
import { sessionSettings } from "./session-settings";

/** The process's long-lived pieces a request's context is made from. */
export type RequestPieces = Pick<InnerContext, "feed" | "compute" | "dataPlane" | "loginLimiter"> & {
  /** The amphora agents' CA, where hosts may join (server/agents/pki.ts). */
  agentPki?: InnerContext["agentPki"];
  db: Db;
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); none when absent. */
  trustedProxies?: TrustedProxies;
};

/**
 * The context of a request from the dashboard or an API client, for the route handler and for
 * server components alike. Who is asking is resolved once here: an `X-Auth-Token` (API
 * clients) or the session cookie (the dashboard); neither is an anonymous request, which only
 * public procedures accept.
 */
export async function createRequestContext(opts?: { req: Request; resHeaders?: Headers }): Promise<InnerContext> {
  const rt = await getRuntime();
  const headers: Headers = opts ? opts.req.headers : ((await (await import("next/headers")).headers()) as unknown as Headers);
  const pieces = {
    db: rt.database.db,
    feed: rt.feed,
    compute: rt.compute,
    dataPlane: rt.dataPlane,
    loginLimiter: rt.loginLimiter,
    trustedProxies: env().TRUSTED_PROXIES,
    agentPki: rt.agentPki,
  };
  return contextFromHeaders(pieces, headers, opts);
}

/** The same, from given pieces: what a test's own HTTP server builds each request's context with. */
export async function contextFromHeaders(
  pieces: RequestPieces,
  headers: Headers,
  opts?: { req: Request; resHeaders?: Headers },
): Promise<InnerContext> {
  const credentials = credentialsFrom(headers);
  const { sessionSecret } = credentials;
  const identity = await resolveCaller(pieces.db, credentials, sessionSettings());
  return createInnerContext({
    ...pieces,
    identity,
    recheckIdentity: () => resolveCaller(pieces.db, credentials, sessionSettings()),
    requestId: headers.get("x-openstack-request-id") ?? `req-${randomUUID()}`,
    clientAddress: clientAddress(headers, pieces.trustedProxies ?? []),
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
