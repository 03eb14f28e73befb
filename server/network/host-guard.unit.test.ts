import { afterEach, describe, expect, it, vi } from "vitest";
import { checkPrivileges, overlappingRoute } from "./host-guard";
import type { IpRoute } from "./iproute";

// The routes as `ip -json route show table all` prints them on a host like this one.
const HOST: IpRoute[] = [
  { dst: "default", gateway: "192.0.2.1", dev: "eth0" },
  { dst: "192.0.2.0/24", dev: "eth0", protocol: "kernel" },
  { dst: "198.18.7.0/24", dev: "lbq-ext", protocol: "kernel" },
  { type: "local", dst: "127.0.0.0/8", dev: "lo", table: "local" },
  { type: "local", dst: "192.0.2.2", dev: "eth0", table: "local" },
  { dst: "fd00::/64", dev: "eth0" },
];

describe("the host's routes against the product's ranges", () => {
  it("finds a route of the host that overlaps, either way round", () => {
    expect(overlappingRoute("192.0.2.0/24", HOST, "lbq")?.dst).toBe("192.0.2.0/24");
    expect(overlappingRoute("192.0.0.0/16", HOST, "lbq")?.dst).toBe("192.0.2.0/24");
    expect(overlappingRoute("192.0.2.128/25", HOST, "lbq")?.dst).toBe("192.0.2.0/24");
    expect(overlappingRoute("127.5.0.0/16", HOST, "lbq")?.dst).toBe("127.0.0.0/8");
  });

  it("ignores the default route, IPv6 routes and the product's own links", () => {
    expect(overlappingRoute("198.18.0.0/16", HOST, "lbq")).toBeUndefined();
    expect(overlappingRoute("10.0.0.0/8", HOST, "lbq")).toBeUndefined();
    // Another prefix's bridge is not the product's own: it counts.
    expect(overlappingRoute("198.18.7.0/24", HOST, "t100")?.dev).toBe("lbq-ext");
  });
});

describe("the engine's privileges", () => {
  afterEach(() => vi.restoreAllMocks());

  it("says what to do when the process is not root, before it tries anything", async () => {
    vi.spyOn(process, "getuid").mockReturnValue(1000);
    const answer = await checkPrivileges("lbq");
    expect(answer.ok).toBe(false);
    expect(answer.ok || answer.message).toMatch(/needs root .*run `npm start` as root/);
  });
});
