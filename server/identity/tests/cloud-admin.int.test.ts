import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/db/schema";
import { ADMIN_PROJECT_NAME } from "@/db/schema/roles";
import { seedIdentities } from "@/server/identity/seed";
import { checkPassword, findProject, scopedIdentity } from "@/server/identity/identity";
import { POLICY_DENIED } from "@/server/identity/policy";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";

// Two admins, as in an OpenStack cloud, with identities resolved from the database as every
// request's are: `admin` on the admin project is the cloud admin (identities, the audit log);
// Octavia's load-balancer_admin, or `admin` on an ordinary project, administers load balancers
// only, and can neither take over the cloud admin nor grant itself anything.

let w: TestWorld;
let cloudAdmin: ReturnType<typeof createCaller>;
let adminUserId: string;
let adminProjectId: string;
beforeAll(async () => {
  w = await testWorld();
  await seedIdentities(w.db, { projectId: w.projectId, demo: true, passwords: { admin: "admin-secret-1", demo: "demo-secret-1" } });
  adminUserId = (await checkPassword(w.db, "admin", "admin-secret-1"))!.id;
  adminProjectId = (await findProject(w.db, { name: ADMIN_PROJECT_NAME }))!.id;
  cloudAdmin = await callerOf(adminUserId, w.projectId);
});
afterAll(() => w?.close());

/** A caller acting as `userId` scoped to `projectId`, resolved like a session's or a token's. */
async function callerOf(userId: string, projectId: string) {
  const identity = await scopedIdentity(w.db, userId, projectId);
  if (!identity) throw new Error(`user ${userId} has no role in ${projectId}`);
  return createCaller(createInnerContext({ db: w.db, feed: w.feed, identity }));
}

/** A new user holding `role` on `projectId` only, and a caller acting as them there. */
async function userWith(name: string, role: Role, projectId: string) {
  const user = await cloudAdmin.identity.createUser({ name, password: `${name}-secret-1`, project_id: projectId, role });
  return { user, caller: await callerOf(user.id, projectId) };
}

describe("the cloud admin", () => {
  it("is the seeded admin, through its role on the admin project, whichever project it works in", async () => {
    expect((await scopedIdentity(w.db, adminUserId, w.projectId))?.cloudAdmin).toBe(true);
    expect((await scopedIdentity(w.db, adminUserId, adminProjectId))).toMatchObject({ roles: ["admin"], cloudAdmin: true });
    const tenant = await userWith("tenant-admin", "admin", w.projectId);
    await cloudAdmin.identity.setPassword({ id: tenant.user.id, password: "tenant-admin-secret-2" });
    expect(await checkPassword(w.db, "tenant-admin", "tenant-admin-secret-2")).not.toBeNull();
    expect((await cloudAdmin.audit.list({})).length).toBeGreaterThan(0);
  });

  it("is not an admin of a project other than the admin project, nor Octavia's load-balancer_admin", async () => {
    const other = await cloudAdmin.identity.createProject({ name: "their-own" });
    for (const [name, role, projectId] of [
      ["own-project-admin", "admin", other.id],
      ["octavia-admin", "load-balancer_admin", w.projectId],
    ] as const) {
      const { user, caller } = await userWith(name, role, projectId);
      expect((await scopedIdentity(w.db, user.id, projectId))?.cloudAdmin, name).toBe(false);
      // Neither takes over the cloud admin's account, grants itself more, or reads the audit log.
      await expect(caller.identity.setPassword({ id: adminUserId, password: "taken-over-1" }), name).rejects.toMatchObject({ code: "FORBIDDEN", message: POLICY_DENIED });
      await expect(caller.identity.grantRole({ user_id: user.id, project_id: adminProjectId, role: "admin" }), name).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.identity.listUsers(), name).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.audit.list({}), name).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect((await scopedIdentity(w.db, user.id, adminProjectId)), name).toBeNull();
      // Load balancers are still theirs to administer: every project's, amphorae included.
      await expect(caller.loadBalancer.list({ all_projects: true }), name).resolves.toBeDefined();
      await expect(caller.amphora.list(), name).resolves.toBeDefined();
    }
    expect(await checkPassword(w.db, "admin", "admin-secret-1")).not.toBeNull();
  });
});
