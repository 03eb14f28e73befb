import { describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { assertMemberAddressAllowed, assertMonitorTypeEnabled, providerCapabilities } from "./provider";

// The member address check against MEMBER_CIDRS (passed explicitly: no process-wide setting).

describe("assertMemberAddressAllowed", () => {
  it("allows an address inside any of the ranges", () => {
    expect(() => assertMemberAddressAllowed("10.1.2.3", "address", ["127.0.0.0/8", "10.0.0.0/8"])).not.toThrow();
    expect(() => assertMemberAddressAllowed("127.10.0.5", "address", ["127.0.0.0/8", "10.0.0.0/8"])).not.toThrow();
    expect(() => assertMemberAddressAllowed("192.168.7.9", "address", ["192.168.7.0/24"])).not.toThrow();
  });

  it("refuses an address outside every range, naming them and the field", () => {
    expect(() => assertMemberAddressAllowed("192.168.8.1", "members.0.address", ["127.0.0.0/8", "192.168.7.0/24"])).toThrow(
      expect.objectContaining({
        field: "members.0.address",
        message: "192.168.8.1 is outside this cloud's member ranges 127.0.0.0/8, 192.168.7.0/24: members must be addresses this cloud can reach.",
      }),
    );
    expect(() => assertMemberAddressAllowed("10.0.0.5", "address", ["127.0.0.0/8"])).toThrow(
      "10.0.0.5 is outside this cloud's member range 127.0.0.0/8: members must be addresses this cloud can reach.",
    );
  });

  it("reads the MEMBER_CIDRS setting when no list is passed", () => {
    const [first] = env().MEMBER_CIDRS;
    expect(() => assertMemberAddressAllowed(first!.split("/")[0]!, "address")).not.toThrow();
    expect(() => assertMemberAddressAllowed("not-an-ip", "address")).toThrow(`member range${env().MEMBER_CIDRS.length > 1 ? "s" : ""} ${env().MEMBER_CIDRS.join(", ")}`);
  });
});

describe("providerCapabilities", () => {
  it("offers nothing for amphora (no flavors here) and refuses a provider that is not enabled, as Octavia does", () => {
    expect(providerCapabilities("amphora")).toEqual([]);
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
