import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, floatingIps, ports } from "@/db/schema";
import { POLICY_DENIED } from "@/server/identity/policy";
import { claimOctet } from "@/server/testing/address-ranges";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { expectRejection } from "@/server/testing/fixtures";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";
import { allocatePort } from "./ipam";

// Neutron's routers through the API: the seeded router1, create/update/delete, the external
// gateway, interfaces by subnet with Neutron's refusals, the router a floating IP needs, the
// router quota, the audit rows, and another project that can neither see nor touch them.

let w: TestWorld;
let admin: ReturnType<typeof createCaller>;
let reader: ReturnType<typeof createCaller>;
let range: ReturnType<typeof claimOctet>;
const at = (third: number, fourth = 0) => `127.${range.octet}.${third}.${fourth}`;
let publicId: string;

beforeAll(async () => {
  w = await testWorld();
  admin = createCaller(createInnerContext({ db: w.db, projectId: w.projectId, feed: w.feed, isAdmin: true }));
  reader = createCaller(
    createInnerContext({
      db: w.db,
      feed: w.feed,
      identity: { user: { id: randomUUID(), name: "reader" }, project: { id: w.projectId, name: "demo" }, roles: ["reader"], cloudAdmin: false },
    }),
  );
  range = claimOctet();
  publicId = w.publicSubnet.network_id;
});
afterAll(async () => {
  await w?.close();
  range?.release();
});

/** A tenant network of demo's with one subnet (made by the admin, as the policy wants). */
async function tenantSubnet(name: string, cidr: string, extra: { gateway_ip?: string | null } = {}) {
  const network = await admin.network.create({ name, project_id: w.projectId });
  return admin.subnet.create({ network_id: network.id, name: `${name}-subnet`, cidr, ...extra });
}

const auditOf = async (procedure: string, resourceId: string) =>
  (await w.db.select().from(auditLog).where(and(eq(auditLog.procedure, procedure), eq(auditLog.resource_id, resourceId)))).map((r) => r.outcome);

describe("the seeded router1", () => {
  it("has its gateway on public and an interface holding each demo subnet's gateway_ip", async () => {
    const [router1] = await w.caller.routers.list();
    expect(router1).toMatchObject({ name: "router1", status: "ACTIVE", admin_state_up: true, project_id: w.projectId });
    expect(router1!.external_gateway_info).toEqual({
      network_id: publicId,
      enable_snat: true,
      // The first address of public's pool: .1 is its gateway, the host's own address on the bridge.
      external_fixed_ips: [{ subnet_id: w.publicSubnet.id, ip_address: w.net.external(2) }],
    });
    expect(router1!.interfaces.map((i) => [i.subnet_id, i.ip_address]).sort()).toEqual(
      [
        [w.selfservice.id, w.selfservice.gateway_ip],
        [w.backend.id, w.backend.gateway_ip],
      ].sort(),
    );
    const owners = (await w.caller.port.list()).filter((p) => p.device_id === router1!.id).map((p) => p.device_owner).sort();
    expect(owners).toEqual(["network:router_gateway", "network:router_interface", "network:router_interface"]);
  });
});

