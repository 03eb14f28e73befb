import { describe, expect, it } from "vitest";
import { externalNetworkName, externalNetworkOptions, interfaceSubnetOptions, routerName } from "./router-choices";

const networks = [
  { id: "n-public", name: "public", "router:external": true },
  { id: "n-self", name: "selfservice", "router:external": false },
];
const subnet = (id: string, over: Partial<{ name: string; cidr: string; network_name: string; gateway_ip: string | null; "router:external": boolean }> = {}) => ({
  id,
  name: `${id}-subnet`,
  cidr: "10.0.0.0/24",
  network_name: "selfservice",
  gateway_ip: "10.0.0.1",
  "router:external": false,
  ...over,
});
const router = (id: string, name: string, subnetIds: string[], gateway: string | null = null) => ({
  id,
  name,
  external_gateway_info: gateway ? { network_id: gateway } : null,
  interfaces: subnetIds.map((subnet_id) => ({ subnet_id })),
});

describe("the Routers panel's choices", () => {
  it("offers only external networks for a gateway", () => {
    expect(externalNetworkOptions(networks)).toEqual([{ value: "n-public", label: "public" }]);
  });

  it("names the external network, its id until networks load, a dash without a gateway", () => {
    expect(externalNetworkName(router("r", "r", [], "n-public"), networks)).toBe("public");
    expect(externalNetworkName(router("r", "r", [], "n-public"), undefined)).toBe("n-public");
    expect(externalNetworkName(router("r", "r", []), networks)).toBe("-");
  });

  it("names a router without a name by the start of its id", () => {
    expect(routerName({ id: "0123456789abcdef", name: "" })).toBe("01234567");
    expect(routerName({ id: "0123456789abcdef", name: "r1" })).toBe("r1");
  });

  it("offers tenant subnets with a gateway that are not on the router, and marks those on another router", () => {
    const subnets = [
      subnet("a", { cidr: "10.0.1.0/24" }),
      subnet("b"),
      subnet("c"),
      subnet("ext", { "router:external": true, network_name: "public" }),
      subnet("nogw", { gateway_ip: null }),
    ];
    const r1 = router("r1", "r1", ["b"]);
    const r2 = router("r2", "", ["c"]);
    expect(interfaceSubnetOptions(subnets, r1, [r1, r2])).toEqual([
      { value: "a", label: "selfservice: 10.0.1.0/24 (a-subnet)" },
      { value: "c", label: "selfservice: 10.0.0.0/24 (c-subnet), on router r2", disabled: true },
    ]);
  });
});
