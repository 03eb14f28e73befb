import { afterEach, describe, expect, it, vi } from "vitest";

// What a project without quotas of its own may hold when the operator sets no QUOTA_*: Octavia's
// code defaults are unlimited, which lets one project take a shared subnet's every address and
// every amphora the host can run; the shipped defaults are a small team's needs.

const fresh = async () => {
  vi.resetModules();
  return import("@/server/env");
};

afterEach(() => vi.unstubAllEnvs());

describe("default quotas", () => {
  it("are bounded for every counted resource, floating IPs and routers included, when the operator sets none", async () => {
    for (const name of Object.keys(process.env).filter((n) => n.startsWith("QUOTA_"))) vi.stubEnv(name, undefined);
    expect((await fresh()).quotaDefaults()).toEqual({
      loadbalancer: 10,
      listener: 50,
      pool: 50,
      healthmonitor: 50,
      member: 500,
      l7policy: 50,
      l7rule: 500,
      floatingip: 50,
      router: 10,
    });
  });

  it("follow the operator's QUOTA_* settings, -1 for unlimited", async () => {
    vi.stubEnv("QUOTA_LOADBALANCER", "-1");
    vi.stubEnv("QUOTA_FLOATINGIP", "3");
    vi.stubEnv("QUOTA_ROUTER", "2");
    expect((await fresh()).quotaDefaults()).toMatchObject({ loadbalancer: -1, floatingip: 3, router: 2, listener: 50 });
  });
});
