import type { Db } from "@/db/client";
import { type AuditOutcome, recordAudit } from "./audit";
import { defaultProject, findProject, holdsCloudAdminGrant, type Identity, projectsOf, scopedIdentity, verifyCredentials } from "./identity";
import type { LoginLimiter } from "./login-limiter";
import { resolveTokenHolder, type TokenScope } from "./tokens";

// The one way a credential becomes an identity, for the dashboard's login (auth.login) and
// Keystone's password and token methods alike, so every door shares one limiter and one audit
// trail:
//
// 1. the limiter reserves the attempt (or says how long to wait) before anything is awaited; a
//    token is counted under the name `(token)`, so bad tokens from one address are throttled too;
// 2. the password is verified outside any transaction (argon2 is slow on purpose, and on PGlite
//    a transaction holds the only connection), or the token resolved: an expired, revoked or
//    no longer valid token proves nothing;
// 3. the grant is scoped as asked: a project the user holds a role in, the user's first project
//    (the dashboard), the Default domain (the cloud admin only), or nothing (unscoped);
// 4. the outcome is audited with the user tried (and their id when known), as one insert of its
//    own; of a series of throttled attempts only the first.

export interface AuthenticateDeps {
  db: Db;
  limiter: LoginLimiter;
}

/** What proves who is asking: a name and password, or a live token of theirs. */
export type Proof = { password: { name: string; password: string } } | { token: string };

/** What the grant is scoped to. */
export type ScopeRequest =
  | { project: { id?: string | undefined; name?: string | undefined } }
  /** The dashboard's login: the user's first project. */
  | { firstProject: true }
  | { domain: true }
  | { unscoped: true };

export interface GrantAttempt {
  proof: Proof;
  scope: ScopeRequest;
  clientAddress: string;
  requestId: string;
  /** Which door, as the audit log names it: `auth.login` or `keystone.auth.tokens`. */
  door: string;
}

export interface Grant {
  user: { id: string; name: string };
  scope: TokenScope;
  /** The project-scoped identity; null for a domain-scoped or unscoped grant. */
  identity: Identity | null;
  /** A project of the user's the token row names (the project in scope when there is one). */
  projectId: string;
  /** The methods the grant came by: a rescoped token's keep the original's. */
  methods: string[];
  /** The end of the token it came from, when rescoped: the new one must not outlive it. */
  notAfter?: string;
}

export type GrantResult =
  | { ok: true; grant: Grant }
  /** Too many failures from this address, or for this user from it. */
  | { ok: false; reason: "throttled"; retryAfterMs: number }
  /** Unknown user, wrong password, disabled account, or a token not live: the caller cannot tell which. */
  | { ok: false; reason: "credentials" }
  /** Proven, but the project asked for does not exist or holds no role of the user (or the user holds none anywhere). */
  | { ok: false; reason: "project" }
  /** Proven, but the domain asked for is not the cloud admin's to scope to. */
  | { ok: false; reason: "domain" };

const TOKEN_USER = "(token)";

