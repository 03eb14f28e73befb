import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { networks, ports } from "@/db/schema";
import { LEG_PORT_NAME } from "@/server/network/amphora-legs";
import { run } from "@/server/network/command";
import { localHostUnderlayAddress } from "@/server/network/desired";
import { ipJson } from "@/server/network/iproute";
import { amphoraLegIfname, bridgeName, HOST_PROVIDER_IFNAME, hostVethName, vxlanName } from "@/server/network/names";
import { httpGraph } from "@/server/testing/fixtures";
import { eventually, fetchBodies, type Stack, startStack } from "@/server/testing/stack";

// Octavia's plug_network, for real: an amphora whose VIP is on selfservice gets a leg on backend
// when a member is there (db1, reached through it and through nothing else), and loses it when
// the last member on backend goes.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const linksIn = async (ns: string) => (await ipJson<{ ifname: string }>(["link", "show"], ns)).map((l) => l.ifname);
const legPorts = (lbId: string) =>
  stack.db
    .select({ subnet_id: ports.subnet_id, ip: ports.ip_address })
    .from(ports)
    .where(and(eq(ports.device_owner, "Octavia"), eq(ports.device_id, lbId), eq(ports.name, LEG_PORT_NAME)));

describe("an amphora's legs", () => {
  it("plugs a leg into a member's other network, carries traffic over it, and unplugs it when the last member there goes", async () => {
    // db1's address lies in backend: the member's subnet, and the amphora's leg, follow from it.
    const lb = await stack.api.loadBalancer.create.mutate(httpGraph("legs", stack.selfservice.id, [stack.db1.fixed_ip]));
    await stack.untilActive(lb.id);
    const ns = await stack.amphoraNamespace(lb.id);
    const leg = amphoraLegIfname(stack.backend.network_id);
    expect(await linksIn(ns)).toEqual(expect.arrayContaining(["lo", "eth1", leg]));
    const [port] = await legPorts(lb.id);
    expect(port?.subnet_id).toBe(stack.backend.id);

    const fip = await stack.reach(lb);
    expect(await fetchBodies(`http://${fip}/`, 3)).toEqual(["db1", "db1", "db1"]);

    // Swap the backend member for web1, on the VIP's own subnet: the backend leg has no use left.
    const poolId = lb.pools[0]!.id;
    const [db1Member] = (await stack.api.member.list.query({ pool_id: poolId })).items;
    await stack.api.member.create.mutate({ pool_id: poolId, address: stack.web1.fixed_ip, protocol_port: 80 });
    await stack.untilActive(lb.id);
    await stack.api.member.delete.mutate({ id: db1Member!.id });
    await stack.untilActive(lb.id);
    expect(await legPorts(lb.id)).toEqual([]);
    expect(await linksIn(ns)).not.toContain(leg);
    expect(new Set(await eventually(async () => fetchBodies(`http://${fip}/`, 3).catch(() => undefined), 10_000, "web1 through the floating IP"))).toEqual(
      new Set(["web1"]),
    );
  });

  it("plugs an amphora on its host: its ports on the host's bridges, each tenant network a VXLAN segment of its VNI, the external network flat", async () => {
    // One with a leg on backend, one with its VIP on the external network (walled off the host).
    const withLeg = await stack.api.loadBalancer.create.mutate(httpGraph("host-leg", stack.selfservice.id, [stack.db1.fixed_ip]));
    const external = await stack.api.loadBalancer.create.mutate(httpGraph("host-ext", stack.publicSubnet.id, [stack.web1.fixed_ip]));
    await stack.untilActive(withLeg.id);
    await stack.untilActive(external.id);
    const host = stack.hosts[0]!;
    const prefix = stack.net.prefix;
    const vni = async (networkId: string) => (await stack.db.select({ v: networks.segmentation_id }).from(networks).where(eq(networks.id, networkId)))[0]!.v;
    type Link = { ifname: string; master?: string; linkinfo?: { info_kind?: string; info_data?: { id?: number; local?: string } } };
    const hostLinks = new Map((await ipJson<Link>(["-d", "link", "show"], host.namespace)).map((l) => [l.ifname, l]));
    for (const networkId of [stack.selfservice.network_id, stack.backend.network_id]) {
      // The host's endpoint of the network's segment: its VNI, from the host's own underlay address.
      const vxlan = hostLinks.get(vxlanName(prefix, networkId));
      expect(vxlan?.linkinfo?.info_kind).toBe("vxlan");
      expect(vxlan?.linkinfo?.info_data?.id).toBe(await vni(networkId));
      expect(vxlan?.linkinfo?.info_data?.local).toBe(localHostUnderlayAddress(stack.net.underlayCidr, 1));
      expect(vxlan?.master).toBe(bridgeName(prefix, networkId));
    }
    // The network node's end of the same segment.
    const [nodeEnd] = await ipJson<Link>(["-d", "link", "show", "dev", vxlanName(prefix, stack.selfservice.network_id)]);
    expect(nodeEnd?.linkinfo?.info_data?.id).toBe(await vni(stack.selfservice.network_id));
    // The external network is flat: the host's provider port is a port of its external bridge.
    expect(hostLinks.get(HOST_PROVIDER_IFNAME)?.master).toBe(bridgeName(prefix, stack.publicSubnet.network_id));
    // Each amphora port's other end is on the host, in its network's bridge.
    const ns = await stack.amphoraNamespace(withLeg.id);
    for (const [ifname, networkId] of [["eth1", stack.selfservice.network_id], [amphoraLegIfname(stack.backend.network_id), stack.backend.network_id]] as const) {
      expect(hostLinks.get(hostVethName(prefix, ns, ifname))?.master).toBe(bridgeName(prefix, networkId));
    }
    // The one on the external network may not open a connection to the host's own address.
    const ruleset = await run("nsenter", [`--net=/run/netns/${await stack.amphoraNamespace(external.id)}`, "nft", "list", "ruleset"]);
    expect(ruleset).toContain(`ip daddr ${stack.publicSubnet.gateway_ip} ct state new drop`);
    // And both serve through it all.
    expect(await fetchBodies(`http://${await stack.reach(withLeg)}/`, 2)).toEqual(["db1", "db1"]);
    expect(await fetchBodies(`http://${external.vip_address}/`, 2)).toEqual(["web1", "web1"]);
  });
});
