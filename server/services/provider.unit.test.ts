import { describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { assertMonitorTypeEnabled, providerCapabilities } from "./provider";

describe("providerCapabilities", () => {
  it("offers the amphora driver's flavor keys and refuses a provider that is not enabled, as Octavia does", () => {
    expect(providerCapabilities("amphora").map((c) => c.name)).toEqual(["loadbalancer_topology", "compute_flavor", "amp_image_tag", "sriov_vip", "allow_member_sriov"]);
    expect(() => providerCapabilities("ovn")).toThrow(expect.objectContaining({ field: "provider", message: "Provider 'ovn' is not enabled." }));
  });
});

describe("assertMonitorTypeEnabled", () => {
  const refusal = expect.objectContaining({ field: "healthmonitor.type", message: "The selected type is not allowed in this deployment: PING" });

  it("refuses PING unless the operator allows it, with Octavia's DisabledOption message", () => {
    expect(() => assertMonitorTypeEnabled("PING", "healthmonitor.type", false)).toThrow(refusal);
    expect(() => assertMonitorTypeEnabled("PING", "healthmonitor.type", true)).not.toThrow();
  });

  it("leaves every other type alone", () => {
    for (const type of ["HTTP", "HTTPS", "TCP", "TLS-HELLO", "UDP-CONNECT", "SCTP"] as const) {
      expect(() => assertMonitorTypeEnabled(type, "type", false)).not.toThrow();
    }
  });

  it.skipIf(process.env.ALLOW_PING_HEALTH_MONITORS !== undefined)("is off by default (ALLOW_PING_HEALTH_MONITORS unset)", () => {
    expect(env().ALLOW_PING_HEALTH_MONITORS).toBe(false);
    expect(() => assertMonitorTypeEnabled("PING", "healthmonitor.type")).toThrow(refusal);
  });
});
