import { describe, expect, it } from "vitest";
import { cliWorld } from "./cli-world";
import type { CliUser } from "./openstack-cli";

// Octavia's flavors through Debian's `openstack` CLI: an admin makes a flavor profile and a
// flavor; a project's member lists the enabled flavors and creates a load balancer with one; the
// refusals are Octavia's, and a refused request leaves nothing behind.

const demo: CliUser = { name: "demo", password: "demo-flavor-pw", project: "demo" };
const admin: CliUser = { name: "admin", password: "admin-flavor-pw", project: "demo" };

const world = cliWorld({ admin, demo });
const { refused } = world;

const profileCreate = (name: string, data: string) => ["loadbalancer", "flavorprofile", "create", "--name", name, "--provider", "amphora", "--flavor-data", data];

describe("flavors through the openstack CLI", { timeout: 240_000 }, () => {
  let profileId: string;
  let flavorId: string;

  it("an admin makes a profile and a flavor; a member lists the flavor", async () => {
    const profile = await world.cli.json(admin, profileCreate("single", '{"loadbalancer_topology": "SINGLE", "compute_flavor": "1"}'));
    expect(profile).toMatchObject({ name: "single", provider_name: "amphora", flavor_data: '{"loadbalancer_topology": "SINGLE", "compute_flavor": "1"}' });
    profileId = String(profile.id);
    const flavor = await world.cli.json(admin, ["loadbalancer", "flavor", "create", "--name", "small", "--flavorprofile", "single", "--description", "one amphora", "--enable"]);
    expect(flavor).toMatchObject({ name: "small", flavor_profile_id: profileId, enabled: true, description: "one amphora" });
    flavorId = String(flavor.id);
    const listed = await world.cli.json<Record<string, unknown>[]>(demo, ["loadbalancer", "flavor", "list"]);
    expect(listed.map((f) => f.name)).toEqual(["small"]);
    const capabilities = await world.cli.json<Record<string, unknown>[]>(admin, ["loadbalancer", "provider", "capability", "list", "--flavor", "amphora"]);
    expect(capabilities.map((c) => c.name)).toEqual(expect.arrayContaining(["loadbalancer_topology", "compute_flavor"]));
    // The profiles are the admins': a member neither lists nor shows them.
    expect(await refused(demo, ["loadbalancer", "flavorprofile", "list"])).toContain("Policy does not allow this request to be performed.");
    expect(await refused(demo, ["loadbalancer", "flavorprofile", "show", profileId])).toContain("Policy does not allow this request to be performed.");
  });

  it("a load balancer created with the flavor names it", async () => {
    const lb = await world.cli.json(demo, ["loadbalancer", "create", "--name", "flavored", "--vip-subnet-id", "selfservice-subnet", "--flavor", "small", "--wait"]);
    expect(lb).toMatchObject({ flavor_id: flavorId, provisioning_status: "ACTIVE" });
    const [amphora] = await world.cli.json<Record<string, unknown>[]>(admin, ["loadbalancer", "amphora", "list", "--loadbalancer", String(lb.id)]);
    expect(amphora).toMatchObject({ role: "STANDALONE", status: "ALLOCATED", ha_ip: lb.vip_address });
    // A STANDALONE amphora holds the VIP itself: its ha_ip and ha_port_id are the VIP's.
    const shown = await world.cli.json(admin, ["loadbalancer", "amphora", "show", String(amphora!.id)]);
    expect(shown).toMatchObject({ ha_ip: lb.vip_address, ha_port_id: lb.vip_port_id, compute_flavor: "1", vrrp_ip: null });
    // One without a flavor beside it: the list's --flavor filter leaves it out.
    await world.cli.json(demo, ["loadbalancer", "create", "--name", "plain", "--vip-subnet-id", "selfservice-subnet", "--wait"]);
    const listed = await world.cli.json<Record<string, unknown>[]>(demo, ["loadbalancer", "list", "--flavor", "small"]);
    expect(listed.map((l) => l.name)).toEqual(["flavored"]);
  });

  it("refuses what Octavia refuses, and changes nothing", async () => {
    const unsupported = "Provider 'amphora' does not support a requested option:";
    expect(await refused(admin, profileCreate("bad", '{"rack": "r1"}'))).toContain(`${unsupported} Additional properties are not allowed ('rack' was unexpected)`);
    expect(await refused(admin, profileCreate("bad", '{"loadbalancer_topology": "TRIPLE"}'))).toContain(
      `${unsupported} loadbalancer_topology 'TRIPLE' is not one of ['ACTIVE_STANDBY', 'SINGLE']`,
    );
    expect(await refused(admin, profileCreate("bad", '{"sriov_vip": "yes"}'))).toContain(`${unsupported} sriov_vip 'yes' is not of type 'boolean'`);
    expect(await refused(admin, profileCreate("bad", '{"compute_flavor": "m1.huge"}'))).toContain("Nova flavor m1.huge not found.");
    expect(await refused(admin, profileCreate("bad", "not json"))).toContain("not json is not a valid option for flavor_data");
    expect(await refused(demo, ["loadbalancer", "flavor", "create", "--name", "mine", "--flavorprofile", profileId])).toContain(
      "Policy does not allow this request to be performed.",
    );
    expect(await refused(admin, ["loadbalancer", "flavor", "create", "--name", "small", "--flavorprofile", profileId])).toContain("A flavor of small already exists.");
    expect(await refused(admin, ["loadbalancer", "flavorprofile", "set", "--flavor-data", '{"loadbalancer_topology": "SINGLE"}', profileId])).toContain(
      `Flavor profile ${profileId} is in use and cannot be modified.`,
    );
    expect(await refused(admin, ["loadbalancer", "flavorprofile", "delete", profileId])).toContain(`Flavor profile ${profileId} is in use and cannot be modified.`);
    expect(await refused(admin, ["loadbalancer", "flavor", "delete", flavorId])).toContain(`Flavor ${flavorId} is in use and cannot be modified.`);
    // Disabled, it takes no new load balancer.
    expect((await world.cli.run(admin, ["loadbalancer", "flavor", "set", "--disable", flavorId])).exitCode).toBe(0);
    expect(await refused(demo, ["loadbalancer", "create", "--vip-subnet-id", "selfservice-subnet", "--flavor", flavorId])).toContain(
      `The selected flavor is not allowed in this deployment: ${flavorId}`,
    );
    const names = (await world.cli.json<Record<string, unknown>[]>(demo, ["loadbalancer", "list"])).map((lb) => lb.name);
    expect(names.sort()).toEqual(["flavored", "plain"]);
    expect((await world.cli.json<Record<string, unknown>[]>(admin, ["loadbalancer", "flavorprofile", "list"])).map((p) => p.name)).toEqual(["single"]);
    expect((await world.cli.json(admin, ["loadbalancer", "flavor", "show", flavorId])).enabled).toBe(false);
  });

  it("its load balancer deleted, the flavor and then its profile go", async () => {
    for (const lb of await world.cli.json<Record<string, unknown>[]>(demo, ["loadbalancer", "list"])) {
      expect((await world.cli.run(demo, ["loadbalancer", "delete", "--cascade", "--wait", String(lb.id)])).exitCode).toBe(0);
    }
    expect((await world.cli.run(admin, ["loadbalancer", "flavor", "delete", "small"])).exitCode).toBe(0);
    expect((await world.cli.run(admin, ["loadbalancer", "flavorprofile", "delete", "single"])).exitCode).toBe(0);
    expect(await world.cli.json(admin, ["loadbalancer", "flavor", "list"])).toEqual([]);
  });
});
