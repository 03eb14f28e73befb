import { describe, expect, it } from "vitest";
import { config } from "@/proxy";

// The login redirect (proxy.ts) is for pages: every REST door answers 401 itself, so none of
// their mounts may match, or a client without the dashboard's cookie is sent to the login page.

const matcher = new RegExp(`^${config.matcher[0] ?? ""}$`);

describe("the login redirect's matcher", () => {
  it.each(["/identity", "/load-balancer", "/networking", "/compute", "/image"])("leaves %s and everything below it to its REST door", (mount) => {
    expect(matcher.test(mount)).toBe(false);
    expect(matcher.test(`${mount}/v2.1/servers/detail`)).toBe(false);
  });

  it("covers the dashboard's pages", () => {
    expect(matcher.test("/project/compute/instances")).toBe(true);
    expect(matcher.test("/")).toBe(true);
  });
});
