// Where the login page sends a visitor: back to the page they asked for, when that is a path on
// this site, else to the Load Balancers panel. The path comes from the URL (`?next=`), so anyone
// can write it: only a plain same-site path is followed, never another origin.

export const LOGIN_PATH = "/auth/login";
/** The dashboard's first page: where a login lands when it was not sent from one. */
export const HOME_PATH = "/project/network/load-balancers";
/** Set by proxy.ts on page requests: the path and query asked for, for a server-side redirect to login. */
export const REQUESTED_PATH_HEADER = "x-lbaas-requested-path";

/** A control character or a space anywhere, or a backslash (browsers read "/\host" as "//host"). */
const unsafe = (s: string) => [...s].some((c) => c <= " " || c === "\u007f" || c === "\\");

/** `next` when it is a path on this site ("/…", not "//…"), else the Load Balancers panel. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || unsafe(next)) return HOME_PATH;
  // Whatever the string looks like, it must resolve to this very origin.
  const base = "http://lbaas.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return HOME_PATH;
  }
  if (url.origin !== base) return HOME_PATH;
  // Back to the login page would only loop.
  if (url.pathname === LOGIN_PATH) return HOME_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The login page, with the page to come back to after logging in. */
export function loginHref(requested?: string | null): string {
  if (!requested || requested === "/" || safeNextPath(requested) !== requested) return LOGIN_PATH;
  return `${LOGIN_PATH}?next=${encodeURIComponent(requested)}`;
}
