import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projects } from "@/db/schema";
import { startRestWorld } from "@/server/rest/tests/rest-server";
import { expectRejection, httpGraph, markTreeActive } from "@/server/testing/fixtures";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";

// Tenant isolation of members, as the API sees it: as `alt`, a member may be any address but the
// control plane's (Octavia's rule), yet it is only ever on a subnet alt may use (its own on
// alt-net, or demo's shared public subnet): naming demo's private subnet is refused, and an
// address of it lands on no subnet (no leg into demo's network; server/network/tests/isolation
// shows nothing reaches it). Through every way a member is written (member create, update, batch
// update, graph create) and through Octavia's REST door. alt's subnet is the same 10.0.0.0/24 as
// demo's selfservice, on a network of its own: what counts is the subnet's network, not its range.

let world: Awaited<ReturnType<typeof startRestWorld>>;
let alt: ReturnType<typeof createCaller>;
let altId: string;
let altSubnet: { id: string; name: string; cidr: string; gateway_ip: string | null };
let altToken: string;
/** alt's load balancer on its subnet (ACTIVE), with one pool and one member on that subnet. */
let lbId: string;
let poolId: string;

/** An address of alt's subnet (10.0.0.<host>). */
const altAddress = (host: number) => hostOf(altSubnet.cidr, host);
/** The address `host` of a /24. */
const hostOf = (cidr: string, host: number) => `${cidr.split(".").slice(0, 3).join(".")}.${host}`;
const settle = () => markTreeActive({ ...world.w, projectId: altId }, lbId);

beforeAll(async () => {
  world = await startRestWorld();
  const [project] = await world.w.db.select({ id: projects.id }).from(projects).where(eq(projects.name, "alt"));
  altId = project!.id;
  alt = createCaller(createInnerContext({ db: world.w.db, projectId: altId, feed: world.w.feed }));
  // alt's own subnet: the one on its network alt-net (its name is no contract).
  const subnet = (await alt.subnet.list()).find((s) => s.network_name === "alt-net" && s.project_id === altId);
  altSubnet = subnet!;
  altToken = await world.rest.token("alt", "demo-pw-1", "alt");
  const lb = await alt.loadBalancer.create(httpGraph("alt-lb", altSubnet.id, [altAddress(20)]));
  lbId = lb.id;
  poolId = lb.pools[0]!.id;
  await settle();
});
afterAll(async () => {
  await world?.close();
});

describe("a member at an address of another project's private subnet", () => {
  it("is on no subnet in a graph create, as address and as monitor_address", async () => {
    const db1 = world.w.db1.fixed_ip;
    const graph = httpGraph("reach", altSubnet.id, [db1]);
    graph.listeners[0]!.default_pool.members.push({ address: altAddress(21), protocol_port: 80, monitor_address: db1 } as never);
    const lb = await alt.loadBalancer.create(graph);
    const made = lb.pools[0]!.members;
    expect(made.map((m) => [m.address, m.subnet_id, m.monitor_address]).sort()).toEqual([
      [db1, null, null],
      [altAddress(21), altSubnet.id, db1],
    ].sort());
    await markTreeActive({ ...world.w, projectId: altId }, lb.id);
    await alt.loadBalancer.delete({ id: lb.id, cascade: true });
  });

  it("is on no subnet on member create, and refused when it names demo's subnet", async () => {
    const db1 = world.w.db1.fixed_ip;
    await expectRejection(
      alt.member.create({ pool_id: poolId, address: db1, protocol_port: 80, subnet_id: world.w.backend.id }),
      "BAD_REQUEST",
      `Subnet ${world.w.backend.id} not found.`,
    );
    const member = await alt.member.create({ pool_id: poolId, address: db1, protocol_port: 80 });
    expect(member.subnet_id).toBeNull();
    await settle();
    await alt.member.delete({ id: member.id });
    await settle();
  });
});

