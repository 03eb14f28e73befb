import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedIdentities } from "@/server/identity/seed";
import { newLoginLimiter } from "@/server/identity/login-limiter";
import { type Stack, startStack } from "@/server/testing/stack";
import { type CliUser, openstackCli } from "./openstack-cli";
import { type RestServer, startRestServer } from "./rest-server";

// Octavia's availability zones through Debian's `openstack` CLI: an admin makes a profile (the
// compute zone of the hosts it stands for) and a zone; a project's member lists the zones and
// creates a load balancer in one, whose amphora lands on a host of that compute zone; the
// refusals are Octavia's. Two hosts: `local` in compute zone az1, `local-2` in az2.

let stack: Stack;
let server: RestServer;
let cli: ReturnType<typeof openstackCli>;

const demo: CliUser = { name: "demo", password: "demo-az-pw", project: "demo" };
const admin: CliUser = { name: "admin", password: "admin-az-pw", project: "demo" };

beforeAll(async () => {
  stack = await startStack({ hosts: 2 });
  await seedIdentities(stack.db, { projectId: stack.projectId, demo: true, passwords: { admin: admin.password, demo: demo.password } });
  server = await startRestServer({ db: stack.db, feed: stack.feed, compute: stack.compute, dataPlane: stack.driver, loginLimiter: newLoginLimiter() });
  cli = openstackCli(server.url);
}, 120_000);

afterAll(async () => {
  cli?.dispose();
  await server?.close();
  await stack?.close();
}, 120_000);

/** The CLI's failure and what it printed of Octavia's message. */
async function refused(user: CliUser, args: string[]) {
  const result = await cli.run(user, args);
  expect(result.exitCode, result.stdout).not.toBe(0);
  return result.stderr;
}

describe("availability zones through the openstack CLI", { timeout: 240_000 }, () => {
  let profileId: string;

  it("an admin makes a profile and a zone; a member lists the zone", async () => {
    const profile = await cli.json(admin, [
      "loadbalancer", "availabilityzoneprofile", "create", "--name", "second-host", "--provider", "amphora", "--availability-zone-data", '{"compute_zone": "az2"}',
    ]);
    expect(profile).toMatchObject({ name: "second-host", provider_name: "amphora", availability_zone_data: '{"compute_zone": "az2"}' });
    profileId = String(profile.id);
    const zone = await cli.json(admin, ["loadbalancer", "availabilityzone", "create", "--name", "zone-two", "--availabilityzoneprofile", "second-host", "--description", "the second host"]);
    expect(zone).toMatchObject({ name: "zone-two", availability_zone_profile_id: profileId, enabled: true, description: "the second host" });
    const listed = await cli.json<Record<string, unknown>[]>(demo, ["loadbalancer", "availabilityzone", "list"]);
    expect(listed.map((z) => z.name)).toEqual(["zone-two"]);
    const capabilities = await cli.json<Record<string, unknown>[]>(admin, ["loadbalancer", "provider", "capability", "list", "--availability-zone", "amphora"]);
    expect(capabilities.map((c) => c.name)).toContain("compute_zone");
  });

  it("a load balancer created in the zone has its amphora on a host of that compute zone", async () => {
    for (const name of ["az-lb-1", "az-lb-2"]) {
      const lb = await cli.json(demo, ["loadbalancer", "create", "--name", name, "--vip-subnet-id", "selfservice-subnet", "--availability-zone", "zone-two", "--wait"]);
      expect(lb).toMatchObject({ availability_zone: "zone-two", provisioning_status: "ACTIVE" });
      const [amphora] = await cli.json<Record<string, unknown>[]>(admin, ["loadbalancer", "amphora", "list", "--loadbalancer", String(lb.id)]);
      const shown = await cli.json(admin, ["loadbalancer", "amphora", "show", String(amphora!.id)]);
      expect(shown.compute_id).toBe(stack.hosts[1]!.id);
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
    await cli.run(admin, ["loadbalancer", "availabilityzone", "set", "--disable", "zone-two"]);
    expect(await refused(demo, ["loadbalancer", "create", "--vip-subnet-id", "selfservice-subnet", "--availability-zone", "zone-two"])).toContain(
      "The selected availability_zone is not allowed in this deployment: zone-two",
    );
    const names = (await cli.json<Record<string, unknown>[]>(demo, ["loadbalancer", "list"])).map((lb) => lb.name);
    expect(names.sort()).toEqual(["az-lb-1", "az-lb-2"]);
    expect((await cli.json(admin, ["loadbalancer", "availabilityzone", "show", "zone-two"])).enabled).toBe(false);
  });

  it("its load balancers deleted, the zone and then its profile go", async () => {
    for (const lb of await cli.json<Record<string, unknown>[]>(demo, ["loadbalancer", "list"])) {
      expect((await cli.run(demo, ["loadbalancer", "delete", "--cascade", "--wait", String(lb.id)])).exitCode).toBe(0);
    }
    expect((await cli.run(admin, ["loadbalancer", "availabilityzone", "delete", "zone-two"])).exitCode).toBe(0);
    expect((await cli.run(admin, ["loadbalancer", "availabilityzoneprofile", "delete", profileId])).exitCode).toBe(0);
    expect(await cli.json(demo, ["loadbalancer", "availabilityzone", "list"])).toEqual([]);
  });
});
