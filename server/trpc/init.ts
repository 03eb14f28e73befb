import type { AgentPki } from "@/server/agents/pki";
import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { type AuditOutcome, recordAudit, resourceIdOf } from "@/server/identity/audit";
import type { Identity } from "@/server/identity/identity";
import { type LoginLimiter, newLoginLimiter } from "@/server/identity/login-limiter";
import { allows, POLICY, POLICY_DENIED, scopeOf } from "@/server/identity/policy";
import type { ComputeAgent } from "@/server/cloud/compute/agent";
import type { StatusFeed } from "@/server/events/statusFeed";
import type { ServiceContext } from "@/server/kernel/context";
import { DomainError } from "@/server/kernel/errors";
import { toTRPCError } from "./errors";

/** The part of the context tests build directly: no HTTP request needed. */
export interface InnerContext extends ServiceContext {
  feed: StatusFeed;
  /** Who is asking; null for an anonymous request. */
  identity: Identity | null;
  /** Names this request in the audit log and in logs. */
  requestId: string;
  clientAddress: string;
  /** The dashboard session's secret, when the request came with the session cookie. */
  sessionSecret: string | null;
  /** A cookie-authenticated request whose Origin is another site: its mutations are refused. */
  crossSite: boolean;
  /** Adds a Set-Cookie header to the response (login, logout). */
  setCookie: (value: string) => void;
  /** Whether the site is served over HTTPS: session cookies are then Secure. */
  secure: boolean;
  /** Failed logins per user+address and per address, for this process. */
  loginLimiter: LoginLimiter;
  /** Who the request's credentials name now (a long-lived status stream asks again); the request's identity when built directly. */
  recheckIdentity: () => Promise<Identity | null>;
  /** The site's origin as the request reached it (`https://host`), for URLs handed back (secret_ref); null outside a request. */
  origin: string | null;
  /** The amphora agents' CA (server/agents/pki.ts), which certifies a host that joins; null where hosts cannot join. */
  agentPki: (() => AgentPki) | null;
}

/**
 * The identity tests act as when they give none: a member of the project, or (isAdmin) the
 * seeded admin: `admin` in the project and the cloud admin.
 */
export function testIdentity(projectId: string, isAdmin: boolean): Identity {
  const roles: Role[] = isAdmin ? ["admin"] : ["member"];
  return { user: { id: "00000000-0000-4000-8000-000000000000", name: isAdmin ? "test-admin" : "test-member" }, project: { id: projectId, name: "" }, roles, cloudAdmin: isAdmin };
}

export function createInnerContext(opts: {
  db: Db;
  projectId?: string;
  isAdmin?: boolean;
  /** Overrides projectId/isAdmin; null makes an anonymous request. */
  identity?: Identity | null;
  feed: StatusFeed;
  compute?: ComputeAgent | null;
  dataPlane?: InnerContext["dataPlane"];
  agentPki?: InnerContext["agentPki"];
  requestId?: string;
  clientAddress?: string;
  sessionSecret?: string | null;
  crossSite?: boolean;
  setCookie?: (value: string) => void;
  secure?: boolean;
  loginLimiter?: LoginLimiter;
  recheckIdentity?: () => Promise<Identity | null>;
  origin?: string | null;
}): InnerContext {
  const identity = opts.identity !== undefined ? opts.identity : testIdentity(opts.projectId ?? "", opts.isAdmin ?? false);
  const projectId = identity?.project.id ?? "";
  return {
    db: opts.db,
    projectId,
    readScope: scopeOf(identity, projectId),
    identity,
    feed: opts.feed,
    compute: opts.compute ?? null,
    dataPlane: opts.dataPlane ?? null,
    agentPki: opts.agentPki ?? null,
    requestId: opts.requestId ?? `req-${randomUUID()}`,
    clientAddress: opts.clientAddress ?? "local",
    sessionSecret: opts.sessionSecret ?? null,
    crossSite: opts.crossSite ?? false,
    setCookie: opts.setCookie ?? (() => undefined),
    secure: opts.secure ?? false,
    loginLimiter: opts.loginLimiter ?? newLoginLimiter(),
    recheckIdentity: opts.recheckIdentity ?? (async () => identity),
    origin: opts.origin ?? null,
  };
}

/** Turns zod issues into "field.path: message" pairs, so forms and curl users see the field. */
function zodFieldErrors(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * What a client is told about a failed call: every zod issue's own message (each names its
 * field), or the error's message. The tRPC responses and the REST front doors both say this.
 */
export function publicMessage(error: TRPCError): string {
  return error.cause instanceof ZodError ? error.cause.issues.map((i) => i.message).join("; ") : error.message;
}

