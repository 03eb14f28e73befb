import { describe, expect, it } from "vitest";
import { type AmphoraRows, amphoraPlug, desiredPlan, type NetworkRows, portMac } from "./desired";
import * as names from "./names";
import { checkPlan } from "./plan-schema";

const id = (n: number) => `${String(n).padStart(8, "0")}-0000-4000-8000-000000000000`;
const PUBLIC = id(1);
const SELF = id(2);
const BACK = id(3);
const ALT = id(4);
const settings = { prefix: "t1", externalCidr: "198.18.1.0/24", upstreamGateway: null, underlayCidr: "198.19.1.0/24", vxlan: { port: 4801, group: "239.1.1.1" } };
const ip = (port: number, network: string, subnet: string, address: string) => ({ port_id: id(port), network_id: network, subnet_id: subnet, ip_address: address });

function rows(): NetworkRows {
  return {
    networks: [
      { id: PUBLIC, segmentation_id: 1 },
      { id: SELF, segmentation_id: 2 },
      { id: BACK, segmentation_id: 3 },
      { id: ALT, segmentation_id: 4 },
    ],
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
  };
}

/** An amphora's rows as loadAmphoraRows reads them: its ports' subnets and networks, and the external subnet. */
function amphoraRows(amphoraId: string, vip: ReturnType<typeof ip>, legs: ReturnType<typeof ip>[]): AmphoraRows {
  const all = rows();
  const own = [vip, ...legs];
  return {
    amphora_id: amphoraId,
    vip,
    legs,
    networks: all.networks.filter((n) => own.some((p) => p.network_id === n.id)),
    subnets: all.subnets.filter((s) => own.some((p) => p.subnet_id === s.id) || s.cidr === settings.externalCidr),
  };
}

describe("desiredPlan", () => {
  const plan = desiredPlan(rows(), settings);
  const ns = (kind: names.NamespaceKind, n: number) => plan.namespaces.find((x) => x.name === names.namespaceName("t1", kind, id(n)))!;

  it("is a plan the engine accepts, and the same rows give the same plan", () => {
    expect(() => checkPlan(plan)).not.toThrow();
    expect(desiredPlan(rows(), settings)).toEqual(plan);
  });

  it("gives every network a bridge, the host an address on the external one and on the underlay only, and each tenant network its VXLAN segment", () => {
    expect(plan.bridges).toHaveLength(5);
    expect(plan.bridges.filter((b) => b.hostAddress)).toEqual([
      { name: names.underlayBridgeName("t1"), hostAddress: "198.19.1.1/24", mtu: 9000, snooping: false },
      { name: names.bridgeName("t1", PUBLIC), hostAddress: "198.18.1.1/24" },
    ]);
    const self = plan.bridges.find((b) => b.name === names.bridgeName("t1", SELF))!;
    expect(self.vxlan).toEqual({ name: names.vxlanName("t1", SELF), vni: 2, local: "198.19.1.1", group: "239.1.1.1", device: names.underlayBridgeName("t1"), port: 4801 });
    // The external network is flat: no segment of its own.
    expect(plan.bridges.find((b) => b.name === names.bridgeName("t1", PUBLIC))!.vxlan).toBeUndefined();
  });

  it("cables each of this machine's amphora hosts to the underlay (its address, jumbo frames) and to the external network, and plans nothing else inside", () => {
    const hosts = desiredPlan(rows(), settings, [{ id: id(70), address: "198.19.1.11" }]);
    const host = hosts.namespaces.find((n) => n.kind === "host")!;
    expect(host.name).toBe(names.namespaceName("t1", "host", id(70)));
    expect(host.ports.map((p) => [p.ifname, p.bridge, p.addresses, p.mtu])).toEqual([
      [names.HOST_UNDERLAY_IFNAME, names.underlayBridgeName("t1"), ["198.19.1.11/24"], 9000],
      [names.HOST_PROVIDER_IFNAME, names.bridgeName("t1", PUBLIC), [], undefined],
    ]);
    expect(host.ports.every((p) => names.isHostCable("t1", p.hostIfname))).toBe(true);
    expect(() => checkPlan(hosts)).not.toThrow();
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

  it("puts an amphora's VIP on eth1 and a leg on each member network, with a default route via the VIP's router, in a namespace named for the amphora", () => {
    const plug = amphoraPlug(amphoraRows(id(50), ip(52, SELF, id(12), "10.0.0.20"), [ip(53, BACK, id(13), "10.0.1.30")]), settings);
    const amphora = plug.namespace;
    expect(amphora.name).toBe(names.namespaceName("t1", "amphora", id(50)));
    expect(plug.segments).toEqual([
      { network_id: SELF, vni: 2 },
      { network_id: BACK, vni: 3 },
    ]);
    expect(amphora.ports.map((p) => [p.ifname, p.bridge, p.addresses])).toEqual([
      ["eth1", names.bridgeName("t1", SELF), ["10.0.0.20/24"]],
      [names.amphoraLegIfname(BACK), names.bridgeName("t1", BACK), ["10.0.1.30/24"]],
    ]);
    expect(amphora.routes).toEqual([{ destination: "default", via: "10.0.0.1" }]);
    expect(amphora.ports[0]!.mac).toBe(portMac("10.0.0.20"));
    expect(portMac("10.0.0.20")).toBe("fa:16:0a:00:00:14");
    expect(amphora.nftables).toBeNull();
  });

  it("walls an amphora on the external network off from the host and gives it no default route; its segment is the flat network", () => {
    const plug = amphoraPlug(amphoraRows(id(56), ip(55, PUBLIC, id(11), "198.18.1.60"), []), settings);
    expect(plug.segments).toEqual([{ network_id: PUBLIC, vni: null }]);
    const onPublic = plug.namespace;
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
