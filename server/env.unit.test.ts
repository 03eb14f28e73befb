import { describe, expect, it } from "vitest";
import { amphoraRenderSettings, healthLogSocket, networkSettings, parseEnv } from "./env";

describe("AMPHORA_THREADS", () => {
  it("is 1 unless set, and is the controller's nbthread", () => {
    expect(amphoraRenderSettings(parseEnv({}))).toMatchObject({ nbthread: 1 });
    expect(amphoraRenderSettings(parseEnv({ AMPHORA_THREADS: "8" }))).toMatchObject({ nbthread: 8 });
  });

  it.each(["0", "65", "two", "1.5"])("refuses %s at start", (value) => {
    expect(() => parseEnv({ AMPHORA_THREADS: value })).toThrow("AMPHORA_THREADS");
  });
});

describe("HEALTH_LOG_SOCKET", () => {
  it("is off unless set (amphorae read on their monitors' cadence); a path turns reports on", () => {
    expect(healthLogSocket(parseEnv({ DATA_DIR: "/var/lib/lbaas" }))).toBeNull();
    expect(healthLogSocket(parseEnv({ HEALTH_LOG_SOCKET: "/run/lbaas/health.sock" }))).toBe("/run/lbaas/health.sock");
    expect(healthLogSocket(parseEnv({ HEALTH_LOG_SOCKET: "off" }))).toBeNull();
  });

  it.each(["relative.sock", "/run/a b.sock", "/run/a\nlog 10.0.0.1:514 local0", `/${"s".repeat(107)}`])("refuses %j at start", (value) => {
    expect(() => parseEnv({ HEALTH_LOG_SOCKET: value })).toThrow("HEALTH_LOG_SOCKET");
  });
});

describe("the network's settings", () => {
  it("default to prefix lbq, 198.18.0.0/24, no upstream gateway, the underlay 198.19.0.0/24 and IANA's VXLAN port", () => {
    expect(networkSettings(parseEnv({}))).toEqual({ prefix: "lbq", externalCidr: "198.18.0.0/24", upstreamGateway: null, underlayCidr: "198.19.0.0/24", vxlan: { port: 4789, group: "239.1.1.1" } });
    expect(
      networkSettings(parseEnv({ NETWORK_PREFIX: "lb2", EXTERNAL_CIDR: "198.18.7.0/24", UPSTREAM_GATEWAY: "198.18.7.254", UNDERLAY_CIDR: "198.19.7.0/24", VXLAN_PORT: "4790", VXLAN_GROUP: "239.9.9.9" })),
    ).toEqual({
      prefix: "lb2",
      externalCidr: "198.18.7.0/24",
      upstreamGateway: "198.18.7.254",
      underlayCidr: "198.19.7.0/24",
      vxlan: { port: 4790, group: "239.9.9.9" },
    });
  });

  it.each([
    ["EXTERNAL_CIDR", "198.18.0.1"],
    ["EXTERNAL_CIDR", "198.18.0.1/24"],
    ["EXTERNAL_CIDR", "public"],
    ["NETWORK_PREFIX", "LB"],
    ["NETWORK_PREFIX", "lbaas1"],
    ["NETWORK_PREFIX", "a-b"],
    ["UPSTREAM_GATEWAY", "198.18.0.0/24"],
    ["UNDERLAY_CIDR", "198.19.0.1"],
    ["VXLAN_GROUP", "10.0.0.1"],
    ["VXLAN_PORT", "70000"],
  ])("refuses %s=%j at start, naming it", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(name);
  });
});
