import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projects, roleAssignments, users } from "@/db/schema";
import { listAudit } from "@/server/identity/audit";
import { roleId } from "@/server/rest/keystone";
import type { TestWorld } from "@/server/testing/database";
import type { RestClient } from "./client";
import { openstackCli } from "./openstack-cli";
import { startRestWorld } from "./rest-server";

// Keystone's admin API over HTTP, as tempest's dynamic credentials drive it: the cloud admin
// makes a project and a user, grants them roles, lists the assignments with Keystone's filters,
// the new user works with a token of their own, and everything is revoked and deleted again.
// Writes are the cloud admin's alone, audited, and bad input leaves nothing behind.

type Item = Record<string, unknown> & { id: string; name: string };

let world: Awaited<ReturnType<typeof startRestWorld>>;
let w: TestWorld;
let rest: RestClient;
let admin: string;
let demo: string;

beforeAll(async () => {
  world = await startRestWorld();
  ({ w, rest } = world);
  ({ admin, demo } = world.tokens);
});
afterAll(() => world?.close());

const MEMBER = roleId("member");
const LB_MEMBER = roleId("load-balancer_member");

describe("GET /identity/v3/roles", () => {
  it("lists every role with a stable id, and finds one by ?name=", async () => {
    const byName = await rest.call<{ roles: Item[] }>("GET", "/identity/v3/roles?name=member", { token: admin });
    expect(byName.status).toBe(200);
    expect(byName.body.roles).toEqual([expect.objectContaining({ id: MEMBER, name: "member" })]);
    const one = await rest.call<{ role: Item }>("GET", `/identity/v3/roles/${LB_MEMBER}`, { token: admin });
    expect(one.body.role).toMatchObject({ id: LB_MEMBER, name: "load-balancer_member" });
    expect((await rest.call("GET", "/identity/v3/roles/nope", { token: admin })).status).toBe(404);
  });
});

