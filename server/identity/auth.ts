import { ForbiddenError, TooManyRequestsError, UnauthorizedError, ValidationError } from "@/server/services/errors";
import type { Db } from "@/db/client";
import { clearedSessionCookie, sessionCookie } from "./cookies";
import { checkPassword, defaultProject, type Identity, projectsOf, scopedIdentity } from "./identity";
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
  secure: boolean;
  setCookie: (value: string) => void;
  loginLimiter: LoginLimiter;
}

export async function login(ctx: AuthContext, input: { name: string; password: string; project_id?: string | undefined }, settings: SessionSettings) {
  const wait = ctx.loginLimiter.retryAfterMs(input.name, ctx.clientAddress);
  if (wait > 0) throw new TooManyRequestsError(`Too many failed logins. Try again in ${Math.ceil(wait / 60_000)} minute(s).`);
  const user = await checkPassword(ctx.db, input.name, input.password);
  const projects = user ? await projectsOf(ctx.db, user.id) : [];
  const project = input.project_id ? projects.find((p) => p.id === input.project_id) : defaultProject(projects);
  if (!user || !project) {
    ctx.loginLimiter.fail(input.name, ctx.clientAddress);
    throw new UnauthorizedError(LOGIN_FAILED);
  }
  ctx.loginLimiter.succeed(input.name);
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
