import { ForbiddenError, TooManyRequestsError, UnauthorizedError, ValidationError } from "@/server/kernel/errors";
import type { Db } from "@/db/client";
import { authenticate } from "./authenticate";
import { clearedSessionCookie, sessionCookie } from "./cookies";
import { type Identity, projectsOf, scopedIdentity } from "./identity";
import type { LoginLimiter } from "./login-limiter";
import { createSession, endSession, type SessionSettings, setSessionProject } from "./sessions";

// Dashboard login, logout and project switching: the verbs behind `auth.*`.

/** One message for a wrong password, an unknown user and a disabled one alike. */
export const LOGIN_FAILED = "Invalid credentials. Check the user name and password and try again.";

export interface AuthContext {
  db: Db;
  identity: Identity | null;
  sessionSecret: string | null;
  clientAddress: string;
  requestId: string;
  secure: boolean;
  setCookie: (value: string) => void;
  loginLimiter: LoginLimiter;
}

/** What a throttled login is told: how long to wait, in the largest unit that says it. */
export function throttledMessage(retryAfterMs: number): string {
  const seconds = Math.ceil(retryAfterMs / 1000);
  const wait = seconds < 120 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`;
  return `Too many failed logins. Try again in ${wait}.`;
}

/** Audited by authenticate() itself (with the user tried), not by the mutation's audit middleware. */
export async function login(ctx: AuthContext, input: { name: string; password: string; project_id?: string | undefined }, settings: SessionSettings) {
  const result = await authenticate(
    { db: ctx.db, limiter: ctx.loginLimiter },
    { name: input.name, password: input.password, project: input.project_id ? { id: input.project_id } : undefined, clientAddress: ctx.clientAddress, requestId: ctx.requestId, door: "auth.login" },
  );
  if (!result.ok) {
    if (result.reason === "throttled") throw new TooManyRequestsError(throttledMessage(result.retryAfterMs));
    throw new UnauthorizedError(LOGIN_FAILED);
  }
  const { user, project } = result.identity;
  // A new id at every login: whatever session id the browser had before is worth nothing now.
  if (ctx.sessionSecret) await endSession(ctx.db, ctx.sessionSecret);
  const session = await createSession(ctx.db, user.id, project.id, settings);
  ctx.setCookie(sessionCookie(session.secret, { maxAgeSeconds: Math.floor(settings.absoluteMs / 1000), secure: ctx.secure }));
  return { user, project };
}

export async function logout(ctx: AuthContext) {
  if (ctx.sessionSecret) await endSession(ctx.db, ctx.sessionSecret);
  ctx.setCookie(clearedSessionCookie(ctx.secure));
  return { ok: true };
}

/** Who the caller is, and the projects they may switch to. */
export async function me(ctx: AuthContext) {
  const identity = ctx.identity;
  if (!identity) throw new UnauthorizedError("The request you have made requires authentication.");
  return { ...identity, projects: await projectsOf(ctx.db, identity.user.id) };
}

export async function switchProject(ctx: AuthContext, projectId: string) {
  const identity = ctx.identity;
  if (!identity) throw new UnauthorizedError("The request you have made requires authentication.");
  if (!ctx.sessionSecret) throw new ValidationError("Only a dashboard session can switch projects; a token is scoped when it is issued.");
  const next = await scopedIdentity(ctx.db, identity.user.id, projectId);
  if (!next) throw new ForbiddenError(`You have no role in project ${projectId}.`);
  await setSessionProject(ctx.db, ctx.sessionSecret, projectId);
  return next;
}
