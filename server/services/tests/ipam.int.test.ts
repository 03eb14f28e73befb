import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { ip } from "@/server/network/iproute";
import { namespaceName } from "@/server/network/names";
import { startNetworkReconciler } from "@/server/network/reconciler";
import { expectRejection } from "@/server/testing/fixtures";

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w.close());

describe("IPAM", () => {
  it("gives distinct VIPs to many concurrent creates on one subnet", async () => {
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) => w.caller.loadBalancer.create({ name: `c${i}`, vip_subnet_id: w.selfservice.id })),
    );
    const vips = created.map((lb) => lb.vip_address);
    expect(new Set(vips).size).toBe(30);
    const instanceIps = [w.web1, w.web2, w.web3].map((i) => i.fixed_ip);
    expect(vips.some((ip) => instanceIps.includes(ip))).toBe(false);
    expect(vips.includes(w.selfservice.gateway_ip ?? "")).toBe(false);
  });

  it("fails with a clear message when the pool is exhausted, and frees addresses on release", async () => {
    const ext = (await w.caller.network.list()).find((n) => n.name === "public" && n.subnets.includes(w.publicSubnet.id))!;
    const pool = w.publicSubnet.allocation_pools[0]!;
    // router1's gateway already holds one of the pool's addresses.
    const held = (await w.caller.port.list()).filter((p) => p.subnet_id === w.publicSubnet.id).length;
    const size = Number(pool.end.split(".")[3]) - Number(pool.start.split(".")[3]) + 1 - held;
    const fips = [];
    for (let i = 0; i < size; i++) fips.push(await w.caller.floatingIp.allocate({ floating_network_id: ext.id }));
    expect(new Set(fips.map((f) => f.floating_ip_address)).size).toBe(size);
    await expectRejection(
      w.caller.floatingIp.allocate({ floating_network_id: ext.id }),
      "CONFLICT",
      `No more IP addresses available on subnet public-subnet (${w.publicSubnet.cidr}).`,
    );
    await w.caller.floatingIp.release({ id: fips[0]!.id });
    const again = await w.caller.floatingIp.allocate({ floating_network_id: ext.id });
    expect(again.floating_ip_address).toBe(fips[0]!.floating_ip_address);
  });
});

describe("floating IPs", () => {
  it("allocates from an external network only, associates with a VIP port (DOWN until the router carries it, then ACTIVE), and disassociates", async () => {
    const networks = await w.caller.network.list();
    const tenant = networks.find((n) => n.name === "selfservice" && n.subnets.includes(w.selfservice.id))!;
    await expectRejection(w.caller.floatingIp.allocate({ floating_network_id: tenant.id }), "BAD_REQUEST", "is not an external network");
    const lb = await w.caller.loadBalancer.create({ vip_subnet_id: w.selfservice.id });
    // Association is the network's change, not the load balancer's: it needs no lock, even while
    // the load balancer is still being created, and leaves its status alone.
    const [fip] = (await w.caller.floatingIp.list()).filter((f) => !f.port_id);
    expect(fip).toBeDefined();
    const associated = await w.caller.floatingIp.associate({ id: fip!.id, port_id: lb.vip_port_id! });
    expect(associated).toMatchObject({ port_id: lb.vip_port_id, fixed_ip_address: lb.vip_address, status: "DOWN" });
    expect(associated.router_id).not.toBeNull();
    expect((await w.caller.loadBalancer.get({ id: lb.id })).provisioning_status).toBe("PENDING_CREATE");
    const [second] = (await w.caller.floatingIp.list()).filter((f) => !f.port_id);
    await expectRejection(w.caller.floatingIp.associate({ id: second!.id, port_id: lb.vip_port_id! }), "CONFLICT", "already has floating IP");

    // The network reconciler's pass puts the address on the router's gateway port and marks it ACTIVE.
    const network = await startNetworkReconciler({ database: w.database, settings: w.networkSettings, log: () => undefined });
    try {
      const router = namespaceName(w.net.prefix, "router", associated.router_id!);
      expect(await ip(["-br", "-4", "addr", "show"], router)).toContain(`${fip!.floating_ip_address}/32`);
      expect((await w.caller.floatingIp.list()).find((f) => f.id === fip!.id)).toMatchObject({ status: "ACTIVE" });

      const gone = await w.caller.floatingIp.disassociate({ id: fip!.id });
      expect(gone).toMatchObject({ port_id: null, fixed_ip_address: null, status: "DOWN" });
      await network.pass();
      expect(await ip(["-br", "-4", "addr", "show"], router)).not.toContain(`${fip!.floating_ip_address}/32`);
      expect((await w.caller.floatingIp.list()).find((f) => f.id === fip!.id)).toMatchObject({ status: "DOWN" });
    } finally {
      await network.stop();
    }
  });
});

describe("instances", () => {
  it("lists only instances with an address on the subnet asked for", async () => {
    const onSelfservice = await w.caller.instance.list({ subnet_id: w.selfservice.id });
    expect(onSelfservice.map((i) => i.name)).toEqual(["web1", "web2", "web3"]);
    const onBackend = await w.caller.instance.list({ subnet_id: w.backend.id });
    expect(onBackend.map((i) => i.name)).toEqual(["db1"]);
  });
});