describe("a tempest credential's life, as the cloud admin", () => {
  it("creates a project and user, grants roles, lists them, the user works, then all is undone", async () => {
    const domains = await rest.call<{ domains: Item[] }>("GET", "/identity/v3/domains?name=Default", { token: admin });
    expect(domains.body.domains.map((d) => d.id)).toEqual(["default"]);

    const project = await rest.call<{ project: Item }>("POST", "/identity/v3/projects", {
      token: admin,
      body: { project: { name: "tempest-p1", description: "made by tempest", domain_id: "default" } },
    });
    expect(project).toMatchObject({ status: 201, body: { project: { name: "tempest-p1", description: "made by tempest", domain_id: "default", enabled: true } } });
    const projectId = project.body.project.id;

    const user = await rest.call<{ user: Item }>("POST", "/identity/v3/users", {
      token: admin,
      body: { user: { name: "tempest-u1", password: "tempest-pw-1", project_id: projectId, email: "u1@example.org", domain_id: "default" } },
    });
    expect(user).toMatchObject({ status: 201, body: { user: { name: "tempest-u1", domain_id: "default", enabled: true } } });
    const userId = user.body.user.id;
    expect((await rest.call<{ user: Item }>("GET", `/identity/v3/users/${userId}`, { token: admin })).body.user.name).toBe("tempest-u1");
    expect((await rest.call<{ project: Item }>("GET", `/identity/v3/projects/${projectId}`, { token: admin })).body.project.name).toBe("tempest-p1");

    for (const role of [MEMBER, LB_MEMBER]) {
      expect((await rest.call("PUT", `/identity/v3/projects/${projectId}/users/${userId}/roles/${role}`, { token: admin })).status).toBe(204);
    }
    expect((await rest.call("GET", `/identity/v3/projects/${projectId}/users/${userId}/roles/${MEMBER}`, { token: admin })).status).toBe(204);

    const all = await rest.call<{ role_assignments: unknown[] }>("GET", `/identity/v3/role_assignments?user.id=${userId}&scope.project.id=${projectId}&effective&include_names`, {
      token: admin,
    });
    expect(all.status).toBe(200);
    expect(all.body.role_assignments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: { id: MEMBER, name: "member" }, user: expect.objectContaining({ id: userId, name: "tempest-u1" }), scope: { project: expect.objectContaining({ id: projectId, name: "tempest-p1" }) } }),
        expect.objectContaining({ role: { id: LB_MEMBER, name: "load-balancer_member" } }),
      ]),
    );
    expect(all.body.role_assignments).toHaveLength(2);
    const byRole = await rest.call<{ role_assignments: { role: { id: string }; user: Record<string, unknown> }[] }>(
      "GET",
      `/identity/v3/role_assignments?scope.project.id=${projectId}&role.id=${LB_MEMBER}`,
      { token: admin },
    );
    expect(byRole.body.role_assignments).toEqual([expect.objectContaining({ role: { id: LB_MEMBER }, user: { id: userId } })]);

    // The new user logs in to the new project and reads its (empty) load balancers.
    const token = await rest.token("tempest-u1", "tempest-pw-1", "tempest-p1");
    const lbs = await rest.call<{ loadbalancers: unknown[] }>("GET", "/load-balancer/v2/lbaas/loadbalancers", { token });
    expect(lbs).toMatchObject({ status: 200, body: { loadbalancers: [] } });

    const disabled = await rest.call<{ user: Item }>("PATCH", `/identity/v3/users/${userId}`, { token: admin, body: { user: { enabled: false } } });
    expect(disabled).toMatchObject({ status: 200, body: { user: { enabled: false } } });
    expect((await rest.call("GET", "/load-balancer/v2/lbaas/loadbalancers", { token })).status).toBe(401);
    const renamed = await rest.call<{ project: Item }>("PATCH", `/identity/v3/projects/${projectId}`, { token: admin, body: { project: { description: "changed" } } });
    expect(renamed).toMatchObject({ status: 200, body: { project: { name: "tempest-p1", description: "changed" } } });

    for (const role of [MEMBER, LB_MEMBER]) {
      expect((await rest.call("DELETE", `/identity/v3/projects/${projectId}/users/${userId}/roles/${role}`, { token: admin })).status).toBe(204);
    }
    expect((await rest.call("GET", `/identity/v3/projects/${projectId}/users/${userId}/roles/${MEMBER}`, { token: admin })).status).toBe(404);
    expect((await rest.call("DELETE", `/identity/v3/users/${userId}`, { token: admin })).status).toBe(204);
    expect((await rest.call("DELETE", `/identity/v3/projects/${projectId}`, { token: admin })).status).toBe(204);
    expect((await rest.call("GET", `/identity/v3/users/${userId}`, { token: admin })).status).toBe(404);
    expect((await rest.call("GET", `/identity/v3/projects/${projectId}`, { token: admin })).status).toBe(404);
    expect(await w.db.select().from(users).where(eq(users.id, userId))).toEqual([]);
    expect(await w.db.select().from(roleAssignments).where(eq(roleAssignments.project_id, projectId))).toEqual([]);

    const audited = (await listAudit(w.db, { outcome: "success", limit: 100 })).map((e) => e.procedure);
    expect(audited).toEqual(
      expect.arrayContaining(["identity.createProject", "identity.createUser", "identity.grantRole", "identity.revokeRole", "identity.deleteUser", "identity.deleteProject"]),
    );
  });

  it("answers a duplicate project name 409 Conflict", async () => {
    const first = await rest.call("POST", "/identity/v3/projects", { token: admin, body: { project: { name: "tempest-dup" } } });
    expect(first.status).toBe(201);
    const again = await rest.call("POST", "/identity/v3/projects", { token: admin, body: { project: { name: "tempest-dup" } } });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 409, title: "Conflict" } } });
  });

  it("refuses to delete the admin project", async () => {
    const [adminProject] = await w.db.select().from(projects).where(eq(projects.name, "admin"));
    const res = await rest.call("DELETE", `/identity/v3/projects/${adminProject?.id}`, { token: admin });
    expect(res).toMatchObject({ status: 403, body: { error: { code: 403 } } });
    expect(await w.db.select().from(projects).where(eq(projects.name, "admin"))).toHaveLength(1);
  });
});

