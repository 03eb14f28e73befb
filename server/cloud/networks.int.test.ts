import { POLICY_DENIED } from "@/server/identity/policy";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite } from "@/db/client";
import { instances, networks, ports, subnets } from "@/db/schema";
import { ensureProject } from "@/server/cloud/seed";
import { claimOctet } from "@/server/testing/address-ranges";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { expectRejection } from "@/server/testing/fixtures";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";
import { allocatePort, releasePort } from "./ipam";

// The admin's network.create / subnet.create (and delete), through the API: a /16 of its own
// that load balancers take VIPs from, Neutron's refusals, and the admin role they need.

let w: TestWorld;
let admin: ReturnType<typeof createCaller>;
let range: ReturnType<typeof claimOctet>;
let cidr: string; // 127.<range>.0.0/16, clear of the seeded 127.<world>.x.0/24 subnets
const at = (third: number, fourth: number) => `127.${range.octet}.${third}.${fourth}`;

beforeAll(async () => {
  w = await testWorld();
  admin = createCaller(createInnerContext({ db: w.db, projectId: w.projectId, feed: w.feed, isAdmin: true }));
  range = claimOctet();
  cidr = `127.${range.octet}.0.0/16`;
});
afterAll(async () => {
  await w?.close();
  range?.release();
});

/** One allocation, in its own transaction as the services make them. */
const allocate = (subnet: { id: string; network_id: string; name: string }) =>
  w.db.transaction((tx) => allocatePort(tx, { subnet, project_id: w.projectId, device_owner: "compute:nova" }));

