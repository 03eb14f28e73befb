import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { AuditOutcome } from "@/server/services/schemas/audit";
import type { Identity } from "./identity";

// The audit log: every mutation of an authenticated caller, allowed or refused, with its actor,
// written by the tRPC layer in the mutation's own transaction (server/trpc/init.ts); and every
// login attempt from either door, with the user name tried (server/identity/authenticate.ts).
// Read by admins; rows older than AUDIT_RETENTION_DAYS are purged (housekeeping.ts).

export type { AuditOutcome };

interface AuditSource {
  identity: Identity | null;
  requestId: string;
}

/** Who a record names when there is no identity yet: a login attempt's user (known or only tried). */
export interface AuditActor {
  userId: string | null;
  userName: string;
  projectId: string | null;
}

export async function recordAudit(
  db: Db,
  entry: { ctx: AuditSource; actor?: AuditActor; procedure: string; outcome: AuditOutcome; resourceId: string | null; detail: string | null },
): Promise<void> {
  const { identity, requestId } = entry.ctx;
  const actor = entry.actor;
  await db.insert(auditLog).values({
    request_id: requestId,
    user_id: actor ? actor.userId : (identity?.user.id ?? null),
    user_name: (actor ? actor.userName : identity?.user.name)?.slice(0, 255) ?? null,
    project_id: actor ? actor.projectId : (identity?.project.id ?? null),
    procedure: entry.procedure,
    resource_id: entry.resourceId,
    outcome: entry.outcome,
    detail: entry.detail?.slice(0, 1000) ?? null,
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The resource a mutation acted on: the `id` of its result, or of its input. */
export function resourceIdOf(value: unknown): string | null {
  if (value && typeof value === "object" && "id" in value && typeof value.id === "string" && UUID.test(value.id)) return value.id;
  return null;
}

export interface AuditQuery {
  project_id?: string | undefined;
  user_id?: string | undefined;
  outcome?: AuditOutcome | undefined;
  /** Entries older than this id (the last one of the previous page). */
  before?: number | undefined;
  limit?: number | undefined;
}

export async function listAudit(db: Db, query: AuditQuery) {
  const conditions: SQL[] = [];
  if (query.project_id) conditions.push(eq(auditLog.project_id, query.project_id));
  if (query.user_id) conditions.push(eq(auditLog.user_id, query.user_id));
  if (query.outcome) conditions.push(eq(auditLog.outcome, query.outcome));
  if (query.before) conditions.push(lt(auditLog.id, query.before));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit ?? 100);
}
