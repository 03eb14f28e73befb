import { eq } from "drizzle-orm";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ports } from "@/db/schema";
import { LEG_PORT_NAME } from "@/server/network/amphora-legs";
import { allocatePort } from "@/server/cloud/ipam";
import { hostLinks, ipJson, listNamespaces } from "@/server/network/iproute";
import { amphoraLegIfname, AMPHORA_VIP_IFNAME, hostVethName, namespaceName, ownedBy } from "@/server/network/names";
import { expectRejection, httpGraph } from "@/server/testing/fixtures";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";
import { eventually, fetchBodies, type Stack, startStack } from "@/server/testing/stack";

// What a load balancer leaves on the host when it goes, and what the network does when its
// amphora's namespace is taken away by hand: a deleted load balancer leaves no namespace, no
// veth, no DNAT and no port behind; a namespace deleted under a running HAProxy is made again
// by the reconciler, and HAProxy is started again inside it; a change refused in Neutron's words
// leaves nothing half-made.

let stack: Stack;
let routerNs: string;

beforeAll(async () => {
  stack = await startStack();
  const [router1] = await stack.api.routers.list.query();
  routerNs = namespaceName(stack.net.prefix, "router", router1!.id);
}, 180_000); // a whole stack's start on a host other test runs keep busy
afterAll(() => stack?.close());

/** This world's namespaces and host links, by name. */
const netnsList = async () => (await listNamespaces()).map((n) => n.name).filter((n) => ownedBy(stack.net.prefix, n));
const hostLinkNames = async () => (await hostLinks()).map((l) => l.ifname).filter((n) => ownedBy(stack.net.prefix, n));
/** The links of the amphora host's namespace, where its amphorae's ports end. */
const amphoraHostLinkNames = async () => (await ipJson<{ ifname: string }>(["link", "show"], stack.hosts[0]!.namespace)).map((l) => l.ifname);
const routerRuleset = async () => (await execa("ip", ["netns", "exec", routerNs, "nft", "list", "ruleset"])).stdout;

/** A load balancer balancing web1 (on its VIP's subnet) and db1 (on backend: a member leg), ACTIVE and reached through a floating IP. */
async function servingLoadBalancer(name: string) {
  const lb = await stack.api.loadBalancer.create.mutate(httpGraph(name, stack.selfservice.id, [stack.web1.fixed_ip, stack.db1.fixed_ip]));
  await stack.untilActive(lb.id);
  const fip = await stack.reach(lb);
  expect(new Set(await fetchBodies(`http://${fip}/`, 4))).toEqual(new Set(["web1", "db1"]));
  return { lb, fip, ns: await stack.amphoraNamespace(lb.id) };
}

describe("an amphora's namespace deleted by hand", () => {
  it("is plugged again by its host when the controller's health pass restarts its HAProxy, and the load balancer serves again from inside it", async () => {
    const { lb, fip, ns } = await servingLoadBalancer("rebuilt");
    const before = (await stack.driver.status(lb.id)).pid;
    await execa("ip", ["netns", "del", ns]);
    // Its HAProxy now runs in a namespace nobody can name: not in its own, so it is restarted there.
    await eventually(async () => ((await netnsList()).includes(ns) ? true : undefined), 30_000, "the amphora's namespace made again");
    const bodies = await eventually(async () => {
      const got = await fetchBodies(`http://${fip}/`, 4).catch(() => undefined);
      return got && new Set(got).size === 2 ? got : undefined;
    }, 30_000, "the load balancer serving again");
    expect(new Set(bodies)).toEqual(new Set(["web1", "db1"]));
    const after = (await stack.driver.status(lb.id)).pid;
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect((await stack.api.loadBalancer.get.query({ id: lb.id })).provisioning_status).toBe("ACTIVE");
  });
});

