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
export async function holdsCloudAdminGrant(db: Db, userId: string): Promise<boolean> {
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

/**
 * Checks a user name and password: `user` is the account the name belongs to (null when none),
 * `ok` whether the password is right and the account enabled. An unknown name costs as long as a
 * wrong password. Runs no transaction: the slow hash must never hold a database lock.
 */
export async function verifyCredentials(db: Db, name: string, password: string): Promise<{ user: { id: string; name: string } | null; ok: boolean }> {
  const [user] = await db.select({ id: users.id, name: users.name, enabled: users.enabled, password_hash: users.password_hash }).from(users).where(eq(users.name, name));
  if (!user) {
    await burnVerifyTime(password);
    return { user: null, ok: false };
  }
  const ok = await verifyPassword(user.password_hash, password);
  return { user: { id: user.id, name: user.name }, ok: ok && user.enabled };
}

/** The enabled user with this name and password, or null: one answer for every kind of failure. */
export async function checkPassword(db: Db, name: string, password: string): Promise<{ id: string; name: string } | null> {
  const { user, ok } = await verifyCredentials(db, name, password);
  return ok ? user : null;
}

/** A user's name by id (Keystone lets a client name itself by either); null when unknown. */
export async function userNameOf(db: Db, id: string): Promise<string | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, id));
  return row?.name ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
export async function findProject(db: Db, ref: { id?: string | undefined; name?: string | undefined }): Promise<{ id: string; name: string; enabled: boolean } | null> {
  const where = ref.id ? eq(projects.id, ref.id) : eq(projects.name, ref.name ?? "");
  if (ref.id && !UUID.test(ref.id)) return null;
  const [row] = await db.select({ id: projects.id, name: projects.name, enabled: projects.enabled }).from(projects).where(where);
  return row ?? null;
}

/** Where a login without a chosen project lands: the oldest project the user belongs to. */
export function defaultProject<T extends { created_at: string }>(candidates: T[]): T | undefined {
  return [...candidates].sort((a, b) => a.created_at.localeCompare(b.created_at))[0];
}
