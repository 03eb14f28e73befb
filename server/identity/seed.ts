import { randomBytes } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { networks, projects, type Role, roleAssignments, subnets, users } from "@/db/schema";
import { ADMIN_PROJECT_NAME } from "@/db/schema/roles";
import { ensureProject, seedNetwork, seedRouter } from "@/server/cloud/seed";
import { hashPassword } from "./passwords";

// The identities a fresh installation starts with. Always an `admin` user, admin of Keystone's
// admin project (which makes them the cloud admin: users, projects, roles) and of the default
// project (Octavia's admin there, and where they land after logging in), so the operator can log in; with the demo cloud also a second project `alt` (its own
// network and router1 to the shared `public`, to show isolation) and the users demo (member of demo), viewer (reader of demo) and
// alt (member of alt), each member also Octavia's `load-balancer_member` and the reader its
// `load-balancer_observer`. Only into an empty users table: later changes are the operator's.

export interface SeedPasswords {
  admin?: string | undefined;
  /** The password of demo, viewer and alt alike; each gets its own made-up one when unset. */
  demo?: string | undefined;
}

export interface SeededCredentials {
  /** Passwords this seed made up (none when the caller gave them all), by user. */
  generated: Record<string, string>;
}

const randomPassword = () => randomBytes(12).toString("base64url");

async function ensureAltProject(db: Db, demoProjectId: string): Promise<string> {
  const [project] = await db.insert(projects).values({ name: "alt", description: "A second tenant, to show isolation" }).onConflictDoNothing().returning();
  if (!project) throw new Error("project alt exists without its users: seed refused");
  // The same 10.0.0.0/24 as demo's selfservice: another network, another bridge, no clash.
  const subnet = await seedNetwork(db, project.id, "alt-net", "10.0.0.0/24", "alt-subnet");
  // alt's router1 reaches the demo cloud's shared `public` network, as demo's does.
  const [external] = await db
    .select({ subnet: subnets })
    .from(subnets)
    .innerJoin(networks, eq(subnets.network_id, networks.id))
    .where(and(eq(networks.project_id, demoProjectId), eq(networks.router_external, true)))
    .limit(1);
  if (external) await seedRouter(db, { project_id: project.id, external: external.subnet, interfaces: [subnet] });
  return project.id;
}

/** Seeds the users (and with `demo`, the alt project) unless any user exists. Null when nothing was seeded. */
export async function seedIdentities(
  db: Db,
  opts: { projectId: string; demo: boolean; passwords: SeedPasswords },
): Promise<SeededCredentials | null> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(users);
    if ((existing?.n ?? 0) > 0) return null;
    const generated: Record<string, string> = {};
    const password = (user: string, given: string | undefined) => {
      if (given) return given;
      generated[user] = randomPassword();
      return generated[user];
    };
    const adminPassword = password("admin", opts.passwords.admin);
    const adminProjectId = await ensureProject(tx, ADMIN_PROJECT_NAME);
    const grants: [string, string, Role][] = [
      ["admin", adminProjectId, "admin"],
      ["admin", opts.projectId, "admin"],
    ];
    const accounts: [string, string][] = [["admin", adminPassword]];
    if (opts.demo) {
      const altId = await ensureAltProject(tx, opts.projectId);
      // Each its own made-up password (alt must not be able to log in as demo); DEMO_PASSWORD, when
      // given, is all three's.
      for (const user of ["demo", "viewer", "alt"]) accounts.push([user, password(user, opts.passwords.demo)]);
      // Keystone's role and Octavia's beside it, as a real cloud grants them: clients with
      // Octavia's shipped policy (Horizon's octavia-dashboard) look for load-balancer_* only.
      grants.push(
        ["admin", altId, "admin"],
        ["demo", opts.projectId, "member"],
        ["demo", opts.projectId, "load-balancer_member"],
        ["viewer", opts.projectId, "reader"],
        ["viewer", opts.projectId, "load-balancer_observer"],
        ["alt", altId, "member"],
        ["alt", altId, "load-balancer_member"],
      );
    }
    const ids = new Map<string, string>();
    for (const [name, pw] of accounts) {
      const [user] = await tx.insert(users).values({ name, password_hash: await hashPassword(pw) }).returning({ id: users.id });
      if (!user) throw new Error("user insert returned no row");
      ids.set(name, user.id);
    }
    for (const [name, projectId, role] of grants) await tx.insert(roleAssignments).values({ user_id: ids.get(name) ?? "", project_id: projectId, role });
    return { generated };
  });
}
