import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";

// The headers next.config.ts puts on every response (the e2e run sees them on real pages): a
// Content-Security-Policy that forbids framing and foreign scripts, X-Frame-Options, and HSTS
// only where a proxy says the site is reached over HTTPS.

describe("the security headers", () => {
  it("put a CSP with frame-ancestors 'none', X-Frame-Options DENY and nosniff on every path", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const everyPath = rules.find((r) => r.source === "/:path*" && !r.has);
    const header = (key: string) => everyPath?.headers.find((h) => h.key === key)?.value;
    expect(header("Content-Security-Policy")).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
    expect(header("Content-Security-Policy")).toMatch(/(^|; )script-src 'self' 'unsafe-inline'(;|$)/);
    expect(header("Content-Security-Policy")).toMatch(/(^|; )object-src 'none'(;|$)/);
    expect(header("X-Frame-Options")).toBe("DENY");
    expect(header("X-Content-Type-Options")).toBe("nosniff");
    expect(header("Strict-Transport-Security")).toBeUndefined();
  });

  it("send HSTS only when the request came over HTTPS", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const hsts = rules.filter((r) => r.headers.some((h) => h.key === "Strict-Transport-Security"));
    expect(hsts).toEqual([
      expect.objectContaining({ source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }] }),
    ]);
  });
});
