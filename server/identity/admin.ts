import { and, eq } from "drizzle-orm";
import { ADMIN_PROJECT_NAME } from "@/db/schema/roles";
import type { Db } from "@/db/client";
import { projects, type Role, roleAssignments, users } from "@/db/schema";
import { ConflictError, ForbiddenError, NotFoundError } from "@/server/kernel/errors";
import { hashPassword } from "./passwords";
import { announceAccessChange } from "./revocations";
import { endSessionsOf } from "./sessions";
import { revokeTokensOf } from "./tokens";

// Keystone's admin verbs for the Identity panels: projects, users and role assignments. Disabling
// is how Keystone retires a user or project: their tokens and sessions stop resolving at once
// (identity.ts checks `enabled` on every request), while their rows and history stay. A user's
// password change or disabling also ends their sessions and revokes their tokens, as Keystone
// does, so enabling the account again does not bring old credentials back.

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string }).code === "23505" || (err as { cause?: { code?: string } }).cause?.code === "23505";

export async function listProjects(db: Db) {
  return db.select().from(projects).orderBy(projects.name);
}

export async function createProject(db: Db, input: { name: string; description?: string | undefined; enabled?: boolean | undefined }) {
  try {
    const [row] = await db.insert(projects).values(input).returning();
    if (!row) throw new Error("project insert returned no row");
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`Conflict occurred attempting to store project - Duplicate entry found with name ${input.name}.`, "name");
    throw err;
  }
}

export async function updateProject(db: Db, input: { id: string; name?: string | undefined; description?: string | undefined; enabled?: boolean | undefined }) {
  const { id, ...changes } = input;
  try {
    const [row] = await db.update(projects).set(changes).where(eq(projects.id, id)).returning();
    if (!row) throw new NotFoundError("Project", id);
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`Conflict occurred attempting to store project - Duplicate entry found with name ${input.name}.`, "name");
    throw err;
  }
}

/**
 * Deletes a project (Keystone's DELETE /v3/projects/{id}): its role assignments and quotas go with
 * it, and whoever held a role there loses it at once. The admin project stays: deleting it would
 * leave the cloud with no one to administer it.
 */
export async function deleteProject(db: Db, input: { id: string }) {
  const [project] = await db.select({ name: projects.name }).from(projects).where(eq(projects.id, input.id));
  if (!project) throw new NotFoundError("Project", input.id);
  if (project.name === ADMIN_PROJECT_NAME) throw new ForbiddenError("The admin project cannot be deleted.");
  const holders = await db.select({ user_id: roleAssignments.user_id }).from(roleAssignments).where(eq(roleAssignments.project_id, input.id));
  await db.delete(projects).where(eq(projects.id, input.id));
  for (const { user_id } of holders) announceAccessChange(user_id);
  return input;
}

const userView = (row: typeof users.$inferSelect) => ({ id: row.id, name: row.name, enabled: row.enabled, created_at: row.created_at });

export async function listUsers(db: Db) {
  return (await db.select().from(users).orderBy(users.name)).map(userView);
}

/** A user, and with `project_id` and `role` a first role there, in one transaction: both or neither. */
export async function createUser(
  db: Db,
  input: { name: string; password: string; enabled?: boolean | undefined; project_id?: string | undefined; role?: Role | undefined },
) {
  const password_hash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(users).values({ name: input.name, password_hash, enabled: input.enabled ?? true }).returning();
      if (!row) throw new Error("user insert returned no row");
      if (input.project_id && input.role) await grantRole(tx, { user_id: row.id, project_id: input.project_id, role: input.role });
      return userView(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`Conflict occurred attempting to store user - Duplicate entry found with name ${input.name}.`, "name");
    throw err;
  }
}

/** Ends what a user is logged in with: their sessions and tokens, and their open status streams. */
async function signOutEverywhere(db: Db, userId: string): Promise<void> {
  await endSessionsOf(db, userId);
  await revokeTokensOf(db, userId);
  announceAccessChange(userId);
}

export async function updateUser(db: Db, input: { id: string; enabled?: boolean | undefined }) {
  const { id, ...changes } = input;
  const [row] = await db.update(users).set(changes).where(eq(users.id, id)).returning();
  if (!row) throw new NotFoundError("User", id);
  if (input.enabled === false) await signOutEverywhere(db, id);
  return userView(row);
}

/** Deletes a user (Keystone's DELETE /v3/users/{id}): signed out everywhere first, their role assignments go with them. */
export async function deleteUser(db: Db, input: { id: string }) {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, input.id));
  if (!user) throw new NotFoundError("User", input.id);
  await signOutEverywhere(db, input.id);
  await db.delete(users).where(eq(users.id, input.id));
  return input;
}

export async function setPassword(db: Db, input: { id: string; password: string }) {
  const [row] = await db.update(users).set({ password_hash: await hashPassword(input.password) }).where(eq(users.id, input.id)).returning();
  if (!row) throw new NotFoundError("User", input.id);
  await signOutEverywhere(db, input.id);
  return userView(row);
}

export async function listRoleAssignments(db: Db, filter: { user_id?: string | undefined; project_id?: string | undefined }) {
  return db
    .select({ user_id: roleAssignments.user_id, user_name: users.name, project_id: roleAssignments.project_id, project_name: projects.name, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.user_id))
    .innerJoin(projects, eq(projects.id, roleAssignments.project_id))
    .where(
      and(
        filter.user_id ? eq(roleAssignments.user_id, filter.user_id) : undefined,
        filter.project_id ? eq(roleAssignments.project_id, filter.project_id) : undefined,
      ),
    )
    .orderBy(projects.name, users.name, roleAssignments.role);
}

export async function grantRole(db: Db, input: { user_id: string; project_id: string; role: Role }) {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, input.user_id));
  if (!user) throw new NotFoundError("User", input.user_id);
  const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.id, input.project_id));
  if (!project) throw new NotFoundError("Project", input.project_id);
  await db.insert(roleAssignments).values(input).onConflictDoNothing();
  return input;
}

export async function revokeRole(db: Db, input: { user_id: string; project_id: string; role: Role }) {
  const rows = await db
    .delete(roleAssignments)
    .where(and(eq(roleAssignments.user_id, input.user_id), eq(roleAssignments.project_id, input.project_id), eq(roleAssignments.role, input.role)))
    .returning();
  if (rows.length === 0) throw new NotFoundError("Role assignment", `${input.role} of user ${input.user_id} on project ${input.project_id}`);
  announceAccessChange(input.user_id);
  return input;
}
