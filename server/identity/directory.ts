import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { projects, users } from "@/db/schema";
import { projectsOf } from "./identity";
import { allows, type PolicySubject } from "./policy";

// What a caller may look up about the cloud's projects and users (Keystone's GET /v3/projects
// and /v3/users, which the CLI uses to turn a name into an id): an admin every one; anyone else
// the projects they hold a role in and themselves, so a look-up never tells a member what else
// exists. A caller is whoever holds a token, of any scope.

type Reader = PolicySubject & { user: { id: string } };

export interface ProjectEntry {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
}

export interface UserEntry {
  id: string;
  name: string;
  enabled: boolean;
}

export async function visibleProjects(db: Db, who: Reader): Promise<ProjectEntry[]> {
  if (allows("cloud-admin", who)) {
    return db.select({ id: projects.id, name: projects.name, description: projects.description, enabled: projects.enabled }).from(projects).orderBy(asc(projects.name));
  }
  return projectsHeld(db, who.user.id);
}

const projectsHeld = async (db: Db, userId: string): Promise<ProjectEntry[]> => (await projectsOf(db, userId)).map((p) => ({ id: p.id, name: p.name, description: "", enabled: true }));

/**
 * The projects `userId` holds a role in (Keystone's GET /v3/users/{id}/projects and
 * /v3/auth/projects, where a client picks the project to rescope to): a user's own, or anyone's
 * for the cloud admin; null for anyone else's.
 */
export async function projectsOfUser(db: Db, who: Reader, userId: string): Promise<ProjectEntry[] | null> {
  if (userId !== who.user.id && !allows("cloud-admin", who)) return null;
  return projectsHeld(db, userId);
}

export async function visibleUsers(db: Db, who: Reader): Promise<UserEntry[]> {
  return db
    .select({ id: users.id, name: users.name, enabled: users.enabled })
    .from(users)
    .where(allows("cloud-admin", who) ? undefined : eq(users.id, who.user.id))
    .orderBy(asc(users.name));
}
