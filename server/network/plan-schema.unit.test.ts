import { describe, expect, it } from "vitest";
import { bridgeName, hostVethName, namespaceName } from "./names";
import type { HostNetworkPlan } from "./plan";
import { checkPlan } from "./plan-schema";

const ID = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e";
const NET = "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";

function plan(prefix = "lbq"): HostNetworkPlan {
  const ns = namespaceName(prefix, "instance", ID);
  const bridge = bridgeName(prefix, NET);
  return {
    prefix,
    bridges: [{ name: bridge }],
    namespaces: [
      {
        name: ns,
        kind: "instance",
        ports: [{ ifname: "eth0", hostIfname: hostVethName(prefix, ns, "eth0"), bridge, addresses: ["10.0.0.5/24"], mac: "fa:16:3e:00:00:01" }],
        routes: [{ destination: "default", via: "10.0.0.1" }],
        forwarding: false,
        nftables: null,
      },
    ],
  };
}

describe("a network plan is checked before any command runs", () => {
  it("accepts a plan the engine could have made", () => {
    expect(checkPlan(plan())).toEqual(plan());
  });

  it("refuses names outside the prefix, bad addresses and routes, unknown bridges, duplicates", () => {
    const cases: [string, (p: HostNetworkPlan) => void][] = [
      ["is not a namespace name", (p) => (p.namespaces[0]!.name = namespaceName("t100", "instance", ID))],
      ["does not carry the prefix", (p) => (p.bridges[0]!.name = "eth0")],
      ["not an interface name", (p) => (p.namespaces[0]!.ports[0]!.ifname = "eth0 up; x")],
      ["is not an IPv4 address in CIDR form", (p) => (p.namespaces[0]!.ports[0]!.addresses = ["10.0.0.5"])],
      ["is not an IPv4 address in CIDR form", (p) => (p.namespaces[0]!.ports[0]!.addresses = ["10.0.0.500/24"])],
      ["nor a network in CIDR form", (p) => (p.namespaces[0]!.routes = [{ destination: "10.9.0.1/16", via: "10.0.0.1" }])],
      ["is not an IPv4 address", (p) => (p.namespaces[0]!.routes = [{ destination: "default", via: "10.0.0.1 onlink" }])],
      ["is not a lowercase MAC", (p) => (p.namespaces[0]!.ports[0]!.mac = "FA:16:3E:00:00:01")],
      ["which the plan does not have", (p) => (p.bridges = [{ name: bridgeName("lbq", ID) }])],
      ["appears twice", (p) => p.namespaces.push(structuredClone(p.namespaces[0]!))],
    ];
    for (const [message, spoil] of cases) {
      const p = plan();
      spoil(p);
      expect(() => checkPlan(p), message).toThrow(message);
    }
  });
});
