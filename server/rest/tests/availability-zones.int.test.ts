import { describe, expect, it } from "vitest";
import { cliWorld } from "./cli-world";
import type { CliUser } from "./openstack-cli";

// Octavia's availability zones through Debian's `openstack` CLI: an admin makes a profile (the
// compute zone of the hosts it stands for) and a zone; a project's member lists the zones and
// creates a load balancer in one, whose amphora lands on a host of that compute zone; the
// refusals are Octavia's. Two hosts: `local` in compute zone az1, `local-2` in az2.

const demo: CliUser = { name: "demo", password: "demo-az-pw", project: "demo" };
const admin: CliUser = { name: "admin", password: "admin-az-pw", project: "demo" };

const world = cliWorld({ admin, demo }, { hosts: 2 });
const { refused } = world;

describe("availability zones through the openstack CLI", { timeout: 240_000 }, () => {
  let profileId: string;

  it("an admin makes a profile and a zone; a member lists the zone", async () => {
    const profile = await world.cli.json(admin, [
      "loadbalancer", "availabilityzoneprofile", "create", "--name", "second-host", "--provider", "amphora", "--availability-zone-data", '{"compute_zone": "az2"}',
    ]);
    expect(profile).toMatchObject({ name: "second-host", provider_name: "amphora", availability_zone_data: '{"compute_zone": "az2"}' });
    profileId = String(profile.id);
    const zone = await world.cli.json(admin, ["loadbalancer", "availabilityzone", "create", "--name", "zone-two", "--availabilityzoneprofile", "second-host", "--description", "the second host"]);
    expect(zone).toMatchObject({ name: "zone-two", availability_zone_profile_id: profileId, enabled: true, description: "the second host" });
    const listed = await world.cli.json<Record<string, unknown>[]>(demo, ["loadbalancer", "availabilityzone", "list"]);
    expect(listed.map((z) => z.name)).toEqual(["zone-two"]);
    const capabilities = await world.cli.json<Record<string, unknown>[]>(admin, ["loadbalancer", "provider", "capability", "list", "--availability-zone", "amphora"]);
    expect(capabilities.map((c) => c.name)).toContain("compute_zone");
  });

  it("a load balancer created in the zone has its amphora on a host of that compute zone", async () => {
    for (const name of ["az-lb-1", "az-lb-2"]) {
      const lb = await world.cli.json(demo, ["loadbalancer", "create", "--name", name, "--vip-subnet-id", "selfservice-subnet", "--availability-zone", "zone-two", "--wait"]);
      expect(lb).toMatchObject({ availability_zone: "zone-two", provisioning_status: "ACTIVE" });
      const [amphora] = await world.cli.json<Record<string, unknown>[]>(admin, ["loadbalancer", "amphora", "list", "--loadbalancer", String(lb.id)]);
      const shown = await world.cli.json(admin, ["loadbalancer", "amphora", "show", String(amphora!.id)]);
      expect(shown.compute_id).toBe(world.stack.hosts[1]!.id);
    }
  });

  it("refuses what Octavia refuses, and changes nothing", async () => {
    expect(await refused(demo, ["loadbalancer", "create", "--vip-subnet-id", "selfservice-subnet", "--availability-zone", "nowhere"])).toContain(
      "Validation failure: Invalid availability zone.",
    );
    expect(await refused(demo, ["loadbalancer", "availabilityzone", "create", "--name", "mine", "--availabilityzoneprofile", profileId])).toContain(
      "Policy does not allow this request to be performed.",
    );
    expect(
      await refused(admin, ["loadbalancer", "availabilityzoneprofile", "create", "--name", "bad", "--provider", "amphora", "--availability-zone-data", '{"rack": "r1"}']),
    ).toContain("Provider 'amphora' does not support a requested option: Additional properties are not allowed ('rack' was unexpected)");
    expect(
      await refused(admin, ["loadbalancer", "availabilityzoneprofile", "create", "--name", "bad", "--provider", "amphora", "--availability-zone-data", "not json"]),
    ).toContain("not json is not a valid option for availability_zone_data");
    expect(await refused(admin, ["loadbalancer", "availabilityzoneprofile", "delete", profileId])).toContain(`Availability Zone Profile ${profileId} is in use and cannot be modified.`);
    expect(await refused(admin, ["loadbalancer", "availabilityzone", "delete", "zone-two"])).toContain("Availability Zone zone-two is in use and cannot be modified.");
    // Disabled, it takes no new load balancer.
    await world.cli.run(admin, ["loadbalancer", "availabilityzone", "set", "--disable", "zone-two"]);
    expect(await refused(demo, ["loadbalancer", "create", "--vip-subnet-id", "selfservice-subnet", "--availability-zone", "zone-two"])).toContain(
      "The selected availability_zone is not allowed in this deployment: zone-two",
    );
    const names = (await world.cli.json<Record<string, unknown>[]>(demo, ["loadbalancer", "list"])).map((lb) => lb.name);
    expect(names.sort()).toEqual(["az-lb-1", "az-lb-2"]);
    expect((await world.cli.json(admin, ["loadbalancer", "availabilityzone", "show", "zone-two"])).enabled).toBe(false);
  });

  it("its load balancers deleted, the zone and then its profile go", async () => {
    for (const lb of await world.cli.json<Record<string, unknown>[]>(demo, ["loadbalancer", "list"])) {
      expect((await world.cli.run(demo, ["loadbalancer", "delete", "--cascade", "--wait", String(lb.id)])).exitCode).toBe(0);
    }
    expect((await world.cli.run(admin, ["loadbalancer", "availabilityzone", "delete", "zone-two"])).exitCode).toBe(0);
    expect((await world.cli.run(admin, ["loadbalancer", "availabilityzoneprofile", "delete", profileId])).exitCode).toBe(0);
    expect(await world.cli.json(demo, ["loadbalancer", "availabilityzone", "list"])).toEqual([]);
  });
});
