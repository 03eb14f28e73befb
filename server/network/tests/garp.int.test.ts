import { eq } from "drizzle-orm";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instances } from "@/db/schema";
import { portMac } from "@/server/network/desired";
import { assertLocalPath } from "@/server/network/host-guard";
import { ipJson } from "@/server/network/iproute";
import { bridgeName } from "@/server/network/names";
import { eventually, fetchBodies, type Stack, startStack } from "@/server/testing/stack";

// A floating IP that moves from one router to another changes MAC (it rides on each router's
// gateway port, whose MAC follows that port's own address). The router that takes it announces
// it with a gratuitous ARP, so the host, which still has it on the first router's port, sends
// to the new one at once instead of into a router that no longer forwards it for as long as
// its neighbour entry lives.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 180_000);
afterAll(() => stack?.close());

const portOf = async (instanceId: string) => {
  const [row] = await stack.db.select({ port_id: instances.port_id }).from(instances).where(eq(instances.id, instanceId));
  return row!.port_id!;
};

describe("a floating IP moved to another router", () => {
  it("is announced by the router that takes it: the host's neighbour entry follows before the host sends anything", async () => {
    const network = await stack.api.network.create.mutate({ name: "garp" });
    const subnet = await stack.api.subnet.create.mutate({ network_id: network.id, name: "garp-subnet", cidr: "10.9.0.0/24" });
    const router2 = await stack.api.routers.create.mutate({ name: "garp-router", external_gateway_info: { network_id: stack.publicSubnet.network_id } });
    await stack.api.routers.addInterface.mutate({ id: router2.id, subnet_id: subnet.id });
    const behind = await stack.tenantServer({ subnet, name: "behind-router2", port: 80, server: http.createServer((_req, res) => res.end("router2\n")) });
    const router1 = (await stack.api.routers.list.query()).find((r) => r.name === "router1")!;
    const gatewayMac = (r: typeof router1) => portMac(r.external_gateway_info!.external_fixed_ips[0]!.ip_address);
    const [r1Mac, r2Mac] = [gatewayMac(router1), gatewayMac(router2)];

    const fip = await stack.api.floatingIp.allocate.mutate({ floating_network_id: stack.publicSubnet.network_id });
    const address = fip.floating_ip_address;
    const untilActive = () =>
      eventually(async () => ((await stack.api.floatingIp.list.query()).find((f) => f.id === fip.id)?.status === "ACTIVE" ? true : undefined), 20_000, `${address} ACTIVE`);
    await stack.api.floatingIp.associate.mutate({ id: fip.id, port_id: await portOf(stack.web1.id) });
    await untilActive();
    await assertLocalPath(address, stack.net.prefix);
    expect(await fetchBodies(`http://${address}/`, 2)).toEqual(["web1", "web1"]);
    // The host has it on router1's gateway port now.
    const external = bridgeName(stack.net.prefix, stack.publicSubnet.network_id);
    const hostEntry = async () => (await ipJson<{ lladdr?: string }>(["neigh", "show", address, "dev", external]))[0]?.lladdr;
    expect(await hostEntry()).toBe(r1Mac);

    await stack.api.floatingIp.disassociate.mutate({ id: fip.id });
    await stack.api.floatingIp.associate.mutate({ id: fip.id, port_id: await portOf(behind.instanceId) });
    await untilActive();
    // Announced: the entry is router2's port before the host sends a packet there (unannounced,
    // it would stay router1's for the 15-45 s an entry stays reachable).
    await eventually(async () => ((await hostEntry()) === r2Mac ? true : undefined), 5_000, `the host's entry for ${address} on router2's port (${r2Mac})`);
    expect(await fetchBodies(`http://${address}/`, 2)).toEqual(["router2", "router2"]);

    await stack.api.floatingIp.disassociate.mutate({ id: fip.id });
    await behind.close();
  });
});