describe("create, update, gateway and delete", () => {
  it("creates a router with its gateway from IPAM, renames it, moves SNAT, clears and sets the gateway, deletes it; each audited", async () => {
    const r = await w.caller.routers.create({ name: "r1", external_gateway_info: { network_id: publicId } });
    expect(r).toMatchObject({ name: "r1", status: "ACTIVE", interfaces: [], external_gateway_info: { network_id: publicId, enable_snat: true } });
    const gatewayIp = r.external_gateway_info!.external_fixed_ips[0]!.ip_address;
    const [gatewayPort] = await w.db.select().from(ports).where(and(eq(ports.device_id, r.id), eq(ports.device_owner, "network:router_gateway")));
    expect(gatewayPort).toMatchObject({ ip_address: gatewayIp, subnet_id: w.publicSubnet.id, project_id: w.projectId });

    const renamed = await w.caller.routers.update({ id: r.id, name: "r1b", description: "edge", admin_state_up: false });
    expect(renamed).toMatchObject({ name: "r1b", description: "edge", admin_state_up: false });
    expect((await w.caller.routers.setGateway({ id: r.id, network_id: publicId, enable_snat: false })).external_gateway_info).toMatchObject({
      enable_snat: false,
      external_fixed_ips: [{ ip_address: gatewayIp }],
    });
    expect((await w.caller.routers.clearGateway({ id: r.id })).external_gateway_info).toBeNull();
    expect(await w.db.select().from(ports).where(eq(ports.device_id, r.id))).toEqual([]);
    expect((await w.caller.routers.setGateway({ id: r.id, network_id: publicId })).external_gateway_info?.network_id).toBe(publicId);

    expect(await w.caller.routers.delete({ id: r.id })).toEqual({ id: r.id });
    expect(await w.db.select().from(ports).where(eq(ports.device_id, r.id))).toEqual([]); // the gateway went with it
    await expectRejection(w.caller.routers.get({ id: r.id }), "NOT_FOUND", `Router ${r.id} not found.`);
    for (const procedure of ["routers.create", "routers.update", "routers.setGateway", "routers.clearGateway", "routers.delete"]) {
      expect(await auditOf(procedure, r.id), procedure).toContain("success");
    }
  });

  it("refuses a gateway on a network that is not external, and one that does not exist", async () => {
    const r = await w.caller.routers.create({ name: "no-gw" });
    await expectRejection(
      w.caller.routers.setGateway({ id: r.id, network_id: w.selfservice.network_id }),
      "BAD_REQUEST",
      `Bad router request: Network ${w.selfservice.network_id} is not an external network.`,
    );
    const missing = randomUUID();
    await expectRejection(w.caller.routers.setGateway({ id: r.id, network_id: missing }), "NOT_FOUND", `Network ${missing} not found.`);
    expect(await auditOf("routers.setGateway", r.id)).toEqual(["failed", "failed"]);
    await w.caller.routers.delete({ id: r.id });
  });

  it("lets a reader read but not write, as the policy says", async () => {
    expect((await reader.routers.list()).map((r) => r.name)).toContain("router1");
    await expectRejection(reader.routers.create({ name: "nope" }), "FORBIDDEN", POLICY_DENIED);
  });
});