/** What a procedure may declare about itself. */
export interface ProcedureMeta {
  /** Writes its own audit records (a login, audited with the user tried): no audit transaction around it. */
  auditsItself?: boolean;
}

const t = initTRPC.context<InnerContext>().meta<ProcedureMeta>().create({
  // No transformer: inputs and outputs are plain JSON, so `curl` can call every procedure.
  // SSE pings keep proxies from closing an idle status stream; the client reconnects (resuming
  // after its last event id) when it hears nothing for longer.
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const fieldErrors = zodError
      ? zodFieldErrors(zodError)
      : error.cause instanceof DomainError && error.cause.field
        ? { [error.cause.field]: [error.message] }
        : null;
    return {
      ...shape,
      message: publicMessage(error),
      data: { ...shape.data, stack: undefined, fieldErrors },
    };
  },
});

/** Maps domain errors to tRPC codes; an unexpected error is logged and answered without its message. */
const domainErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  if (error.cause instanceof DomainError) throw toTRPCError(error.cause);
  if (error.code === "INTERNAL_SERVER_ERROR") {
    console.error(`[trpc] ${path} failed:`, error.cause ?? error);
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
  }
  return result;
});

/**
 * The policy table decides before anything runs: no identity is UNAUTHORIZED, a rule the roles
 * do not pass is FORBIDDEN with Octavia's words, a procedure with no rule is refused outright,
 * and a cookie-authenticated mutation from another site is refused whatever the rule.
 */
const policy = t.middleware(({ ctx, path, type, next }) => {
  const rule = POLICY[path];
  if (!rule) {
    console.error(`[policy] ${path} has no rule: refused`);
    throw new TRPCError({ code: "FORBIDDEN", message: POLICY_DENIED });
  }
  if (rule !== "public" && !ctx.identity) throw new TRPCError({ code: "UNAUTHORIZED", message: "The request you have made requires authentication." });
  if (type === "mutation" && ctx.crossSite) throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site request refused: the Origin header names another site." });
  if (!allows(rule, ctx.identity)) throw new TRPCError({ code: "FORBIDDEN", message: POLICY_DENIED });
  return next();
});

/** Carries a refused mutation's result out of the transaction it must not commit. */
class RolledBack {
  constructor(readonly result: unknown) {}
}

/**
 * Every mutation of an authenticated caller runs in one transaction with its audit record, so a
 * change is never without its record; one that fails or is refused is rolled back and recorded
 * as such on its own. An anonymous call writes nothing (the policy refuses it, except a login,
 * which audits itself), so strangers cannot fill the log.
 */
const audit = t.middleware(async ({ ctx, path, type, next, getRawInput, meta }) => {
  if (type !== "mutation" || !ctx.identity || meta?.auditsItself) return next();
  const input = await getRawInput().catch(() => undefined);
  const record = (db: Db, outcome: AuditOutcome, resourceId: string | null, detail: string | null) =>
    recordAudit(db, { ctx, procedure: path, outcome, resourceId: resourceId ?? resourceIdOf(input), detail });
  try {
    return await ctx.db.transaction(async (tx) => {
      const result = await next({ ctx: { db: tx } });
      if (!result.ok) throw new RolledBack(result);
      await record(tx, "success", resourceIdOf(result.data), null);
      return result;
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
    const result = err.result as Extract<Awaited<ReturnType<typeof next>>, { ok: false }>;
    const code = result.error.code;
    await record(ctx.db, code === "FORBIDDEN" || code === "UNAUTHORIZED" ? "denied" : "failed", null, result.error.message).catch((e: unknown) =>
      console.error(`[audit] could not record ${path}:`, e),
    );
    return result;
  }
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/**
 * Every procedure: audited when it mutates, then decided by the policy table
 * (server/identity/policy.ts), the one place that says who may call what.
 */
export const projectProcedure = t.procedure.use(domainErrors).use(audit).use(policy);

/**
 * A mutation whose input needs slow work first (decoding an uploaded archive): `prepare` runs
 * before the audit transaction opens, so no query waits on that transaction (on PGlite, on the
 * whole database) meanwhile. Only for an identified caller whose request is not cross-site; the
 * policy still decides afterwards. Its outcome reaches the procedure as `ctx.prepared`, a settled
 * promise: awaiting it inside the procedure rethrows a failure, audited as any other.
 */
export function preparedProcedure<T>(prepare: (rawInput: unknown) => Promise<T>) {
  const early = t.middleware(async ({ ctx, getRawInput, next }) => {
    const prepared = ctx.identity && !ctx.crossSite ? getRawInput().then(prepare) : null;
    await prepared?.catch(() => undefined);
    return next({ ctx: { prepared } });
  });
  return t.procedure.use(domainErrors).use(early).use(audit).use(policy);
}
