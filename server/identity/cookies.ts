// The dashboard's session cookie: httpOnly (no script reads it), SameSite=Lax (not sent on
// cross-site subrequests), Secure when the site is served over HTTPS, and a lifetime no
// longer than the session's.

export const SESSION_COOKIE = "lbaas_session";

export function sessionCookie(secret: string, opts: { maxAgeSeconds: number; secure: boolean }): string {
  return [`${SESSION_COOKIE}=${secret}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${opts.maxAgeSeconds}`, ...(opts.secure ? ["Secure"] : [])].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

/** The session secret in a Cookie header, if any. */
export function sessionSecretFrom(cookieHeader: string | null): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}

/** Whether a request's Origin (when a browser sent one) is the site it reached. */
export function sameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (!origin) return true; // not a browser's cross-site request: browsers send Origin on POST
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Whether the site is served over HTTPS (directly or behind a proxy that says so). */
export function servedOverHttps(url: string, headers: Headers): boolean {
  return headers.get("x-forwarded-proto") === "https" || url.startsWith("https:");
}
