import { describe, expect, it } from "vitest";
import { displayName, looksLikeId, routes, searchWithTab, tabOf } from "./routes";

describe("detail routes", () => {
  it("builds the nested addresses", () => {
    expect(routes.member("lb", "p", "m")).toBe("/project/network/load-balancers/lb/pools/p/members/m");
    expect(routes.listener("lb", "l")).toBe("/project/network/load-balancers/lb/listeners/l");
  });
  it("names a resource by name, else by the start of its id", () => {
    expect(displayName({ name: "web", id: "0123456789" })).toBe("web");
    expect(displayName({ name: "", id: "0123456789" })).toBe("01234567");
  });
  it("tells an id from a mistyped address", () => {
    expect(looksLikeId("6b1a3c1e-5a43-4c8e-9a36-2b6f7b0f2a11")).toBe(true);
    expect(looksLikeId("web-lb")).toBe(false);
  });
  it("keeps the detail tab in the query string, the first tab as the plain address", () => {
    expect(tabOf("listeners")).toBe("listeners");
    expect(tabOf(null)).toBe("overview");
    expect(tabOf("nonsense")).toBe("overview");
    expect(searchWithTab("", "pools")).toBe("?tab=pools");
    expect(searchWithTab("?tab=pools&x=1", "timeline")).toBe("?tab=timeline&x=1");
    expect(searchWithTab("?tab=pools", "overview")).toBe("");
  });
});