/** Checks the proof and scopes the grant, through the shared limiter, auditing the outcome. */
export async function grant(deps: AuthenticateDeps, attempt: GrantAttempt): Promise<GrantResult> {
  const tried = "password" in attempt.proof ? attempt.proof.password.name : TOKEN_USER;
  const audit = (outcome: AuditOutcome, actor: { userId: string | null; userName?: string; projectId: string | null }, detail: string | null) =>
    recordAudit(deps.db, {
      ctx: { identity: null, requestId: attempt.requestId },
      actor: { userId: actor.userId, projectId: actor.projectId, userName: actor.userName ?? tried },
      procedure: attempt.door,
      outcome,
      resourceId: null,
      detail: `${detail ? `${detail}; ` : ""}from ${attempt.clientAddress}`,
    });

  const reservation = deps.limiter.reserve(tried, attempt.clientAddress);
  if (!reservation.allowed) {
    // Only the first refusal of a series is recorded: refusals cost no hash, and must cost no row either.
    if (reservation.first) await audit("denied", { userId: null, projectId: null }, `throttled for ${Math.ceil(reservation.retryAfterMs / 1000)} s (later refusals not recorded)`);
    return { ok: false, reason: "throttled", retryAfterMs: reservation.retryAfterMs };
  }
  let proven: { user: { id: string; name: string }; methods: string[]; notAfter?: string } | null = null;
  if ("password" in attempt.proof) {
    const { user, ok } = await verifyCredentials(deps.db, attempt.proof.password.name, attempt.proof.password.password);
    if (!user || !ok) {
      await audit("denied", { userId: user?.id ?? null, projectId: null }, "invalid credentials");
      return { ok: false, reason: "credentials" };
    }
    proven = { user, methods: ["password"] };
  } else {
    const holder = await resolveTokenHolder(deps.db, attempt.proof.token);
    if (!holder) {
      await audit("denied", { userId: null, projectId: null }, "token unknown, expired or revoked");
      return { ok: false, reason: "credentials" };
    }
    proven = { user: holder.user, methods: [...new Set(["token", ...holder.token.methods])], notAfter: holder.token.expires_at };
  }
  // The credential was right: the guess is refunded whatever the scope says.
  reservation.succeeded();
  const { user } = proven;
  const who = { userId: user.id, userName: user.name };
  const scope = attempt.scope;
  const denied = async (reason: "project" | "domain", projectId: string | null, detail: string): Promise<GrantResult> => {
    await audit("denied", { ...who, projectId }, detail);
    return { ok: false, reason };
  };

  let scoped: Pick<Grant, "scope" | "identity" | "projectId">;
  if ("project" in scope || "firstProject" in scope) {
    const project = "project" in scope && (scope.project.id || scope.project.name) ? await findProject(deps.db, scope.project) : "firstProject" in scope ? defaultProject(await projectsOf(deps.db, user.id)) : null;
    const identity = project ? await scopedIdentity(deps.db, user.id, project.id) : null;
    if (!identity) return denied("project", project?.id ?? null, "no role in the project asked for");
    scoped = { scope: "project", identity, projectId: identity.project.id };
  } else {
    // The row needs a project of the user's (see tokens.ts); one who holds no role anywhere has nothing to scope to later either.
    const anchor = (await projectsOf(deps.db, user.id))[0];
    if ("domain" in scope && !(await holdsCloudAdminGrant(deps.db, user.id))) return denied("domain", null, "no role on the domain asked for");
    if (!anchor) return denied("project", null, "no role in any project");
    scoped = { scope: "domain" in scope ? "domain" : "unscoped", identity: null, projectId: anchor.id };
  }
  await audit("success", { ...who, projectId: scoped.identity?.project.id ?? null }, scoped.scope === "project" ? null : `${scoped.scope}${proven.notAfter ? ", rescoped" : ""}`);
  return { ok: true, grant: { user, ...scoped, methods: proven.methods, ...(proven.notAfter && { notAfter: proven.notAfter }) } };
}

// The dashboard's login: a password, scoped to the project asked for or the user's first.

export interface LoginAttempt {
  name: string;
  password: string;
  /** The project to scope to, by id or name; the user's first project when absent. */
  project?: { id?: string | undefined; name?: string | undefined } | undefined;
  clientAddress: string;
  requestId: string;
  /** Which door, as the audit log names it. */
  door: string;
}

export type LoginResult =
  | { ok: true; identity: Identity }
  | { ok: false; reason: "throttled"; retryAfterMs: number }
  | { ok: false; reason: "credentials" }
  | { ok: false; reason: "project" };

export async function authenticate(deps: AuthenticateDeps, attempt: LoginAttempt): Promise<LoginResult> {
  const result = await grant(deps, {
    proof: { password: { name: attempt.name, password: attempt.password } },
    scope: attempt.project?.id || attempt.project?.name ? { project: attempt.project } : { firstProject: true },
    clientAddress: attempt.clientAddress,
    requestId: attempt.requestId,
    door: attempt.door,
  });
  if (result.ok) return result.grant.identity ? { ok: true, identity: result.grant.identity } : { ok: false, reason: "project" };
  return result.reason === "domain" ? { ok: false, reason: "project" } : result;
}