describe("interfaces", () => {
  it("adds an interface on a subnet's gateway_ip and answers Neutron's body; removes it by subnet", async () => {
    const sn = await tenantSubnet("if-a", `${at(1)}/24`);
    const r = await w.caller.routers.create({ name: "r-if" });
    const added = await w.caller.routers.addInterface({ id: r.id, subnet_id: sn.id });
    expect(added).toEqual({
      id: r.id,
      tenant_id: w.projectId,
      project_id: w.projectId,
      port_id: expect.any(String),
      subnet_id: sn.id,
      subnet_ids: [sn.id],
      network_id: sn.network_id,
    });
    expect((await w.caller.routers.get({ id: r.id })).interfaces).toEqual([{ port_id: added.port_id, subnet_id: sn.id, network_id: sn.network_id, ip_address: at(1, 1) }]);
    expect(await auditOf("routers.addInterface", r.id)).toEqual(["success"]);

    // Neutron's refusals: the same subnet twice, its gateway held by another router, a delete
    // while interfaces remain, and a subnet of the external network.
    await expectRejection(w.caller.routers.addInterface({ id: r.id, subnet_id: sn.id }), "BAD_REQUEST", `Bad router request: Router already has a port on subnet ${sn.id}.`);
    const r2 = await w.caller.routers.create({ name: "r-if-2" });
    await expectRejection(w.caller.routers.addInterface({ id: r2.id, subnet_id: sn.id }), "CONFLICT", `IP address ${at(1, 1)} already allocated in subnet ${sn.id}`);
    await expectRejection(w.caller.routers.delete({ id: r.id }), "CONFLICT", `Router ${r.id} still has ports`);
    await expectRejection(w.caller.routers.addInterface({ id: r2.id, subnet_id: w.publicSubnet.id }), "BAD_REQUEST", "Bad router request:");

    // A subnet or network with a router interface cannot be deleted (Neutron's 409s).
    await expectRejection(admin.subnet.delete({ id: sn.id }), "CONFLICT", `Unable to complete operation on subnet ${sn.id}: One or more ports have an IP allocation from this subnet.`);
    await expectRejection(
      admin.network.delete({ id: sn.network_id }),
      "CONFLICT",
      `Unable to complete operation on network ${sn.network_id}. There are one or more ports still in use on the network.`,
    );

    expect(await w.caller.routers.removeInterface({ id: r.id, subnet_id: sn.id })).toMatchObject({ port_id: added.port_id, subnet_id: sn.id });
    await expectRejection(w.caller.routers.removeInterface({ id: r.id, subnet_id: sn.id }), "NOT_FOUND", `Router ${r.id} has no interface on subnet ${sn.id}`);
    await expectRejection(w.caller.routers.removeInterface({ id: r.id }), "BAD_REQUEST", "Bad router request: Either subnet_id or port_id must be specified.");
    // Now the other router may take the gateway, and be emptied by port id.
    const moved = await w.caller.routers.addInterface({ id: r2.id, subnet_id: sn.id });
    await w.caller.routers.removeInterface({ id: r2.id, port_id: moved.port_id });
    await w.caller.routers.delete({ id: r.id });
    await w.caller.routers.delete({ id: r2.id });
    await admin.network.delete({ id: sn.network_id });
  });

  it("refuses a subnet with no gateway_ip, and two interfaces whose CIDRs overlap", async () => {
    const bare = await tenantSubnet("if-bare", `${at(2)}/24`, { gateway_ip: null });
    const r = await w.caller.routers.create({ name: "r-overlap" });
    await expectRejection(w.caller.routers.addInterface({ id: r.id, subnet_id: bare.id }), "BAD_REQUEST", "Bad router request: Subnet for router interface must have a gateway IP.");
    // Two networks may overlap (their own segments), but one router cannot route to both.
    const wide = await tenantSubnet("if-wide", `${at(8)}/22`);
    const narrow = await tenantSubnet("if-narrow", `${at(9)}/24`);
    await w.caller.routers.addInterface({ id: r.id, subnet_id: wide.id });
    await expectRejection(
      w.caller.routers.addInterface({ id: r.id, subnet_id: narrow.id }),
      "BAD_REQUEST",
      `Bad router request: Cidr ${at(9)}/24 of subnet ${narrow.id} overlaps with cidr ${at(8)}/22 of subnet ${wide.id}.`,
    );
    // Another router may take the overlapping one.
    const other = await w.caller.routers.create({ name: "r-overlap-2" });
    await w.caller.routers.addInterface({ id: other.id, subnet_id: narrow.id });
    for (const [router, subnet] of [
      [r.id, wide.id],
      [other.id, narrow.id],
    ] as const) {
      await w.caller.routers.removeInterface({ id: router, subnet_id: subnet });
      await w.caller.routers.delete({ id: router });
    }
  });
});

describe("floating IPs through a router", () => {
  it("needs a router with a gateway on the floating network and an interface on the port's subnet, stores router_id, and keeps the router's path while used", async () => {
    const sn = await tenantSubnet("fip-net", `${at(3)}/24`);
    const port = await w.db.transaction((tx) => allocatePort(tx, { subnet: sn, project_id: w.projectId, device_owner: "compute:nova", name: "vm" }));
    const fip = await w.caller.floatingIp.allocate({ floating_network_id: publicId });
    const unreachable = `External network ${publicId} is not reachable from subnet ${sn.id}. Therefore, cannot associate Port ${port.id} with a Floating IP.`;
    await expectRejection(w.caller.floatingIp.associate({ id: fip.id, port_id: port.id }), "BAD_REQUEST", unreachable);
    const r = await w.caller.routers.create({ name: "r-fip" });
    await w.caller.routers.addInterface({ id: r.id, subnet_id: sn.id });
    await expectRejection(w.caller.floatingIp.associate({ id: fip.id, port_id: port.id }), "BAD_REQUEST", unreachable); // no gateway yet
    await w.caller.routers.setGateway({ id: r.id, network_id: publicId });

    // DOWN until the network reconciler's pass puts it on the router (none runs in this world).
    const associated = await w.caller.floatingIp.associate({ id: fip.id, port_id: port.id });
    expect(associated).toMatchObject({ port_id: port.id, router_id: r.id, status: "DOWN" });
    await expectRejection(
      w.caller.routers.removeInterface({ id: r.id, subnet_id: sn.id }),
      "CONFLICT",
      `Router interface for subnet ${sn.id} on router ${r.id} cannot be deleted, as it is required by one or more floating IPs.`,
    );
    await expectRejection(
      w.caller.routers.clearGateway({ id: r.id }),
      "CONFLICT",
      `Gateway cannot be updated for router ${r.id}, since a gateway to external network ${publicId} is required by one or more floating IPs.`,
    );

    expect(await w.caller.floatingIp.disassociate({ id: fip.id })).toMatchObject({ port_id: null, router_id: null });
    await w.caller.routers.removeInterface({ id: r.id, subnet_id: sn.id });
    await w.caller.routers.delete({ id: r.id });
    await w.caller.floatingIp.release({ id: fip.id });
  });

  it("carries the seeded instances' floating IPs through router1, and none to the router's own ports", async () => {
    const [router1] = await w.caller.routers.list();
    const fip = await w.caller.floatingIp.allocate({ floating_network_id: publicId });
    const routerPorts = (await w.caller.port.list()).filter((p) => p.device_id === router1!.id);
    expect(routerPorts).toHaveLength(3);
    for (const port of routerPorts) await expectRejection(w.caller.floatingIp.associate({ id: fip.id, port_id: port.id }), "NOT_FOUND", `Port ${port.id} not found.`);
    expect(await w.caller.floatingIp.associate({ id: fip.id, port_id: w.web1.port_id })).toMatchObject({ router_id: router1!.id });
    const [row] = await w.db.select().from(floatingIps).where(eq(floatingIps.id, fip.id));
    expect(row?.router_id).toBe(router1!.id);
    await w.caller.floatingIp.release({ id: fip.id });
  });
});

