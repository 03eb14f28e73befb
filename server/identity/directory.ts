import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { projects, users } from "@/db/schema";
import { type Identity, projectsOf } from "./identity";
import { allows } from "./policy";

// What a caller may look up about the cloud's projects and users (Keystone's GET /v3/projects
// and /v3/users, which the CLI uses to turn a name into an id): an admin every one; anyone else
// the projects they hold a role in and themselves, so a look-up never tells a member what else
// exists.

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

export async function visibleProjects(db: Db, who: Identity): Promise<ProjectEntry[]> {
  if (allows("cloud-admin", who)) {
    return db.select({ id: projects.id, name: projects.name, description: projects.description, enabled: projects.enabled }).from(projects).orderBy(asc(projects.name));
  }
  return (await projectsOf(db, who.user.id)).map((p) => ({ id: p.id, name: p.name, description: "", enabled: true }));
}

export async function visibleUsers(db: Db, who: Identity): Promise<UserEntry[]> {
  return db
    .select({ id: users.id, name: users.name, enabled: users.enabled })
    .from(users)
    .where(allows("cloud-admin", who) ? undefined : eq(users.id, who.user.id))
    .orderBy(asc(users.name));
}
