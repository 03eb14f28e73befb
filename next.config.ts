import type { NextConfig } from "next";

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
};

export default nextConfig;
