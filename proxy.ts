import { type NextRequest, NextResponse } from "next/server";
import { LOGIN_PATH, loginHref, REQUESTED_PATH_HEADER } from "@/components/auth/next-path";
import { SESSION_COOKIE } from "@/server/identity/cookies";

// The cheap half of the login check, before any page renders: a visitor without the session
// cookie goes to the login page, with the page they asked for to come back to. Whether the cookie
// names a live session is decided where the database is, in the dashboard's layout
// (app/project/layout.tsx), which learns the path asked for from the header set here.

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname === LOGIN_PATH) return NextResponse.next();
  const search = new URLSearchParams(request.nextUrl.search);
  search.delete("_rsc"); // the router's cache-busting parameter, not part of the page's address
  const query = search.toString();
  const requested = `${pathname}${query ? `?${query}` : ""}`;
  if (!request.cookies.get(SESSION_COOKIE)?.value) {
    const login = request.nextUrl.clone();
    const href = new URL(loginHref(requested), request.nextUrl.origin);
    login.pathname = href.pathname;
    login.search = href.search;
    return NextResponse.redirect(login);
  }
  const headers = new Headers(request.headers);
  headers.set(REQUESTED_PATH_HEADER, requested);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the APIs (tRPC, Octavia, Neutron, Nova, the image service answer 401 themselves), not Keystone
  // (/identity), not Next's own files, the favicon or any other file with an extension.
  matcher: ["/((?!api/|api$|identity/|identity$|load-balancer/|load-balancer$|networking/|networking$|compute/|compute$|image/|image$|_next/|favicon\\.ico$|.*\\.[A-Za-z0-9]+$).*)"],
};
