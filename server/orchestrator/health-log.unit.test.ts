import { describe, expect, it } from "vitest";
import { amphoraOf } from "./health-log";

describe("amphoraOf", () => {
  const id = "0f8e2a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b";
  it("reads the load balancer id from HAProxy's syslog tag", () => {
    expect(amphoraOf(`<129>Nov 30 07:22:53 ${id}[5944]: Server be/s2 is DOWN, reason: Layer4 connection problem`)).toBe(id);
    expect(amphoraOf(`<128>Nov  3 07:22:55 ${id}[12]: backend be has no server available!\n`)).toBe(id);
  });
  it("ignores anything else", () => {
    expect(amphoraOf("<129>Nov 30 07:22:53 haproxy[5944]: Server be/s2 is DOWN")).toBeNull();
    expect(amphoraOf(`hello ${id}[1]:`)).toBeNull();
    expect(amphoraOf("")).toBeNull();
  });
});
