import { describe, expect, it } from "vitest";
import { HOME_PATH, loginHref, safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("follows a path on this site, with its query", () => {
    expect(safeNextPath("/project/compute/instances")).toBe("/project/compute/instances");
    expect(safeNextPath("/project/network/load-balancers/abc?tab=pools")).toBe("/project/network/load-balancers/abc?tab=pools");
  });

  it("goes to the Load Balancers panel when there is nothing to follow", () => {
    expect(safeNextPath(undefined)).toBe(HOME_PATH);
    expect(safeNextPath(null)).toBe(HOME_PATH);
    expect(safeNextPath("")).toBe(HOME_PATH);
  });

  it("never follows another origin", () => {
    for (const next of [
      "//evil.example/x",
      "/\\evil.example/x",
      "\\\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "project/network",
      "/\t/evil.example",
      " /project",
      "/pro\nject",
    ]) {
      expect(safeNextPath(next), next).toBe(HOME_PATH);
    }
  });

  it("does not send a login back to the login page", () => {
    expect(safeNextPath("/auth/login")).toBe(HOME_PATH);
    expect(safeNextPath("/auth/login?next=/x")).toBe(HOME_PATH);
  });
});

describe("loginHref", () => {
  it("carries the page asked for", () => {
    expect(loginHref("/project/network/load-balancers/abc?tab=pools")).toBe("/auth/login?next=%2Fproject%2Fnetwork%2Fload-balancers%2Fabc%3Ftab%3Dpools");
  });

  it("leaves out what the login page would not follow, and the site's root", () => {
    expect(loginHref(null)).toBe("/auth/login");
    expect(loginHref("/")).toBe("/auth/login");
    expect(loginHref("//evil.example")).toBe("/auth/login");
  });
});
