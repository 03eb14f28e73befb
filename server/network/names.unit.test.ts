import { describe, expect, it } from "vitest";
import {
  amphoraLegIfname,
  assertIfname,
  assertPrefix,
  bridgeName,
  hostVethName,
  isNamespaceName,
  namespaceName,
  ownedBy,
  routerGatewayIfname,
  routerInterfaceIfname,
} from "./names";

const ROUTER = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e";
const NET = "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";
const OTHER_NET = "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3e";
const PORT = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

describe("network names", () => {
  it("takes a prefix of a letter then 1 to 4 lowercase letters or digits, and nothing else", () => {
    for (const ok of ["lbq", "t100", "ab", "z9y8x"]) expect(assertPrefix(ok)).toBe(ok);
    for (const bad of ["", "a", "1ab", "LBQ", "abcdef", "lb-q", "lb q", "lbq\n"]) expect(() => assertPrefix(bad)).toThrow(/network prefix/);
  });

  it("names namespaces as Neutron does, from the prefix and a UUID only", () => {
    expect(namespaceName("lbq", "router", ROUTER)).toBe(`lbq-qrouter-${ROUTER}`);
    expect(namespaceName("t100", "amphora", ROUTER)).toBe(`t100-amphora-${ROUTER}`);
    expect(namespaceName("lbq", "instance", ROUTER)).toBe(`lbq-instance-${ROUTER}`);
    expect(() => namespaceName("lbq", "router", "not-a-uuid")).toThrow(/not a lowercase UUID/);
    expect(() => namespaceName("lbq", "router", `${ROUTER}/../x`)).toThrow(/not a lowercase UUID/);
    expect(() => namespaceName("lbq", "router", ROUTER.toUpperCase())).toThrow(/not a lowercase UUID/);
  });

  it("tells a namespace of this prefix from one of another prefix, even one that starts the same", () => {
    const mine = namespaceName("t10", "instance", ROUTER);
    const theirs = namespaceName("t100", "instance", ROUTER);
    expect(isNamespaceName("t10", mine)).toBe(true);
    expect(isNamespaceName("t10", theirs)).toBe(false);
    expect(ownedBy("t10", theirs)).toBe(false);
    expect(ownedBy("t100", theirs)).toBe(true);
    expect(isNamespaceName("t10", "t10-qrouter-x")).toBe(false);
  });

  it("fits every host link into IFNAMSIZ (15) whatever the prefix length, stable and distinct", () => {
    for (const prefix of ["ab", "lbq", "t100", "abcde"]) {
      const bridge = bridgeName(prefix, NET);
      const veth = hostVethName(prefix, namespaceName(prefix, "router", ROUTER), "eth1");
      for (const name of [bridge, veth]) {
        expect(name).toHaveLength(15);
        expect(name.startsWith(`${prefix}-`)).toBe(true);
        expect(assertIfname(name)).toBe(name);
      }
      expect(bridge).toMatch(new RegExp(`^${prefix}-b[0-9a-f]+$`));
      expect(veth).toMatch(new RegExp(`^${prefix}-v[0-9a-f]+$`));
    }
    expect(bridgeName("lbq", NET)).toBe(bridgeName("lbq", NET));
    expect(bridgeName("lbq", NET)).not.toBe(bridgeName("lbq", OTHER_NET));
    const ns = namespaceName("lbq", "amphora", ROUTER);
    expect(hostVethName("lbq", ns, "eth1")).not.toBe(hostVethName("lbq", ns, "eth2"));
    expect(hostVethName("lbq", ns, "eth1")).not.toBe(hostVethName("lbq", namespaceName("lbq", "instance", ROUTER), "eth1"));
  });

  it("refuses a host veth for a namespace of another prefix or an invalid inside name", () => {
    expect(() => hostVethName("lbq", namespaceName("t100", "router", ROUTER), "eth1")).toThrow(/does not carry the prefix/);
    expect(() => hostVethName("lbq", namespaceName("lbq", "router", ROUTER), "eth1; rm")).toThrow(/not an interface name/);
    expect(() => bridgeName("lbq", "public")).toThrow(/not a lowercase UUID/);
  });

  it("names router and amphora ports as Neutron and Octavia do, within 15 characters", () => {
    expect(routerGatewayIfname(PORT)).toBe("qg-1a2b3c4d-5e");
    expect(routerInterfaceIfname(PORT)).toBe("qr-1a2b3c4d-5e");
    expect(amphoraLegIfname(NET)).toBe("leg-0a1b2c3d-4e");
    for (const name of [routerGatewayIfname(PORT), routerInterfaceIfname(PORT), amphoraLegIfname(NET)]) expect(name.length).toBeLessThanOrEqual(15);
    expect(() => routerGatewayIfname("x")).toThrow(/port id/);
  });

  it("refuses interface names the kernel or a shell would take badly", () => {
    for (const bad of ["", "a".repeat(16), "Eth0", "eth 0", "eth/0", "-eth0", "eth0\n"]) expect(() => assertIfname(bad)).toThrow(/not an interface name/);
  });
});