describe("network.create and subnet.create", () => {
  let network: { id: string };
  let subnet: { id: string; network_id: string; name: string };

  it("lets the admin create a network and a /16 subnet that a load balancer takes its VIP from", async () => {
    network = await admin.network.create({ name: "bench" });
    expect(network).toMatchObject({ name: "bench", project_id: w.projectId, shared: false, "router:external": false, subnets: [] });
    subnet = await admin.subnet.create({ network_id: network.id, name: "bench-subnet", cidr });
    expect(subnet).toMatchObject({
      network_id: network.id,
      cidr,
      gateway_ip: at(0, 1),
      allocation_pools: [{ start: at(0, 2), end: at(255, 254) }],
      network_name: "bench",
    });
    expect((await w.caller.network.list()).find((n) => n.id === network.id)?.subnets).toEqual([subnet.id]);

    const lb = await w.caller.loadBalancer.create({ name: "on-the-16", vip_subnet_id: subnet.id });
    expect(lb).toMatchObject({ vip_subnet_id: subnet.id, vip_network_id: network.id, vip_address: at(0, 2) });
  });

  it("allocates across the /16 in order, one query per address, and fills a freed hole first", async () => {
    const started = Date.now();
    const addresses: string[] = [];
    for (let i = 0; i < 600; i++) addresses.push((await allocate(subnet)).ip_address);
    const perAllocation = (Date.now() - started) / 600;
    // Straight after the VIP at .0.2: .0.3 … .0.255, then .1.0 and on (inside a /16, x.255 and x.0 are hosts).
    expect(addresses[0]).toBe(at(0, 3));
    expect(addresses[252]).toBe(at(0, 255));
    expect(addresses[253]).toBe(at(1, 0));
    expect(addresses[599]).toBe(at(2, 90));
    expect(new Set(addresses).size).toBe(600);
    const [hole] = await w.db.select().from(ports).where(eq(ports.ip_address, at(1, 7)));
    await releasePort(w.db, hole!.id);
    expect((await allocate(subnet)).ip_address).toBe(at(1, 7));
    expect((await allocate(subnet)).ip_address).toBe(at(2, 91));
    console.log(`IPAM on a /16 with ~600 ports: ${perAllocation.toFixed(1)} ms per allocation`);
  });

  it("allocates from the next pool when one is full, and skips a gateway in between", async () => {
    const net = await admin.network.create({ name: "pools" });
    const sn = await admin.subnet.create({
      network_id: net.id,
      name: "pools-subnet",
      cidr: "127.0.0.0/24", // below every test world's octet; nothing binds these addresses here
      gateway_ip: "127.0.0.101",
      allocation_pools: [
        { start: "127.0.0.10", end: "127.0.0.11" },
        { start: "127.0.0.100", end: "127.0.0.100" },
        { start: "127.0.0.102", end: "127.0.0.103" },
      ],
    });
    const got = [];
    for (let i = 0; i < 5; i++) got.push((await allocate(sn)).ip_address);
    expect(got).toEqual(["127.0.0.10", "127.0.0.11", "127.0.0.100", "127.0.0.102", "127.0.0.103"]);
    await expect(allocate(sn)).rejects.toThrow("No more IP addresses available on subnet pools-subnet (127.0.0.0/24).");
  });

  it("refuses a non-admin with FORBIDDEN", async () => {
    await expectRejection(w.caller.network.create({ name: "mine" }), "FORBIDDEN", POLICY_DENIED);
    await expectRejection(
      w.caller.subnet.create({ network_id: network.id, name: "mine", cidr: "127.1.0.0/24" }),
      "FORBIDDEN",
      POLICY_DENIED,
    );
    await expectRejection(w.caller.subnet.delete({ id: subnet.id }), "FORBIDDEN", POLICY_DENIED);
    await expectRejection(w.caller.network.delete({ id: network.id }), "FORBIDDEN", POLICY_DENIED);
  });

  it("refuses a CIDR that overlaps another subnet of the same network, and lets other networks overlap (allow_overlapping_ips)", async () => {
    const other = await admin.network.create({ name: "other" });
    const overlaps = (c: string, net: string) =>
      `Invalid input for operation: Requested subnet with cidr: ${c} for network: ${net} overlaps with another subnet.`;
    await expectRejection(admin.subnet.create({ network_id: network.id, name: "x", cidr }), "BAD_REQUEST", overlaps(cidr, network.id));
    await expectRejection(admin.subnet.create({ network_id: network.id, name: "x", cidr: `${at(7, 0)}/24` }), "BAD_REQUEST", overlaps(`${at(7, 0)}/24`, network.id));
    // Another network is another segment: the same and overlapping ranges are its own.
    const same = await admin.subnet.create({ network_id: other.id, name: "same", cidr: w.selfservice.cidr });
    expect(same).toMatchObject({ network_id: other.id, cidr: w.selfservice.cidr, gateway_ip: w.selfservice.gateway_ip });
    const inside = await admin.subnet.create({ network_id: other.id, name: "inside", cidr: `${at(7, 0)}/24` });
    expect(inside.cidr).toBe(`${at(7, 0)}/24`);
    await expectRejection(admin.subnet.create({ network_id: other.id, name: "x", cidr: "127.0.0.0/8" }), "BAD_REQUEST", overlaps("127.0.0.0/8", other.id));
    await admin.subnet.delete({ id: same.id });
    await admin.subnet.delete({ id: inside.id });
    await admin.network.delete({ id: other.id });
  });

  it("lets only one of two concurrent overlapping creates through", async () => {
    const net = await admin.network.create({ name: "race" });
    const results = await Promise.allSettled([
      admin.subnet.create({ network_id: net.id, name: "a", cidr: "127.4.0.0/16" }),
      admin.subnet.create({ network_id: net.id, name: "b", cidr: "127.4.9.0/24" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [refused] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("overlaps with another subnet") });
  });

  it("refuses a malformed CIDR, a gateway outside it, and bad pools, with Neutron's messages", async () => {
    const c = (extra: Record<string, unknown>) => admin.subnet.create({ network_id: network.id, name: "bad", cidr, ...extra });
    await expectRejection(c({ cidr: "127.1.2.0/33" }), "BAD_REQUEST", "'127.1.2.0/33' is not a valid IPv4 CIDR such as 127.20.0.0/16");
    await expectRejection(c({ cidr: `${at(1, 0)}/16` }), "BAD_REQUEST", `'${at(1, 0)}/16' isn't a recognized IP subnet cidr, '${cidr}' is recommended`);
    await expectRejection(c({ gateway_ip: "10.0.0.1" }), "BAD_REQUEST", `Invalid input for operation: Gateway IP 10.0.0.1 is not a host address of subnet ${cidr}.`);
    await expectRejection(c({ gateway_ip: "not-an-ip" }), "BAD_REQUEST", "gateway_ip must be a valid IPv4 address");
    await expectRejection(c({ allocation_pools: [{ start: at(0, 5), end: "x" }] }), "BAD_REQUEST", "allocation_pools.end must be a valid IPv4 address");
    await expectRejection(
      c({ allocation_pools: [{ start: at(0, 1), end: at(0, 9) }] }),
      "BAD_REQUEST",
      `Gateway ip ${at(0, 1)} conflicts with allocation pool ${at(0, 1)}-${at(0, 9)}`,
    );
    await expectRejection(
      c({ allocation_pools: [{ start: at(0, 10), end: "127.255.0.1" }] }),
      "BAD_REQUEST",
      `The allocation pool ${at(0, 10)}-127.255.0.1 spans beyond the subnet cidr ${cidr}.`,
    );
    await expectRejection(c({ allocation_pools: [{ start: at(0, 9), end: at(0, 5) }] }), "BAD_REQUEST", `The allocation pool ${at(0, 9)}-${at(0, 5)} is not valid.`);
    await expectRejection(
      c({ allocation_pools: [{ start: at(0, 10), end: at(0, 20) }, { start: at(0, 20), end: at(0, 30) }] }),
      "BAD_REQUEST",
      `Found overlapping allocation pools: ${at(0, 10)}-${at(0, 20)} ${at(0, 20)}-${at(0, 30)} for subnet ${cidr}.`,
    );
    await expectRejection(admin.subnet.create({ network_id: randomUUID(), name: "x", cidr: "127.2.0.0/24" }), "NOT_FOUND", "Network");
    await expectRejection(admin.network.create({ name: "x", project_id: randomUUID() }), "NOT_FOUND", "Project");
    await expectRejection(admin.network.create({ name: "" }), "BAD_REQUEST", "name is required");
  });

  it("deletes a subnet and a network only once nothing holds their addresses", async () => {
    await expectRejection(
      admin.subnet.delete({ id: subnet.id }),
      "CONFLICT",
      `Unable to complete operation on subnet ${subnet.id}: One or more ports have an IP allocation from this subnet.`,
    );
    await expectRejection(
      admin.network.delete({ id: network.id }),
      "CONFLICT",
      `Unable to complete operation on network ${network.id}. There are one or more ports still in use on the network.`,
    );
    const spare = await admin.network.create({ name: "spare", shared: true });
    const spareSubnet = await admin.subnet.create({ network_id: spare.id, name: "spare-subnet", cidr: "127.3.0.0/24" });
    await admin.subnet.delete({ id: spareSubnet.id });
    await admin.subnet.create({ network_id: spare.id, name: "again", cidr: "127.3.0.0/24" }); // the range is free again
    await admin.network.delete({ id: spare.id });
    expect((await w.caller.network.list()).some((n) => n.id === spare.id)).toBe(false);
    expect(await w.db.select().from(subnets).where(eq(subnets.network_id, spare.id))).toEqual([]);
  });
});

describe("a cloud without the demo seed (DEMO_CLOUD=0)", () => {
  it("has a project to act in and nothing else; ensureProject is idempotent", async () => {
    const database = await openPglite();
    try {
      const id = await ensureProject(database.db, "demo");
      expect(await ensureProject(database.db, "demo")).toBe(id);
      expect(await database.db.select().from(networks)).toEqual([]);
      expect(await database.db.select().from(instances)).toEqual([]);
      const caller = createCaller(createInnerContext({ db: database.db, projectId: id, feed: w.feed }));
      expect(await caller.network.list()).toEqual([]);
      expect(await caller.instance.list()).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it("makes an empty project beside a seeded one", async () => {
    const id = await ensureProject(w.db, "empty");
    expect(id).not.toBe(w.projectId);
    expect(await w.db.select().from(networks).where(eq(networks.project_id, id))).toEqual([]);
  });
});
