import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded with Node's own require at run time instead of being bundled: PGlite reads its wasm and
  // data files from its package directory, and pg has optional native bindings.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  typedRoutes: false,
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