describe("a deleted load balancer", () => {
  it("leaves no namespace, no veth, no DNAT for its floating IP and no port of its own", async () => {
    const { lb, fip, ns } = await servingLoadBalancer("leaves-nothing");
    const veths = [hostVethName(stack.net.prefix, ns, AMPHORA_VIP_IFNAME), hostVethName(stack.net.prefix, ns, amphoraLegIfname(stack.backend.network_id))];
    // What is there while it serves: the namespace, its VIP's and its leg's veths on its host, the router's DNAT, its ports.
    expect(await netnsList()).toContain(ns);
    expect(await amphoraHostLinkNames()).toEqual(expect.arrayContaining(veths));
    expect(await routerRuleset()).toContain(`ip daddr ${fip} dnat to ${lb.vip_address}`);
    const portsOf = () => stack.db.select({ id: ports.id, name: ports.name }).from(ports).where(eq(ports.device_id, lb.id));
    const held = await portsOf();
    expect(held).toHaveLength(2); // the VIP's and the backend leg's
    expect(held.map((p) => p.name)).toContain(LEG_PORT_NAME);

    await stack.api.loadBalancer.delete.mutate({ id: lb.id, cascade: true });
    await eventually(
      () => stack.api.loadBalancer.get.query({ id: lb.id }).then(() => undefined, (err: Error) => (/not found/i.test(err.message) ? true : undefined)),
      30_000,
      "the load balancer gone",
    );
    await eventually(async () => ((await netnsList()).includes(ns) ? undefined : true), 20_000, "its namespace gone");
    await eventually(async () => ((await routerRuleset()).includes(fip) ? undefined : true), 20_000, "the router's DNAT for its floating IP gone");
    const links = [...(await hostLinkNames()), ...(await amphoraHostLinkNames())];
    for (const veth of veths) expect(links).not.toContain(veth);
    expect(await portsOf()).toEqual([]);
    // The floating IP stays the project's, associated with nothing.
    const [kept] = (await stack.api.floatingIp.list.query()).filter((f) => f.floating_ip_address === fip);
    expect(kept).toMatchObject({ port_id: null, fixed_ip_address: null });
    // No HAProxy of its own runs on.
    expect(await stack.driver.list()).not.toContain(lb.id);
  });
});

describe("bad input in Neutron's words", () => {
  // Each refusal's wording is tested where its rule lives (server/cloud/routers.int.test.ts,
  // networks.int.test.ts); here: refused against the live network, nothing is half-made.
  it("refuses a router interface on a routed subnet, a floating IP without a router path and an overlapping subnet, and changes nothing", async () => {
    const admin = createCaller(createInnerContext({ db: stack.db, projectId: stack.projectId, feed: stack.feed, isAdmin: true }));
    const r2 = await admin.routers.create({ name: "second-router" });
    await admin.routers.setGateway({ id: r2.id, network_id: stack.publicSubnet.network_id });
    const island = await admin.network.create({ name: "island" });
    const islandSubnet = await admin.subnet.create({ network_id: island.id, name: "island-subnet", cidr: "10.9.0.0/24" });
    const lonely = await stack.db.transaction((tx) => allocatePort(tx, { subnet: islandSubnet, project_id: stack.projectId, device_owner: "compute:nova", name: "lonely" }));
    const fip = await admin.floatingIp.allocate({ floating_network_id: stack.publicSubnet.network_id });
    await stack.network.pass();
    const snapshot = async () => ({
      ports: (await stack.db.select({ id: ports.id }).from(ports)).map((p) => p.id).sort(),
      namespaces: (await netnsList()).sort(),
      links: (await hostLinkNames()).sort(),
      router1: await routerRuleset(),
    });
    const before = await snapshot();

    await expectRejection(
      admin.routers.addInterface({ id: r2.id, subnet_id: stack.selfservice.id }),
      "CONFLICT",
      `IP address ${stack.selfservice.gateway_ip} already allocated in subnet ${stack.selfservice.id}`,
    );
    await expectRejection(
      admin.floatingIp.associate({ id: fip.id, port_id: lonely.id }),
      "BAD_REQUEST",
      `External network ${stack.publicSubnet.network_id} is not reachable from subnet ${islandSubnet.id}. Therefore, cannot associate Port ${lonely.id} with a Floating IP.`,
    );
    await expectRejection(
      admin.subnet.create({ network_id: stack.selfservice.network_id, name: "overlapping", cidr: "10.0.0.128/25" }),
      "BAD_REQUEST",
      `Invalid input for operation: Requested subnet with cidr: 10.0.0.128/25 for network: ${stack.selfservice.network_id} overlaps with another subnet.`,
    );

    // The reconciler finds nothing to do, and nothing moved on the host or in the rows.
    const report = await stack.network.pass();
    expect({ created: report.created, changed: report.changed, removed: report.removed }).toEqual({ created: 0, changed: 0, removed: 0 });
    expect(await snapshot()).toEqual(before);
    expect((await admin.floatingIp.list()).find((f) => f.id === fip.id)).toMatchObject({ port_id: null, status: "DOWN" });
  });
});
