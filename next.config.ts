import type { NextConfig } from "next";

/**
 * The Content-Security-Policy of every response. Scripts and styles only from this site: Next
 * inlines its bootstrap scripts and styles, so 'unsafe-inline' is needed for those unless every
 * page were rendered with a nonce (which would make every page dynamic); the dev server also
 * evaluates code ('unsafe-eval') and talks to its websocket. No plugins, no <base> tricks, forms
 * post only here, and no other site may frame the dashboard (clickjacking).
 */
export function contentSecurityPolicy(opts: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(opts: { dev: boolean }): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(opts) },
    // frame-ancestors' older twin, for browsers that predate it.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  ];
}

/** Sent only over HTTPS: browsers ignore it on plain HTTP, and a site first reached over HTTP must stay reachable. */
export const STRICT_TRANSPORT_SECURITY = { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" };

const nextConfig: NextConfig = {
  // Where `next build` writes and `next start` reads the build: NEXT_DIST_DIR lets two test runs
  // on one host build different sources side by side (e2e/serve.ts); `.next` otherwise.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Loaded with Node's own require at run time instead of being bundled: PGlite reads its wasm and
  // data files from its package directory, and pg has optional native bindings.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  typedRoutes: false,
  poweredByHeader: false,
  reactStrictMode: true,
  // On every response, pages and APIs alike.
  async headers() {
    const dev = process.env.NODE_ENV === "development";
    return [
      { source: "/:path*", headers: securityHeaders({ dev }) },
      // HSTS only where the site is reached over HTTPS, which the proxy in front says.
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [STRICT_TRANSPORT_SECURITY] },
    ];
  },
};

export default nextConfig;
