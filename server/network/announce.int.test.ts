import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ipJson, listNamespaces } from "@/server/network/iproute";
import { bridgeName, namespaceName, routerInterfaceIfname } from "@/server/network/names";
import { eventually, type Stack, startStack } from "@/server/testing/stack";

// The Neutron verbs change the host with no further call: a router, a network, an interface made
// or removed through the API is announced in its transaction, and the network reconciler makes
// (or removes) the namespace, bridge and port, well before its 30 s interval would.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const namespaces = async () => new Set((await listNamespaces()).map((n) => n.name));
const hostLinks = async () => new Set((await ipJson<{ ifname: string }>(["link", "show"])).map((l) => l.ifname));
const addressesIn = async (ns: string) =>
  (await ipJson<{ ifname: string; addr_info?: { local: string; prefixlen: number }[] }>(["addr", "show"], ns)).flatMap((l) =>
    (l.addr_info ?? []).map((a) => `${l.ifname} ${a.local}/${a.prefixlen}`),
  );

describe("a router made through the API", () => {
  it("becomes a qrouter namespace with its interface, and goes with its deletion", async () => {
    const network = await stack.api.network.create.mutate({ name: "announced" });
    const bridge = bridgeName(stack.net.prefix, network.id);
    await eventually(async () => ((await hostLinks()).has(bridge) ? true : undefined), 10_000, `bridge ${bridge}`);

    const subnet = await stack.api.subnet.create.mutate({ network_id: network.id, name: "announced-subnet", cidr: "10.9.0.0/24" });
    const router = await stack.api.routers.create.mutate({ name: "announced-router", external_gateway_info: { network_id: stack.publicSubnet.network_id } });
    const ns = namespaceName(stack.net.prefix, "router", router.id);
    await eventually(async () => ((await namespaces()).has(ns) ? true : undefined), 10_000, `namespace ${ns}`);

    const itf = await stack.api.routers.addInterface.mutate({ id: router.id, subnet_id: subnet.id });
    const qr = routerInterfaceIfname(itf.port_id);
    await eventually(async () => ((await addressesIn(ns)).includes(`${qr} 10.9.0.1/24`) ? true : undefined), 10_000, `${qr} with 10.9.0.1/24`);

    await stack.api.routers.removeInterface.mutate({ id: router.id, subnet_id: subnet.id });
    await eventually(async () => ((await addressesIn(ns)).some((a) => a.startsWith(`${qr} `)) ? undefined : true), 10_000, `${qr} removed`);
    await stack.api.routers.delete.mutate({ id: router.id });
    await eventually(async () => ((await namespaces()).has(ns) ? undefined : true), 10_000, `namespace ${ns} removed`);

    await stack.api.subnet.delete.mutate({ id: subnet.id });
    await stack.api.network.delete.mutate({ id: network.id });
    await eventually(async () => ((await hostLinks()).has(bridge) ? undefined : true), 10_000, `bridge ${bridge} removed`);
    expect(await namespaces()).not.toContain(ns);
  });
});
