import type { Db } from "@/db/client";
import { sessionSecretFrom } from "./cookies";
import type { Identity } from "./identity";
import { resolveSession, type SessionSettings } from "./sessions";
import { resolveToken } from "./tokens";

// What a request presents to say who it is, and who that is now: an X-Auth-Token (API clients)
// wins over the dashboard's session cookie. Resolved once per request, and again by a long-lived
// status stream to learn that its caller logged out or lost access.

export interface Credentials {
  token: string | null;
  sessionSecret: string | null;
}

export function credentialsFrom(headers: Headers): Credentials {
  const token = headers.get("x-auth-token");
  return { token, sessionSecret: token ? null : sessionSecretFrom(headers.get("cookie")) };
}

/** The identity the credentials carry now; null when none, or when they ended, expired or lost every role. */
export async function resolveCaller(db: Db, credentials: Credentials, settings: SessionSettings): Promise<Identity | null> {
  if (credentials.token) return (await resolveToken(db, credentials.token))?.identity ?? null;
  if (credentials.sessionSecret) return resolveSession(db, credentials.sessionSecret, settings);
  return null;
}