describe("refusals", () => {
  it("answers a non-admin 403 on every write, writes nothing and audits the refusal", async () => {
    const writes: [string, string, unknown?][] = [
      ["POST", "/identity/v3/projects", { project: { name: "by-demo" } }],
      ["POST", "/identity/v3/users", { user: { name: "by-demo", password: "by-demo-pw-1" } }],
      ["PATCH", `/identity/v3/projects/${w.projectId}`, { project: { description: "x" } }],
      ["PUT", `/identity/v3/projects/${w.projectId}/users/${w.projectId}/roles/${MEMBER}`],
      ["DELETE", `/identity/v3/projects/${w.projectId}/users/${w.projectId}/roles/${MEMBER}`],
      ["DELETE", `/identity/v3/projects/${w.projectId}`],
      ["GET", "/identity/v3/role_assignments"],
    ];
    for (const [method, path, body] of writes) {
      const res = await rest.call(method, path, { token: demo, ...(body !== undefined && { body }) });
      expect({ method, path, res }).toMatchObject({ res: { status: 403, body: { error: { code: 403, title: "Forbidden" } } } });
    }
    expect(await w.db.select().from(projects).where(eq(projects.name, "by-demo"))).toEqual([]);
    expect(await w.db.select().from(users).where(eq(users.name, "by-demo"))).toEqual([]);
    const denied = (await listAudit(w.db, { outcome: "denied", limit: 100 })).map((e) => e.procedure);
    expect(denied).toEqual(expect.arrayContaining(["identity.createProject", "identity.createUser", "identity.deleteProject"]));
  });

  it("answers no token 401", async () => {
    expect((await rest.call("POST", "/identity/v3/projects", { body: { project: { name: "anon" } } })).status).toBe(401);
  });

  it("answers a 10,000-character name 400 and makes nothing", async () => {
    const name = "n".repeat(10_000);
    const p = await rest.call("POST", "/identity/v3/projects", { token: admin, body: { project: { name } } });
    expect(p).toMatchObject({ status: 400, body: { error: { code: 400, title: "Bad Request" } } });
    const u = await rest.call("POST", "/identity/v3/users", { token: admin, body: { user: { name, password: "long-name-pw-1" } } });
    expect(u).toMatchObject({ status: 400, body: { error: { code: 400 } } });
    expect(await w.db.select().from(projects).where(eq(projects.name, name))).toEqual([]);
    expect(await w.db.select().from(users).where(eq(users.name, name))).toEqual([]);
  });

  it("answers a role assignment for a user that does not exist 404, and grants nothing", async () => {
    const before = await w.db.select().from(roleAssignments);
    const ghost = "00000000-0000-4000-8000-00000000dead";
    const res = await rest.call("PUT", `/identity/v3/projects/${w.projectId}/users/${ghost}/roles/${MEMBER}`, { token: admin });
    expect(res).toMatchObject({ status: 404, body: { error: { code: 404, title: "Not Found" } } });
    const notAnId = await rest.call("PUT", `/identity/v3/projects/${w.projectId}/users/nobody/roles/${MEMBER}`, { token: admin });
    expect(notAnId).toMatchObject({ status: 404, body: { error: { message: "Could not find user: nobody." } } });
    const noRole = await rest.call("PUT", `/identity/v3/projects/${w.projectId}/users/${ghost}/roles/${"f".repeat(32)}`, { token: admin });
    expect(noRole).toMatchObject({ status: 404, body: { error: { message: expect.stringMatching(/^Could not find role/) } } });
    expect(await w.db.select().from(roleAssignments)).toHaveLength(before.length);
  });

  it("lists no assignments for a filter naming what cannot exist", async () => {
    const res = await rest.call<{ role_assignments: unknown[] }>("GET", "/identity/v3/role_assignments?user.id=not-a-user", { token: admin });
    expect(res).toMatchObject({ status: 200, body: { role_assignments: [] } });
  });
});

describe("Debian's openstack CLI", () => {
  it("creates a project and a user, adds a role, lists the assignment by name, and deletes them", async () => {
    const cli = openstackCli(world.server.url);
    const asAdmin = { name: "admin", password: "admin-pw-1", project: "demo" };
    try {
      const project = await cli.json<{ id: string; name: string }>(asAdmin, ["project", "create", "--description", "by the CLI", "cli-p1"]);
      expect(project).toMatchObject({ name: "cli-p1", description: "by the CLI" });
      const user = await cli.json<{ id: string; name: string }>(asAdmin, ["user", "create", "--password", "cli-user-pw-1", "cli-u1"]);
      expect(user.name).toBe("cli-u1");
      expect((await cli.run(asAdmin, ["role", "add", "--project", "cli-p1", "--user", "cli-u1", "load-balancer_member"])).exitCode).toBe(0);
      const listed = await cli.json<{ Role: string; User: string; Project: string }[]>(asAdmin, ["role", "assignment", "list", "--project", "cli-p1", "--names"]);
      expect(listed).toEqual([expect.objectContaining({ Role: "load-balancer_member", User: "cli-u1@Default", Project: "cli-p1@Default" })]);
      expect((await cli.run(asAdmin, ["user", "delete", "cli-u1"])).exitCode).toBe(0);
      expect((await cli.run(asAdmin, ["project", "delete", "cli-p1"])).exitCode).toBe(0);
      expect(await w.db.select().from(projects).where(eq(projects.name, "cli-p1"))).toEqual([]);
    } finally {
      cli.dispose();
    }
  }, 120_000);
});
