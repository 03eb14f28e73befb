import { describe, expect, it } from "vitest";
import { allocationPoolsRule, defaultAllocationPools, defaultGateway, gatewayRule, subnetCidrRule } from "./subnetRules";

describe("subnet rules", () => {
  it("accepts a normalized IPv4 CIDR from /8 to /30, and says what is wrong otherwise", () => {
    expect(subnetCidrRule("127.20.0.0/16")).toBeNull();
    expect(subnetCidrRule("127.0.0.0/8")).toBeNull();
    expect(subnetCidrRule("127.20.0.4/30")).toBeNull();
    expect(subnetCidrRule("127.20.1.0/16")).toBe("'127.20.1.0/16' isn't a recognized IP subnet cidr, '127.20.0.0/16' is recommended");
    expect(subnetCidrRule("127.20.0.0")).toBe("'127.20.0.0' is not a valid IPv4 CIDR such as 127.20.0.0/16");
    expect(subnetCidrRule("300.1.0.0/16")).toContain("is not a valid IPv4 CIDR");
    expect(subnetCidrRule("127.20.0.0/31")).toBe("Invalid input for operation: the prefix length of 127.20.0.0/31 must be between /8 and /30.");
    expect(subnetCidrRule("0.0.0.0/0")).toContain("must be between /8 and /30");
  });

  it("wants the gateway to be a host address of the subnet", () => {
    expect(gatewayRule("127.20.0.0/16", "127.20.255.254")).toBeNull();
    expect(gatewayRule("127.20.0.0/16", "10.0.0.1")).toBe("Invalid input for operation: Gateway IP 10.0.0.1 is not a host address of subnet 127.20.0.0/16.");
    expect(gatewayRule("127.20.0.0/16", "127.20.0.0")).toContain("is not a host address");
    expect(gatewayRule("127.20.0.0/16", "127.20.255.255")).toContain("is not a host address");
    expect(gatewayRule("127.20.0.0/16", "not-an-ip")).toBeNull(); // the field's own check says so
  });

  it("checks pools: ordered, inside, clear of the gateway and of each other", () => {
    const cidr = "127.20.0.0/16";
    expect(allocationPoolsRule(cidr, "127.20.0.1", [{ start: "127.20.0.2", end: "127.20.0.200" }, { start: "127.20.1.0", end: "127.20.255.254" }])).toBeNull();
    expect(allocationPoolsRule(cidr, null, [{ start: "127.20.0.9", end: "127.20.0.5" }])).toBe("The allocation pool 127.20.0.9-127.20.0.5 is not valid.");
    expect(allocationPoolsRule(cidr, null, [{ start: "127.20.0.0", end: "127.20.0.5" }])).toBe(
      "The allocation pool 127.20.0.0-127.20.0.5 spans beyond the subnet cidr 127.20.0.0/16.",
    );
    expect(allocationPoolsRule(cidr, null, [{ start: "127.20.250.0", end: "127.21.0.5" }])).toContain("spans beyond the subnet cidr");
    expect(allocationPoolsRule(cidr, "127.20.0.1", [{ start: "127.20.0.1", end: "127.20.0.9" }])).toBe(
      "Gateway ip 127.20.0.1 conflicts with allocation pool 127.20.0.1-127.20.0.9",
    );
    expect(allocationPoolsRule(cidr, null, [{ start: "127.20.1.0", end: "127.20.1.9" }, { start: "127.20.0.5", end: "127.20.1.0" }])).toBe(
      "Found overlapping allocation pools: 127.20.0.5-127.20.1.0 127.20.1.0-127.20.1.9 for subnet 127.20.0.0/16.",
    );
  });

  it("leaves malformed addresses to their fields' own checks", () => {
    expect(allocationPoolsRule("127.20.0.0/16", "x", [{ start: "127.20.0.2", end: "127.20.0.3" }])).toBeNull();
    expect(allocationPoolsRule("127.20.0.0/16", null, [{ start: "127.20.0.2", end: "y" }])).toBeNull();
    expect(allocationPoolsRule("nonsense", null, [{ start: "127.20.0.2", end: "127.20.0.3" }])).toBeNull();
  });

  it("defaults like Neutron: the first host is the gateway, the pools are the other hosts", () => {
    expect(defaultGateway("127.20.0.0/16")).toBe("127.20.0.1");
    expect(defaultAllocationPools("127.20.0.0/16", "127.20.0.1")).toEqual([{ start: "127.20.0.2", end: "127.20.255.254" }]);
    expect(defaultAllocationPools("127.20.0.0/24", null)).toEqual([{ start: "127.20.0.1", end: "127.20.0.254" }]);
    expect(defaultAllocationPools("127.20.0.0/24", "127.20.0.100")).toEqual([
      { start: "127.20.0.1", end: "127.20.0.99" },
      { start: "127.20.0.101", end: "127.20.0.254" },
    ]);
    expect(defaultAllocationPools("127.20.0.0/24", "127.20.0.254")).toEqual([{ start: "127.20.0.1", end: "127.20.0.253" }]);
  });
});