describe("the router quota", () => {
  it("refuses a router over the project's quota with Neutron's OverQuota (409), checked in the create", async () => {
    const held = (await w.caller.routers.list()).length;
    await admin.quota.update({ project_id: w.projectId, quota: { router: held + 1 } });
    const extra = await w.caller.routers.create({ name: "last" });
    await expectRejection(w.caller.routers.create({ name: "over" }), "CONFLICT", "Quota exceeded for resources: ['router'].");
    expect((await admin.quota.usage()).router).toEqual({ limit: held + 1, used: held + 1 });
    expect((await w.caller.routers.list()).length).toBe(held + 1);
    await w.caller.routers.delete({ id: extra.id });
    await admin.quota.reset({ project_id: w.projectId });
  });
});

describe("another project", () => {
  it("cannot see, change, delete or attach to demo's router, nor attach demo's subnet to its own", async () => {
    const other = await w.otherProject();
    const [router1] = await w.caller.routers.list();
    const id = router1!.id;
    const mine = await other.routers.list();
    expect(mine.map((r) => r.name)).toEqual(["router1"]); // its own seeded one only
    expect(mine[0]!.id).not.toBe(id);
    const notFound = `Router ${id} not found.`;
    await expectRejection(other.routers.get({ id }), "NOT_FOUND", notFound);
    await expectRejection(other.routers.update({ id, name: "mine" }), "NOT_FOUND", notFound);
    await expectRejection(other.routers.delete({ id }), "NOT_FOUND", notFound);
    await expectRejection(other.routers.clearGateway({ id }), "NOT_FOUND", notFound);
    await expectRejection(other.routers.removeInterface({ id, subnet_id: w.selfservice.id }), "NOT_FOUND", notFound);
    const theirs = await other.routers.create({ name: "theirs" });
    const sn = await tenantSubnet("demo-only", `${at(4)}/24`);
    await expectRejection(other.routers.addInterface({ id: theirs.id, subnet_id: sn.id }), "NOT_FOUND", `Subnet ${sn.id} not found.`);
    await expectRejection(other.routers.list({ all_projects: true }), "FORBIDDEN", POLICY_DENIED);
    expect((await w.caller.routers.get({ id })).name).toBe("router1");
    // demo's admin reads every project's routers, but changes only those of the project in scope.
    expect((await admin.routers.get({ id: theirs.id })).name).toBe("theirs");
    expect((await admin.routers.list({ all_projects: true })).map((r) => r.id)).toEqual(expect.arrayContaining([id, theirs.id]));
    await expectRejection(admin.routers.update({ id: theirs.id, name: "taken" }), "NOT_FOUND", `Router ${theirs.id} not found.`);
    await other.routers.delete({ id: theirs.id });
    await admin.network.delete({ id: sn.network_id });
  });
});