describe("the control plane", () => {
  it.each([
    ["127.0.0.1", "the API, the database and the health-report port listen there"],
    ["169.254.169.254", "the metadata service"],
  ])("refuses a member at %s (%s)", async (address) => {
    await expectRejection(
      alt.member.create({ pool_id: poolId, address, protocol_port: 3000 }),
      "BAD_REQUEST",
      `${address} is not a valid option for member address: it is an address of the control plane.`,
    );
  });

  it("refuses a subnet's gateway, where no instance is", async () => {
    await expectRejection(
      alt.member.create({ pool_id: poolId, address: altSubnet.gateway_ip!, protocol_port: 80 }),
      "BAD_REQUEST",
      `Member address ${altSubnet.gateway_ip} is the gateway of subnet ${altSubnet.name}, not an instance on it.`,
    );
  });
});

describe("members on subnets alt may use", () => {
  it("refuses demo's selfservice by name: web1's address, which alt's own range also holds, is alt's own subnet or nothing", async () => {
    const web1 = world.w.web1.fixed_ip;
    await expectRejection(
      alt.member.create({ pool_id: poolId, address: web1, protocol_port: 80, subnet_id: world.w.selfservice.id }),
      "BAD_REQUEST",
      `Subnet ${world.w.selfservice.id} not found.`,
    );
    // Unnamed, the address is looked up among alt's subnets only: the member is on alt-net.
    const own = await alt.member.create({ pool_id: poolId, address: web1, protocol_port: 80 });
    expect(own.subnet_id).toBe(altSubnet.id);
    await settle();
  });

  it("accepts alt's own subnet and the shared public subnet, and stores the subnet each lies in", async () => {
    const own = await alt.member.create({ pool_id: poolId, address: altAddress(30), protocol_port: 80 });
    expect(own.subnet_id).toBe(altSubnet.id);
    await settle();
    const shared = hostOf(world.w.publicSubnet.cidr, 30);
    const onPublic = await alt.member.create({ pool_id: poolId, address: shared, protocol_port: 80, monitor_address: altAddress(31) });
    expect(onPublic).toMatchObject({ subnet_id: world.w.publicSubnet.id, monitor_address: altAddress(31) });
    await settle();
    const graph = await alt.loadBalancer.create(httpGraph("own", altSubnet.id, [altAddress(40), shared]));
    expect(graph.pools[0]!.members.map((m) => m.subnet_id)).toEqual([altSubnet.id, world.w.publicSubnet.id]);
  });
});

describe("Octavia's REST door", () => {
  const V = "/load-balancer/v2/lbaas";

  it("answers 400 with the rule's faultstring for a member create naming demo's subnet and a batch update at the control plane, as alt", async () => {
    const db1 = world.w.db1.fixed_ip;
    const backend = world.w.backend.id;
    const created = await world.rest.call("POST", `${V}/pools/${poolId}/members`, { token: altToken, body: { member: { address: db1, protocol_port: 80, subnet_id: backend } } });
    expect({ status: created.status, body: created.body }).toMatchObject({ status: 400, body: { faultcode: "Client", faultstring: `Subnet ${backend} not found.` } });
    const batch = await world.rest.call("PUT", `${V}/pools/${poolId}/members`, { token: altToken, body: { members: [{ address: "127.0.0.1", protocol_port: 3000 }] } });
    expect({ status: batch.status, body: batch.body }).toMatchObject({
      status: 400,
      body: { faultstring: "127.0.0.1 is not a valid option for member address: it is an address of the control plane." },
    });
  });

  it("creates a member on alt's subnet and returns the subnet it found", async () => {
    const res = await world.rest.call<{ member: { subnet_id: string } }>("POST", `${V}/pools/${poolId}/members`, {
      token: altToken,
      body: { member: { address: altAddress(50), protocol_port: 80 } },
    });
    expect({ status: res.status, subnet_id: res.body.member?.subnet_id }).toEqual({ status: 201, subnet_id: altSubnet.id });
    await settle();
  });
});
