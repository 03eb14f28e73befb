import { describe, expect, it } from "vitest";
import { byPosition, compatiblePools, movedPosition, policyErrors, policyInput, policyTarget, policyValues } from "./policy-form";
import { compareTypesFor, ruleErrors, ruleInput, ruleValues, usesKey, withType } from "./rule-form";

const POOL = "6f1c3a52-0b7e-4c1e-9d1e-2a1f3c4b5d6e";

describe("the L7 policy form", () => {
  it("sends only the target its action uses, and the code only for redirects", () => {
    const v = { ...policyValues(), action: "REDIRECT_TO_URL" as const, redirect_pool_id: POOL, redirect_url: " https://example.com/x ", redirect_http_code: "301" };
    expect(policyInput(v)).toEqual({ name: "", description: "", action: "REDIRECT_TO_URL", admin_state_up: true, redirect_url: "https://example.com/x", redirect_http_code: 301 });
    expect(policyInput({ ...v, action: "REDIRECT_TO_POOL" })).toEqual({ name: "", description: "", action: "REDIRECT_TO_POOL", admin_state_up: true, redirect_pool_id: POOL });
    expect(policyInput({ ...v, action: "REJECT", position: "1" })).toEqual({ name: "", description: "", action: "REJECT", admin_state_up: true, position: 1 });
  });

  it("puts the API's missing-target message on the target's field", () => {
    expect(policyErrors({ ...policyValues(), action: "REDIRECT_TO_URL" })).toEqual({ redirect_url: "Invalid L7 Policy arguments: redirect_url must not be None" });
    expect(policyErrors({ ...policyValues(), action: "REDIRECT_TO_POOL" })).toEqual({
      redirect_pool_id: "Invalid L7 Policy arguments: redirect_pool_id or redirect_pool must not be None",
    });
    expect(policyErrors({ ...policyValues(), action: "REDIRECT_PREFIX", redirect_prefix: "not a url" })).toEqual({ redirect_prefix: "Value must be a valid URL string" });
    expect(policyErrors({ ...policyValues(), action: "REJECT" })).toEqual({});
    expect(policyErrors({ ...policyValues(), action: "REDIRECT_TO_POOL", redirect_pool_id: POOL })).toEqual({});
  });

  it("checks the position as the API does", () => {
    expect(policyErrors({ ...policyValues(), action: "REJECT", position: "0" })).toEqual({ position: "position must be between 1 and 2147483647" });
    expect(policyErrors({ ...policyValues(), action: "REJECT", position: "1.5" })).toEqual({ position: "position must be a whole number" });
    expect(policyErrors({ ...policyValues(), action: "REJECT", position: "" })).toEqual({});
  });

  it("offers the pools the listener's protocol can send to", () => {
    const pools = [
      { id: "a", protocol: "HTTP" },
      { id: "b", protocol: "TCP" },
      { id: "c", protocol: "PROXY" },
      { id: "d", protocol: "HTTPS" },
    ];
    expect(compatiblePools("HTTP", pools).map((p) => p.id)).toEqual(["a", "c"]);
  });

  it("names the target and orders and moves policies by position", () => {
    const base = { redirect_pool_id: null, redirect_url: null, redirect_prefix: null, redirect_http_code: null };
    expect(policyTarget({ ...base, action: "REDIRECT_TO_POOL", redirect_pool_id: POOL }, () => "api-pool")).toBe("api-pool");
    expect(policyTarget({ ...base, action: "REDIRECT_TO_URL", redirect_url: "https://x.example", redirect_http_code: 301 }, String)).toBe("https://x.example (301)");
    expect(policyTarget({ ...base, action: "REJECT" }, String)).toBe("403 Forbidden");
    expect(byPosition([{ position: 3 }, { position: 1 }, { position: 2 }]).map((p) => p.position)).toEqual([1, 2, 3]);
    expect(movedPosition(2, 3, -1)).toBe(1);
    expect(movedPosition(1, 3, -1)).toBeNull();
    expect(movedPosition(3, 3, 1)).toBeNull();
  });
});

describe("the L7 rule form", () => {
  it("uses a key for HEADER, COOKIE and SSL_DN_FIELD only, and clears it for the others", () => {
    expect(usesKey("HEADER") && usesKey("COOKIE") && usesKey("SSL_DN_FIELD")).toBe(true);
    expect(usesKey("PATH") || usesKey("SSL_CONN_HAS_CERT")).toBe(false);
    expect(ruleInput({ ...ruleValues(), key: "X-Old", value: "/api" })).toMatchObject({ type: "PATH", key: null, value: "/api" });
  });

  it("keeps a compare type the new type allows, and otherwise takes one it does", () => {
    expect(compareTypesFor("FILE_TYPE")).toEqual(["REGEX", "EQUAL_TO"]);
    expect(withType({ ...ruleValues(), compare_type: "STARTS_WITH" }, "FILE_TYPE").compare_type).toBe("REGEX");
    expect(withType({ ...ruleValues(), compare_type: "EQUAL_TO" }, "FILE_TYPE").compare_type).toBe("EQUAL_TO");
    expect(withType({ ...ruleValues(), compare_type: "REGEX" }, "SSL_VERIFY_RESULT").compare_type).toBe("EQUAL_TO");
  });

  it("checks with the API's messages, a key's on the key field", () => {
    expect(ruleErrors({ ...ruleValues(), value: "/api" })).toEqual({});
    expect(ruleErrors({ ...ruleValues(), value: "" })).toEqual({ value: "Error parsing L7Rule: Invalid L7 Rule: L7 rule type requires a value" });
    expect(ruleErrors({ ...ruleValues(), type: "HEADER", value: "x" })).toEqual({ key: "Error parsing L7Rule: Invalid L7 Rule: L7 rule type requires a key" });
    expect(ruleErrors({ ...ruleValues(), type: "HEADER", key: "X#y", value: "x" })).toEqual({ key: "Error parsing L7Rule: Invalid characters in key" });
    expect(ruleErrors({ ...ruleValues(), type: "SSL_DN_FIELD", compare_type: "EQUAL_TO", key: "", value: "x" })).toHaveProperty("key");
    expect(ruleErrors({ ...ruleValues(), type: "SSL_DN_FIELD", compare_type: "EQUAL_TO", key: "CN", value: "" })).toHaveProperty("value");
    expect(ruleErrors({ ...ruleValues(), compare_type: "REGEX", value: "(a+)+" }).value).toMatch(/^Error parsing L7Rule: Unable to parse regular expression: /);
    expect(ruleErrors({ ...ruleValues(), value: "a\nb" })).toEqual({ value: "value must be a single line" });
  });
});
