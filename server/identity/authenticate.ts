import type { Db } from "@/db/client";
import { type AuditOutcome, recordAudit } from "./audit";
import { defaultProject, findProject, type Identity, projectsOf, scopedIdentity, verifyCredentials } from "./identity";
import type { LoginLimiter } from "./login-limiter";

// The one way a password becomes an identity, for the dashboard's login (auth.login) and
// Keystone's password method alike, so both doors share one limiter and one audit trail:
//
// 1. the limiter reserves the attempt (or says how long to wait) before anything is awaited;
// 2. the password is verified outside any transaction (argon2 is slow on purpose, and on PGlite
//    a transaction holds the only connection);
// 3. the identity is scoped to the project asked for, or the user's first;
// 4. the outcome is audited with the user tried (and their id when the name exists), as one
//    insert of its own; of a series of throttled attempts only the first.

export interface AuthenticateDeps {
  db: Db;
  limiter: LoginLimiter;
}

export interface LoginAttempt {
  name: string;
  password: string;
  /** The project to scope to, by id or name; the user's first project when absent. */
  project?: { id?: string | undefined; name?: string | undefined } | undefined;
  clientAddress: string;
  requestId: string;
  /** Which door, as the audit log names it: `auth.login` or `keystone.auth.tokens`. */
  door: string;
}

export type LoginResult =
  | { ok: true; identity: Identity }
  /** Too many failures from this address, or for this user from it. */
  | { ok: false; reason: "throttled"; retryAfterMs: number }
  /** Unknown user, wrong password or disabled account: the caller cannot tell which. */
  | { ok: false; reason: "credentials" }
  /** Right password, but the project asked for does not exist or holds no role of the user. */
  | { ok: false; reason: "project" };

export async function authenticate(deps: AuthenticateDeps, attempt: LoginAttempt): Promise<LoginResult> {
  const audit = (outcome: AuditOutcome, actor: { userId: string | null; projectId: string | null }, detail: string | null) =>
    recordAudit(deps.db, {
      ctx: { identity: null, requestId: attempt.requestId },
      actor: { ...actor, userName: attempt.name },
      procedure: attempt.door,
      outcome,
      resourceId: null,
      detail: `${detail ? `${detail}; ` : ""}from ${attempt.clientAddress}`,
    });

  const reservation = deps.limiter.reserve(attempt.name, attempt.clientAddress);
  if (!reservation.allowed) {
    // Only the first refusal of a series is recorded: refusals cost no hash, and must cost no row either.
    if (reservation.first) await audit("denied", { userId: null, projectId: null }, `throttled for ${Math.ceil(reservation.retryAfterMs / 1000)} s (later refusals not recorded)`);
    return { ok: false, reason: "throttled", retryAfterMs: reservation.retryAfterMs };
  }
  const { user, ok } = await verifyCredentials(deps.db, attempt.name, attempt.password);
  if (!user || !ok) {
    await audit("denied", { userId: user?.id ?? null, projectId: null }, "invalid credentials");
    return { ok: false, reason: "credentials" };
  }
  // The password was right: the guess is refunded whatever the project says.
  reservation.succeeded();
  const project = attempt.project?.id || attempt.project?.name ? await findProject(deps.db, attempt.project) : defaultProject(await projectsOf(deps.db, user.id));
  const identity = project ? await scopedIdentity(deps.db, user.id, project.id) : null;
  if (!identity) {
    await audit("denied", { userId: user.id, projectId: project?.id ?? null }, "no role in the project asked for");
    return { ok: false, reason: "project" };
  }
  await audit("success", { userId: user.id, projectId: identity.project.id }, null);
  return { ok: true, identity };
}
