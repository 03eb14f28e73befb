import { describe, expect, it } from "vitest";
import { desiredPlan, type NetworkRows, portMac } from "./desired";
import * as names from "./names";
import { checkPlan } from "./plan-schema";

const id = (n: number) => `${String(n).padStart(8, "0")}-0000-4000-8000-000000000000`;
const PUBLIC = id(1);
const SELF = id(2);
const BACK = id(3);
const ALT = id(4);
const settings = { prefix: "t1", externalCidr: "198.18.1.0/24", upstreamGateway: null };
const ip = (port: number, network: string, subnet: string, address: string) => ({ port_id: id(port), network_id: network, subnet_id: subnet, ip_address: address });

function rows(): NetworkRows {
  return {
    networks: [{ id: PUBLIC }, { id: SELF }, { id: BACK }, { id: ALT }],
    subnets: [
      { id: id(11), network_id: PUBLIC, cidr: "198.18.1.0/24", gateway_ip: "198.18.1.1" },
      { id: id(12), network_id: SELF, cidr: "10.0.0.0/24", gateway_ip: "10.0.0.1" },
      { id: id(13), network_id: BACK, cidr: "10.0.1.0/24", gateway_ip: "10.0.1.1" },
      // Another project's subnet with the same CIDR as selfservice: its own bridge, no clash.
      { id: id(14), network_id: ALT, cidr: "10.0.0.0/24", gateway_ip: "10.0.0.1" },
    ],
    routers: [{ id: id(21), enable_snat: true, gateway: ip(31, PUBLIC, id(11), "198.18.1.10"), interfaces: [ip(32, SELF, id(12), "10.0.0.1"), ip(33, BACK, id(13), "10.0.1.1")] }],
    floatingIps: [{ id: id(60), floating_ip_address: "198.18.1.50", fixed_ip_address: "10.0.0.20", router_id: id(21), status: "ACTIVE" }],
    instances: [
      { id: id(41), port: ip(42, SELF, id(12), "10.0.0.11") },
      { id: id(43), port: ip(44, ALT, id(14), "10.0.0.11") },
    ],
    amphorae: [
      { loadbalancer_id: id(51), vip: ip(52, SELF, id(12), "10.0.0.20"), legs: [ip(53, BACK, id(13), "10.0.1.30")] },
      { loadbalancer_id: id(54), vip: ip(55, PUBLIC, id(11), "198.18.1.60"), legs: [] },
    ],
  };
}

describe("desiredPlan", () => {
  const plan = desiredPlan(rows(), settings);
  const ns = (kind: names.NamespaceKind, n: number) => plan.namespaces.find((x) => x.name === names.namespaceName("t1", kind, id(n)))!;

  it("is a plan the engine accepts, and the same rows give the same plan", () => {
    expect(() => checkPlan(plan)).not.toThrow();
    expect(desiredPlan(rows(), settings)).toEqual(plan);
  });

  it("gives every network a bridge and the host an address on the external one only", () => {
    expect(plan.bridges).toHaveLength(4);
    expect(plan.bridges.filter((b) => b.hostAddress)).toEqual([{ name: names.bridgeName("t1", PUBLIC), hostAddress: "198.18.1.1/24" }]);
  });

  it("makes a router a forwarding namespace with its floating IP on the gateway port and NAT for it", () => {
    const router = ns("router", 21);
    expect(router.forwarding).toBe(true);
    const gw = router.ports.find((p) => p.ifname === names.routerGatewayIfname(id(31)))!;
    expect(gw.addresses).toEqual(["198.18.1.10/24", "198.18.1.50/32"]);
    expect(gw.bridge).toBe(names.bridgeName("t1", PUBLIC));
    expect(router.ports.map((p) => p.addresses[0])).toEqual(["198.18.1.10/24", "10.0.0.1/24", "10.0.1.1/24"]);
    expect(router.nftables).toContain("ip daddr 198.18.1.50 dnat to 10.0.0.20");
    expect(router.nftables).toContain("ip saddr 10.0.0.0/24 snat to 198.18.1.10");
    // Tenants answer the host, never open a connection to it.
    expect(router.nftables).toContain("ip daddr 198.18.1.1 ct state new drop");
    // Nothing beyond the external subnet unless an operator names an upstream gateway.
    expect(router.routes).toEqual([]);
    const upstream = desiredPlan(rows(), { ...settings, upstreamGateway: "198.18.1.254" });
    expect(upstream.namespaces.find((x) => x.kind === "router")!.routes).toEqual([{ destination: "default", via: "198.18.1.254" }]);
  });

  it("puts an amphora's VIP on eth1 and a leg on each member network, with a default route via the VIP's router", () => {
    const amphora = ns("amphora", 51);
    expect(amphora.ports.map((p) => [p.ifname, p.bridge, p.addresses])).toEqual([
      ["eth1", names.bridgeName("t1", SELF), ["10.0.0.20/24"]],
      [names.amphoraLegIfname(BACK), names.bridgeName("t1", BACK), ["10.0.1.30/24"]],
    ]);
    expect(amphora.routes).toEqual([{ destination: "default", via: "10.0.0.1" }]);
    expect(amphora.ports[0]!.mac).toBe(portMac("10.0.0.20"));
    expect(portMac("10.0.0.20")).toBe("fa:16:0a:00:00:14");
    expect(amphora.nftables).toBeNull();
  });

  it("walls an amphora on the external network off from the host and gives it no default route", () => {
    const onPublic = ns("amphora", 54);
    expect(onPublic.routes).toEqual([]);
    expect(onPublic.nftables).toContain("ip daddr 198.18.1.1 ct state new drop");
  });

  it("keeps two projects' instances on the same address apart, each on its own bridge", () => {
    const [a, b] = [ns("instance", 41), ns("instance", 43)];
    expect(a.ports[0]!.addresses).toEqual(b.ports[0]!.addresses);
    expect(a.ports[0]!.bridge).not.toBe(b.ports[0]!.bridge);
    expect(a.ports[0]!.hostIfname).not.toBe(b.ports[0]!.hostIfname);
    expect(a.routes).toEqual([{ destination: "default", via: "10.0.0.1" }]);
  });

  it("refuses a port whose subnet has no row (a bug upstream, said plainly)", () => {
    const broken = rows();
    broken.instances.push({ id: id(45), port: ip(46, SELF, id(99), "10.0.0.12") });
    expect(() => desiredPlan(broken, settings)).toThrow(/subnet .* which has no row/);
  });
});
