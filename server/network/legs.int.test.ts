import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ports } from "@/db/schema";
import { LEG_PORT_NAME, syncAmphoraLegs } from "@/server/network/amphora-legs";
import { desiredPlan } from "@/server/network/desired";
import { ipJson } from "@/server/network/iproute";
import { amphoraLegIfname, namespaceName } from "@/server/network/names";
import { loadAmphoraRows, loadNetworkRows } from "@/server/network/rows";
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
    const ns = namespaceName(stack.net.prefix, "amphora", lb.id);
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

  it("plugs an amphora from its own rows into the very namespace the full pass plans for it", async () => {
    // One with a leg on backend, one with its VIP on the external network (walled off the host).
    const withLeg = await stack.api.loadBalancer.create.mutate(httpGraph("own-rows-leg", stack.selfservice.id, [stack.db1.fixed_ip]));
    const external = await stack.api.loadBalancer.create.mutate(httpGraph("own-rows-ext", stack.publicSubnet.id, [stack.web1.fixed_ip]));
    await stack.untilActive(withLeg.id);
    await stack.untilActive(external.id);
    const full = desiredPlan(await loadNetworkRows(stack.db), stack.networkSettings);
    for (const lb of [withLeg, external]) {
      const own = await loadAmphoraRows(stack.db, lb.id, (await syncAmphoraLegs(stack.db, lb.id)).legs, stack.networkSettings.externalCidr);
      const alone = desiredPlan(own!, stack.networkSettings);
      const name = namespaceName(stack.net.prefix, "amphora", lb.id);
      expect(alone.namespaces).toEqual([full.namespaces.find((n) => n.name === name)]);
      // Every bridge it plugs into, as the full pass plans it (the host's address included).
      const used = new Set(alone.namespaces[0]!.ports.map((p) => p.bridge));
      expect(alone.bridges.filter((b) => used.has(b.name))).toEqual(full.bridges.filter((b) => used.has(b.name)));
    }
    const walled = desiredPlan((await loadAmphoraRows(stack.db, external.id, [], stack.networkSettings.externalCidr))!, stack.networkSettings);
    expect(walled.namespaces[0]!.nftables).not.toBeNull();
  });
});
