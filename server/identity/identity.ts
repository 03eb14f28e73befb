import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { projects, type Role, roleAssignments, users } from "@/db/schema";
import { cloudAdminGrant } from "./policy";
import { burnVerifyTime, verifyPassword } from "./passwords";

// Who is asking: a user, the project their session or token is scoped to, and the roles they
// hold there. Resolved once per request; the policy decides with it, services filter by it.

export interface Identity {
  user: { id: string; name: string };
  project: { id: string; name: string };
  roles: Role[];
  /** Holds `admin` on the admin project: Keystone's cloud admin (policy.ts's "cloud-admin" rule), whatever the project in scope. */
  cloudAdmin: boolean;
}

/** The identity of `userId` scoped to `projectId`; null when either is disabled or gone, or no role is held there. */
export async function scopedIdentity(db: Db, userId: string, projectId: string): Promise<Identity | null> {
  const rows = await db
    .select({ userName: users.name, userEnabled: users.enabled, projectName: projects.name, projectEnabled: projects.enabled, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.user_id))
    .innerJoin(projects, eq(projects.id, roleAssignments.project_id))
    .where(and(eq(roleAssignments.user_id, userId), eq(roleAssignments.project_id, projectId)));
  const first = rows[0];
  if (!first || !first.userEnabled || !first.projectEnabled) return null;
  const roles = rows.map((r) => r.role);
  return { user: { id: userId, name: first.userName }, project: { id: projectId, name: first.projectName }, roles, cloudAdmin: await holdsCloudAdminGrant(db, userId) };
}

/** Whether the user holds the cloud admin's grant: the role on the (enabled) admin project. */
async function holdsCloudAdminGrant(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(projects, eq(projects.id, roleAssignments.project_id))
    .where(
      and(
        eq(roleAssignments.user_id, userId),
        eq(roleAssignments.role, cloudAdminGrant.role),
        eq(projects.name, cloudAdminGrant.projectName),
        eq(projects.enabled, true),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** The enabled user with this name and password, or null: one answer for every kind of failure. */
export async function checkPassword(db: Db, name: string, password: string): Promise<{ id: string; name: string } | null> {
  const [user] = await db.select().from(users).where(eq(users.name, name));
  if (!user) {
    await burnVerifyTime(password);
    return null;
  }
  const ok = await verifyPassword(user.password_hash, password);
  return ok && user.enabled ? { id: user.id, name: user.name } : null;
}

/** The enabled projects `userId` holds a role in, by name: the project switcher's list. */
export async function projectsOf(db: Db, userId: string): Promise<{ id: string; name: string; created_at: string }[]> {
  const rows = await db
    .selectDistinct({ id: projects.id, name: projects.name, created_at: projects.created_at })
    .from(roleAssignments)
    .innerJoin(projects, eq(projects.id, roleAssignments.project_id))
    .where(and(eq(roleAssignments.user_id, userId), eq(projects.enabled, true)))
    .orderBy(projects.name);
  return rows;
}

/** A project by id or by name (Keystone scopes take either). */
export async function findProject(db: Db, ref: { id?: string; name?: string }): Promise<{ id: string; name: string; enabled: boolean } | null> {
  const where = ref.id ? eq(projects.id, ref.id) : eq(projects.name, ref.name ?? "");
  if (ref.id && !/^[0-9a-f-]{36}$/i.test(ref.id)) return null;
  const [row] = await db.select({ id: projects.id, name: projects.name, enabled: projects.enabled }).from(projects).where(where);
  return row ?? null;
}

/** Where a login without a chosen project lands: the oldest project the user belongs to. */
export function defaultProject<T extends { created_at: string }>(candidates: T[]): T | undefined {
  return [...candidates].sort((a, b) => a.created_at.localeCompare(b.created_at))[0];
}
