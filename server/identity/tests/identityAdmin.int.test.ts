import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedIdentities } from "@/server/identity/seed";
import { resolveToken, issueToken } from "@/server/identity/tokens";
import { checkPassword } from "@/server/identity/identity";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";

// The Identity admin procedures: projects, users, passwords and role assignments, as an admin
// manages them, with Keystone's messages; a disabled user or project loses access at once.

let w: TestWorld;
let admin: ReturnType<typeof createCaller>;
beforeAll(async () => {
  w = await testWorld();
  await seedIdentities(w.db, { projectId: w.projectId, demo: true, passwords: { admin: "admin-secret-1", demo: "demo-secret-1" } });
  admin = createCaller(createInnerContext({ db: w.db, projectId: w.projectId, feed: w.feed, isAdmin: true }));
});
afterAll(() => w?.close());

describe("identity administration", () => {
  it("creates a project and a user, grants a role, and the user can then take a token there", async () => {
    const project = await admin.identity.createProject({ name: "team-a", description: "Team A" });
    const user = await admin.identity.createUser({ name: "alice", password: "alice-secret-1" });
    expect(user).not.toHaveProperty("password_hash");
    await admin.identity.grantRole({ user_id: user.id, project_id: project.id, role: "member" });
    expect(await admin.identity.listRoleAssignments({ user_id: user.id })).toEqual([
      { user_id: user.id, user_name: "alice", project_id: project.id, project_name: "team-a", role: "member" },
    ]);
    const token = await issueToken(w.db, user.id, project.id, ["password"], 60_000);
    expect((await resolveToken(w.db, token.secret))?.identity.roles).toEqual(["member"]);

    // Disabling the project ends access at once and enabling it brings it back; disabling the
    // user revokes their tokens for good (as Keystone does): enabled again, they log in again.
    await admin.identity.updateProject({ id: project.id, enabled: false });
    expect(await resolveToken(w.db, token.secret)).toBeNull();
    await admin.identity.updateProject({ id: project.id, enabled: true });
    expect(await resolveToken(w.db, token.secret)).not.toBeNull();
    await admin.identity.updateUser({ id: user.id, enabled: false });
    expect(await resolveToken(w.db, token.secret)).toBeNull();
    expect(await checkPassword(w.db, "alice", "alice-secret-1")).toBeNull();
    await admin.identity.updateUser({ id: user.id, enabled: true });
    expect(await resolveToken(w.db, token.secret)).toBeNull();
    const again = await issueToken(w.db, user.id, project.id, ["password"], 60_000);
    expect(await resolveToken(w.db, again.secret)).not.toBeNull();

    // A revoked role is gone from the next request.
    await admin.identity.revokeRole({ user_id: user.id, project_id: project.id, role: "member" });
    expect(await resolveToken(w.db, again.secret)).toBeNull();
  });

  it("creates a user with a first role on a project in one step, and leaves no user behind when the grant fails", async () => {
    const project = await admin.identity.createProject({ name: "team-b" });
    const user = await admin.identity.createUser({ name: "carol", password: "carol-secret-1", project_id: project.id, role: "reader" });
    expect(await admin.identity.listRoleAssignments({ user_id: user.id })).toEqual([
      { user_id: user.id, user_name: "carol", project_id: project.id, project_name: "team-b", role: "reader" },
    ]);

    const gone = "00000000-0000-4000-8000-00000000beef";
    await expect(admin.identity.createUser({ name: "dave", password: "dave-secret-1", project_id: gone, role: "member" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await admin.identity.listUsers()).map((u) => u.name)).not.toContain("dave");
    // A project without a role (or a role without a project) is refused on the missing field.
    await expect(admin.identity.createUser({ name: "erin", password: "erin-secret-1", project_id: project.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Choose the role the user has on the project"),
    });
  });

  it("sets a password: the old one stops working, the new one works", async () => {
    const user = (await admin.identity.listUsers()).find((u) => u.name === "viewer")!;
    await admin.identity.setPassword({ id: user.id, password: "new-viewer-secret" });
    expect(await checkPassword(w.db, "viewer", "demo-secret-1")).toBeNull();
    expect(await checkPassword(w.db, "viewer", "new-viewer-secret")).toMatchObject({ name: "viewer" });
  });

  it("refuses duplicates, unknown ids, bad input and non-admins with clear messages", async () => {
    await expect(admin.identity.createProject({ name: "demo" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/Duplicate entry found with name demo/) });
    await expect(admin.identity.createUser({ name: "demo", password: "whatever-1" })).rejects.toMatchObject({ code: "CONFLICT" });
    // Through createCaller a validation error's message is zod's issue list; the field's text is in it.
    await expect(admin.identity.createUser({ name: "bob", password: "short" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Password must be at least 8 characters") });
    await expect(admin.identity.createProject({ name: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Project name is required") });
    const someone = "00000000-0000-4000-8000-00000000dead";
    await expect(admin.identity.grantRole({ user_id: someone, project_id: w.projectId, role: "member" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.identity.grantRole({ user_id: someone, project_id: w.projectId, role: "superuser" as "member" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(w.caller.identity.listUsers()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
