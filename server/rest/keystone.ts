import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Role, ROLES } from "@/db/schema/roles";
import { type Grant, grant, type Proof, type ScopeRequest } from "@/server/identity/authenticate";
import { clientAddress, type TrustedProxies } from "@/server/identity/client-address";
import { type ProjectEntry, projectsOfUser, type UserEntry, visibleProjects, visibleUsers } from "@/server/identity/directory";
import { userNameOf } from "@/server/identity/identity";
import type { LoginLimiter } from "@/server/identity/login-limiter";
import { allows } from "@/server/identity/policy";
import { DOMAIN_ROLE, issueToken, resolveTokenHolder, revokeToken, type TokenHolder } from "@/server/identity/tokens";
import { boundedRequest } from "@/server/request-limits";
import { uuidField } from "@/server/services/schemas/fields";
import { failureOf } from "./errors";
import { json, newRequestId, publicBase, tooLarge, withRequestId } from "./http";
import { filterItems } from "./query";
import { createRouter, type Params, segmentsBelow } from "./routing";
import type { Caller, RestDeps } from "./serve";
import { createCaller } from "@/server/trpc/router";

// Keystone v3's wire format for what API clients need: version discovery, issuing a token
// (POST /v3/auth/tokens) by the password or the token method, project-scoped, domain-scoped (the
// cloud admin) or unscoped, validating one (GET) and revoking one (DELETE), the projects a token
// may be rescoped to (GET /v3/auth/projects, /v3/users/{id}/projects: Horizon's login), the
// Default domain, and the project and user look-ups the CLI makes to turn a name into an id.
// Keystone's shapes and error bodies, so keystoneauth (the `openstack` CLI, openstacksdk,
// Terraform, Horizon) works unchanged. A thin door: who may log in, and who sees what, is decided in
// server/identity (authenticate.ts, directory.ts), the same rules as the dashboard's.

export interface KeystoneDeps {
  db: Db;
  tokenTtlMs: number;
  /** The site's public URL; the request's own origin when unset. */
  publicUrl?: string | undefined;
  /** The process's login limiter, shared with the dashboard's login. */
  loginLimiter: LoginLimiter;
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); none when absent. */
  trustedProxies?: TrustedProxies | undefined;
}

const DOMAIN = { id: "default", name: "Default" } as const;

const UNAUTHORIZED = "The request you have made requires authentication.";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Request Entity Too Large",
  429: "Too Many Requests",
};

export function keystoneError(code: number, message: string, headers: Record<string, string> = {}): Response {
  return json(code, { error: { code, message, title: TITLES[code] ?? "Error" } }, { ...(code === 401 && { "www-authenticate": 'Keystone uri="/identity"' }), ...headers });
}

const baseUrl = (req: Request, deps: KeystoneDeps) => publicBase(req, deps.publicUrl);

const v3Version = (base: string) => ({
  id: "v3.14",
  status: "stable",
  updated: "2020-04-07T00:00:00Z",
  links: [{ rel: "self", href: `${base}/identity/v3/` }],
  "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }],
});

/** GET /identity: the versions Keystone offers (only v3). */
export function versions(req: Request, deps: KeystoneDeps): Response {
  return json(300, { versions: { values: [v3Version(baseUrl(req, deps))] } });
}

/** GET /identity/v3. */
export function version(req: Request, deps: KeystoneDeps): Response {
  return json(200, { version: v3Version(baseUrl(req, deps)) });
}

/** Keystone's role ids are opaque hex; ours are derived from the name so they never change. */
export const roleId = (name: string) => createHash("md5").update(`role:${name}`).digest("hex");

/** The role a Keystone role id (or, as the CLI may send, a name) stands for; null for none. */
export const roleNamed = (idOrName: string): Role | null => ROLES.find((r) => roleId(r) === idOrName || r === idOrName) ?? null;

function catalog(base: string) {
  const service = (type: string, name: string, url: string) => ({
    id: createHash("md5").update(`service:${type}`).digest("hex"),
    type,
    name,
    endpoints: [{ id: createHash("md5").update(`endpoint:${type}`).digest("hex"), interface: "public", region: "RegionOne", region_id: "RegionOne", url }],
  });
  return [
    service("identity", "keystone", `${base}/identity`),
    service("load-balancer", "octavia", `${base}/load-balancer`),
    service("network", "neutron", `${base}/networking`),
    service("compute", "nova", `${base}/compute/v2.1`),
    service("image", "glance", `${base}/image`),
  ];
}

/** What a token body shows: its holder, its scope and roles, its times. */
type Shown = Pick<TokenHolder, "user" | "identity" | "scope" | "roles"> & { token: { methods: string[]; issued_at: string; expires_at: string } };

/** Keystone's token body: an unscoped token has no roles, project, domain or catalog. */
function tokenBody({ user, identity, scope, roles, token }: Shown, base: string) {
  const scoped =
    scope === "unscoped"
      ? {}
      : {
          ...(identity ? { project: { id: identity.project.id, name: identity.project.name, domain: DOMAIN }, is_domain: false } : { domain: DOMAIN }),
          roles: roles.map((name) => ({ id: roleId(name), name })),
          catalog: catalog(base),
        };
  return {
    token: {
      methods: token.methods,
      user: { id: user.id, name: user.name, domain: DOMAIN, password_expires_at: null },
      audit_ids: [randomBytes(16).toString("base64url").slice(0, 22)],
      expires_at: token.expires_at,
      issued_at: token.issued_at,
      ...scoped,
    },
  };
}

const domainRef = z.object({ id: z.string().optional(), name: z.string().optional() }).optional();
const authBody = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()),
      password: z
        .object({
          user: z.object({ id: z.string().optional(), name: z.string().optional(), domain: domainRef, password: z.string() }),
        })
        .optional(),
      token: z.object({ id: z.string() }).optional(),
    }),
    scope: z
      .union([
        z.object({ project: z.object({ id: z.string().optional(), name: z.string().optional(), domain: domainRef }) }),
        z.object({ domain: z.object({ id: z.string().optional(), name: z.string().optional() }) }),
        z.literal("unscoped"),
        // Any other scope (system, a trust): none we grant.
        z.object({}).passthrough(),
      ])
      .optional(),
  }),
});
type AuthBody = z.infer<typeof authBody>["auth"];

const inDefaultDomain = (domain: { id?: string | undefined; name?: string | undefined } | undefined) =>
  !domain || domain.id === "default" || domain.name === "Default" || (domain.id === undefined && domain.name === undefined);

/** The proof the body offers: the password method (by user name or id, in Default), else the token method. */
async function proofOf(db: Db, auth: AuthBody["identity"]): Promise<Proof | null> {
  if (auth.methods.includes("password") && auth.password) {
    const given = auth.password.user;
    if (!inDefaultDomain(given.domain)) return null;
    const name = given.name ?? (given.id ? await userNameOf(db, given.id) : null);
    return name ? { password: { name, password: given.password } } : null;
  }
  if (auth.methods.includes("token") && auth.token) return { token: auth.token.id };
  return null;
}

/** The scope the body asks for: none (or "unscoped") is an unscoped token, as Keystone's for a user with no default project. */
function scopeOf(scope: AuthBody["scope"]): ScopeRequest | null {
  if (scope === undefined || scope === "unscoped") return { unscoped: true };
  if ("project" in scope && scope.project) {
    const ref = scope.project as { id?: string; name?: string; domain?: { id?: string; name?: string } };
    if (!ref.id && (!ref.name || !inDefaultDomain(ref.domain))) return null;
    return { project: { id: ref.id, name: ref.name } };
  }
  if ("domain" in scope && scope.domain) {
    const ref = scope.domain as { id?: string; name?: string };
    return (ref.id ?? ref.name) !== undefined && inDefaultDomain(ref) ? { domain: true } : null;
  }
  return null;
}

/** What a refused grant answers: 429 with Retry-After when throttled, else Keystone's 401. */
function refusal(result: Exclude<Awaited<ReturnType<typeof grant>>, { ok: true }>, scope: ScopeRequest): Response {
  if (result.reason === "throttled") {
    const seconds = Math.ceil(result.retryAfterMs / 1000);
    return keystoneError(429, `Too many failed authentication attempts. Try again in ${seconds} seconds.`, { "retry-after": String(seconds) });
  }
  if (result.reason === "project" && "project" in scope) return keystoneError(401, `Could not find project: ${scope.project.id ?? scope.project.name}.`);
  if (result.reason === "domain") return keystoneError(401, `User has no access to domain ${DOMAIN.id}.`);
  return keystoneError(401, UNAUTHORIZED);
}

/**
 * POST /identity/v3/auth/tokens: the password method, or the token method (rescoping a live
 * token of any scope: keystoneauth's token plugin, Horizon), scoped to a project by id or name,
 * to the Default domain (the cloud admin), or unscoped; all through the dashboard's own login
 * path (limiter and audit included). Bad credentials, an expired or revoked token and a scope
 * not granted are Keystone's 401; a throttled attempt is 429 with Retry-After, which keystoneauth
 * reports as it is. A rescoped token ends no later than the one it came from.
 */
export async function issue(req: Request, deps: KeystoneDeps, requestId = newRequestId()): Promise<Response> {
  const parsed = authBody.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return keystoneError(400, "Expecting to find auth in request body. The server could not comply with the request since it is either malformed or otherwise incorrect.");
  const proof = await proofOf(deps.db, parsed.data.auth.identity);
  const scope = scopeOf(parsed.data.auth.scope);
  if (!proof || !scope) return keystoneError(401, UNAUTHORIZED);
  const result = await grant(
    { db: deps.db, limiter: deps.loginLimiter },
    { proof, scope, clientAddress: clientAddress(req.headers, deps.trustedProxies ?? []), requestId, door: "keystone.auth.tokens" },
  );
  if (!result.ok) return refusal(result, scope);
  const granted: Grant = result.grant;
  const token = await issueToken(deps.db, granted.user.id, granted.projectId, granted.methods, deps.tokenTtlMs, { scope: granted.scope, notAfter: granted.notAfter });
  const roles = granted.identity?.roles ?? (granted.scope === "domain" ? [DOMAIN_ROLE] : []);
  return json(201, tokenBody({ ...granted, roles, token }, baseUrl(req, deps)), { "x-subject-token": token.secret });
}

type Subject = TokenHolder & { secret: string };

/**
 * The token named by X-Subject-Token, when the holder of X-Auth-Token may act on it (their own,
 * or any for an admin); otherwise the error response Keystone gives.
 */
async function subjectToken(req: Request, deps: KeystoneDeps, action: string): Promise<Subject | Response> {
  const caller = await holder(req, deps);
  if (caller instanceof Response) return caller;
  const secret = req.headers.get("x-subject-token") ?? "";
  const subject = await resolveTokenHolder(deps.db, secret);
  if (!subject) return keystoneError(404, `Could not find token: ${secret.slice(0, 8)}….`);
  if (!allows("cloud-admin", caller) && caller.user.id !== subject.user.id) {
    return keystoneError(403, `You are not authorized to perform the requested action: identity:${action}.`);
  }
  return { ...subject, secret };
}

/** GET /identity/v3/auth/tokens: validates X-Subject-Token for the holder of X-Auth-Token. */
export async function validate(req: Request, deps: KeystoneDeps): Promise<Response> {
  const subject = await subjectToken(req, deps, "validate_token");
  if (subject instanceof Response) return subject;
  return json(200, tokenBody(subject, baseUrl(req, deps)), { "x-subject-token": subject.secret });
}

/** DELETE /identity/v3/auth/tokens: revokes X-Subject-Token. */
export async function revoke(req: Request, deps: KeystoneDeps): Promise<Response> {
  const subject = await subjectToken(req, deps, "revoke_token");
  if (subject instanceof Response) return subject;
  await revokeToken(deps.db, subject.secret);
  return new Response(null, { status: 204 });
}

// --- Project and user look-ups --------------------------------------------------------------
// The CLI turns a project name into an id with GET /v3/projects/{name} (404) and then
// GET /v3/projects?name=… (quota commands take a project). What each caller sees is
// server/identity/directory.ts's rule; here only Keystone's shapes.

/** The holder of X-Auth-Token (a token of any scope), or Keystone's 401. */
async function holder(req: Request, deps: KeystoneDeps): Promise<TokenHolder | Response> {
  return (await resolveTokenHolder(deps.db, req.headers.get("x-auth-token") ?? "")) ?? keystoneError(401, UNAUTHORIZED);
}

const listLinks = (req: Request, deps: KeystoneDeps) => {
  const url = new URL(req.url);
  return { self: `${baseUrl(req, deps)}${url.pathname}${url.search}`, previous: null, next: null };
};

/** Keystone's project body. */
function projectShown(base: string) {
  return (p: ProjectEntry) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    enabled: p.enabled,
    domain_id: DOMAIN.id,
    parent_id: DOMAIN.id,
    is_domain: false,
    tags: [] as string[],
    options: {},
    links: { self: `${base}/identity/v3/projects/${p.id}` },
  });
}

async function projectsShown(req: Request, deps: KeystoneDeps, who: TokenHolder) {
  return (await visibleProjects(deps.db, who)).map(projectShown(baseUrl(req, deps)));
}

/** Keystone's user body. */
function userShown(base: string) {
  return (u: UserEntry) => ({
    id: u.id,
    name: u.name,
    enabled: u.enabled,
    domain_id: DOMAIN.id,
    password_expires_at: null,
    options: {},
    links: { self: `${base}/identity/v3/users/${u.id}` },
  });
}

async function usersShown(req: Request, deps: KeystoneDeps, who: TokenHolder) {
  return (await visibleUsers(deps.db, who)).map(userShown(baseUrl(req, deps)));
}

/** GET on a collection (filtered on its fields, e.g. ?name=) and on one item of it. */
function lookup<T extends { id: string }>(list: (req: Request, deps: KeystoneDeps, who: TokenHolder) => Promise<T[]>, key: string, singular: string) {
  return {
    async all({ req, deps }: KeystoneCall): Promise<Response> {
      const who = await holder(req, deps);
      if (who instanceof Response) return who;
      const items = filterItems(await list(req, deps, who), new URL(req.url).searchParams);
      return json(200, { [key]: items, links: listLinks(req, deps) });
    },
    async one({ req, deps }: KeystoneCall, { id = "" }: Params): Promise<Response> {
      const who = await holder(req, deps);
      if (who instanceof Response) return who;
      const item = (await list(req, deps, who)).find((i) => i.id === id);
      return item ? json(200, { [singular]: item }) : keystoneError(404, `Could not find ${singular}: ${id}.`);
    },
  };
}

const projectLookup = lookup(projectsShown, "projects", "project");
const userLookup = lookup(usersShown, "users", "user");

/** The projects a user may scope to: GET /v3/users/{id}/projects (their own, or anyone's for the cloud admin) and GET /v3/auth/projects (the caller's). */
async function projectsOfShown({ req, deps }: KeystoneCall, userId?: string): Promise<Response> {
  const who = await holder(req, deps);
  if (who instanceof Response) return who;
  const projects = await projectsOfUser(deps.db, who, userId ?? who.user.id);
  if (!projects) return keystoneError(403, "You are not authorized to perform the requested action: identity:list_user_projects.");
  return json(200, { projects: filterItems(projects.map(projectShown(baseUrl(req, deps))), new URL(req.url).searchParams), links: listLinks(req, deps) });
}

// --- The one domain, Default -----------------------------------------------------------------
// Every user and project lives in it; any token holder may read it (Keystone lets a token scoped
// in a domain read that domain). Only the cloud admin holds a role on it, so only their
// GET /v3/auth/domains lists it (what a client may scope a token to).

function domainShown(req: Request, deps: KeystoneDeps) {
  return { ...DOMAIN, description: "The default domain", enabled: true, tags: [] as string[], options: {}, links: { self: `${baseUrl(req, deps)}/identity/v3/domains/${DOMAIN.id}` } };
}

const domains = {
  async all({ req, deps }: KeystoneCall): Promise<Response> {
    const who = await holder(req, deps);
    if (who instanceof Response) return who;
    return json(200, { domains: filterItems([domainShown(req, deps)], new URL(req.url).searchParams), links: listLinks(req, deps) });
  },
  async one({ req, deps }: KeystoneCall, { id = "" }: Params): Promise<Response> {
    const who = await holder(req, deps);
    if (who instanceof Response) return who;
    return id === DOMAIN.id ? json(200, { domain: domainShown(req, deps) }) : keystoneError(404, `Could not find domain: ${id}.`);
  },
  async scopable({ req, deps }: KeystoneCall): Promise<Response> {
    const who = await holder(req, deps);
    if (who instanceof Response) return who;
    return json(200, { domains: allows("cloud-admin", who) ? [domainShown(req, deps)] : [], links: listLinks(req, deps) });
  },
};

/** GET /v3/auth/system: the system scopes a token may take; none here (no role is held on the system). */
async function systemsOf({ req, deps }: KeystoneCall): Promise<Response> {
  const who = await holder(req, deps);
  if (who instanceof Response) return who;
  return json(200, { system: [], links: listLinks(req, deps) });
}

/** GET /v3/auth/catalog: the catalog of a scoped token (Keystone's 403 for an unscoped one). */
async function catalogOf({ req, deps }: KeystoneCall): Promise<Response> {
  const who = await holder(req, deps);
  if (who instanceof Response) return who;
  if (who.scope === "unscoped") return keystoneError(403, "A project-scoped or domain-scoped token is required to produce a service catalog.");
  return json(200, { catalog: catalog(baseUrl(req, deps)), links: listLinks(req, deps) });
}

// --- Keystone's admin API: projects, users, roles, role assignments ------------------------
// What tempest's dynamic credentials (and `openstack project/user/role …`) call. A thin door
// over the dashboard's identity.* procedures, through a tRPC caller acting as the requester, so
// the policy (the cloud admin alone), validation and the audit log are theirs; here only
// Keystone's paths, bodies and error shapes.

/** A tRPC caller acting as the holder of X-Auth-Token (Keystone's 401 when there is none). */
async function callerOf({ req, deps }: KeystoneCall): Promise<Caller | Response> {
  if (!req.headers.get("x-auth-token")) return keystoneError(401, UNAUTHORIZED);
  const ctx = await deps.context(req);
  if (!ctx.identity) return keystoneError(401, UNAUTHORIZED);
  return createCaller(ctx);
}

/** Runs `act` with a caller, or answers the refusal. */
const asCaller = (act: (api: Caller, call: KeystoneCall, params: Params) => Promise<Response>) => async (call: KeystoneCall, params: Params) => {
  const api = await callerOf(call);
  return api instanceof Response ? api : act(api, call, params);
};

/** Keystone answers 404 for an id it cannot have made; our ids are UUIDs. */
const isId = (id: string | undefined): id is string => uuidField("id").safeParse(id).success;
const notFound = (what: string, id: string | undefined) => keystoneError(404, `Could not find ${what}: ${id ?? ""}.`);

/** A request body's one member (`{"project": {...}}`); what is inside is the procedure's to check. Extra fields (email, domain_id, default_project_id) Keystone stores and we do not. */
const wrapped = (key: string) => z.object({ [key]: z.record(z.string(), z.unknown()) }).transform((b) => b[key] as Record<string, unknown>);
const bodyOf = async (req: Request, key: string) => wrapped(key).parse(await req.json().catch(() => null));
/** Keystone's optional string that may be null. */
const given = (v: unknown) => (v === null ? undefined : v);

const inDefault = (body: Record<string, unknown>) => body.domain_id === undefined || body.domain_id === null || body.domain_id === DOMAIN.id;
const wrongDomain = (body: Record<string, unknown>) => keystoneError(400, `Invalid domain_id: ${String(body.domain_id)}; every project and user here lives in the Default domain.`);

const projectAdmin = {
  create: asCaller(async (api, { req, deps }) => {
    const body = await bodyOf(req, "project");
    if (!inDefault(body)) return wrongDomain(body);
    const row = await api.identity.createProject({ name: body.name as string, description: given(body.description) as string | undefined, enabled: given(body.enabled) as boolean | undefined });
    return json(201, { project: projectShown(baseUrl(req, deps))(row) });
  }),
  update: asCaller(async (api, { req, deps }, { id }) => {
    if (!isId(id)) return notFound("project", id);
    const body = await bodyOf(req, "project");
    const row = await api.identity.updateProject({ id, name: given(body.name) as string | undefined, description: given(body.description) as string | undefined, enabled: given(body.enabled) as boolean | undefined });
    return json(200, { project: projectShown(baseUrl(req, deps))(row) });
  }),
  remove: asCaller(async (api, _call, { id }) => {
    if (!isId(id)) return notFound("project", id);
    await api.identity.deleteProject({ id });
    return new Response(null, { status: 204 });
  }),
};

const userAdmin = {
  /** A user with a password; Keystone's `default_project_id` grants nothing there, so it is not kept (a role assignment does). */
  create: asCaller(async (api, { req, deps }) => {
    const body = await bodyOf(req, "user");
    if (!inDefault(body)) return wrongDomain(body);
    const row = await api.identity.createUser({ name: body.name as string, password: body.password as string, enabled: given(body.enabled) as boolean | undefined });
    return json(201, { user: userShown(baseUrl(req, deps))(row) });
  }),
  /** Enabling, disabling and a new password; a rename is refused rather than ignored. */
  update: asCaller(async (api, { req, deps }, { id }) => {
    if (!isId(id)) return notFound("user", id);
    const body = await bodyOf(req, "user");
    const current = (await api.identity.listUsers()).find((u) => u.id === id);
    if (!current) return notFound("user", id);
    if (body.name !== undefined && body.name !== current.name) return keystoneError(400, "Renaming a user is not supported.");
    let row = current;
    if (body.password !== undefined) row = await api.identity.setPassword({ id, password: body.password as string });
    if (body.enabled !== undefined) row = await api.identity.updateUser({ id, enabled: body.enabled as boolean });
    return json(200, { user: userShown(baseUrl(req, deps))(row) });
  }),
  remove: asCaller(async (api, _call, { id }) => {
    if (!isId(id)) return notFound("user", id);
    await api.identity.deleteUser({ id });
    return new Response(null, { status: 204 });
  }),
};

/** Keystone's role body: the fixed roles of db/schema/roles.ts, each with its derived id. */
const roleShown = (base: string) => (name: Role) => ({ id: roleId(name), name, domain_id: null, description: null, options: {}, links: { self: `${base}/identity/v3/roles/${roleId(name)}` } });

const roles = {
  async all({ req, deps }: KeystoneCall): Promise<Response> {
    const who = await holder(req, deps);
    if (who instanceof Response) return who;
    return json(200, { roles: filterItems(ROLES.map(roleShown(baseUrl(req, deps))), new URL(req.url).searchParams), links: listLinks(req, deps) });
  },
  async one({ req, deps }: KeystoneCall, { id = "" }: Params): Promise<Response> {
    const who = await holder(req, deps);
    if (who instanceof Response) return who;
    const role = roleNamed(id);
    return role ? json(200, { role: roleShown(baseUrl(req, deps))(role) }) : notFound("role", id);
  },
};

/** The assignment a PUT/DELETE/HEAD /v3/projects/{p}/users/{u}/roles/{r} names, or Keystone's 404 for an id that cannot exist. */
function assignmentOf({ project = "", user = "", role = "" }: Params): { user_id: string; project_id: string; role: Role } | Response {
  const name = roleNamed(role);
  if (!name) return notFound("role", role);
  if (!isId(user)) return notFound("user", user);
  if (!isId(project)) return notFound("project", project);
  return { user_id: user, project_id: project, role: name };
}

const grants = {
  grant: asCaller(async (api, _call, params) => {
    const assignment = assignmentOf(params);
    if (assignment instanceof Response) return assignment;
    await api.identity.grantRole(assignment);
    return new Response(null, { status: 204 });
  }),
  revoke: asCaller(async (api, _call, params) => {
    const assignment = assignmentOf(params);
    if (assignment instanceof Response) return assignment;
    await api.identity.revokeRole(assignment);
    return new Response(null, { status: 204 });
  }),
  /** HEAD/GET: 204 when the assignment exists, else 404. */
  check: asCaller(async (api, _call, params) => {
    const assignment = assignmentOf(params);
    if (assignment instanceof Response) return assignment;
    const held = await api.identity.listRoleAssignments({ user_id: assignment.user_id, project_id: assignment.project_id });
    return held.some((a) => a.role === assignment.role) ? new Response(null, { status: 204 }) : notFound("role assignment", `${params.role ?? ""}`);
  }),
  /** GET /v3/projects/{p}/users/{u}/roles: the roles a user holds on a project. */
  listOn: asCaller(async (api, { req, deps }, { project, user }) => {
    if (!isId(user)) return notFound("user", user);
    if (!isId(project)) return notFound("project", project);
    const held = await api.identity.listRoleAssignments({ user_id: user, project_id: project });
    return json(200, { roles: held.map((a) => roleShown(baseUrl(req, deps))(a.role)), links: listLinks(req, deps) });
  }),
};

/**
 * GET /v3/role_assignments, with Keystone's filters: user.id, scope.project.id, role.id,
 * include_names. Every assignment here is a direct one on a project (no groups, no inheritance,
 * no domain roles), so `effective` lists the same. A filter naming nothing that can exist lists none.
 */
const roleAssignmentsList = asCaller(async (api, { req, deps }) => {
  const query = new URL(req.url).searchParams;
  const userId = query.get("user.id") ?? undefined;
  const projectId = query.get("scope.project.id") ?? undefined;
  const roleFilter = query.get("role.id");
  const role = roleFilter === null ? null : roleNamed(roleFilter);
  const none = (userId !== undefined && !isId(userId)) || (projectId !== undefined && !isId(projectId)) || (roleFilter !== null && !role) || query.has("scope.domain.id") || query.has("group.id");
  const rows = none ? [] : await api.identity.listRoleAssignments({ user_id: userId, project_id: projectId });
  const names = query.has("include_names") && query.get("include_names") !== "false" && query.get("include_names") !== "0";
  const base = baseUrl(req, deps);
  const shown = rows
    .filter((a) => role === null || a.role === role)
    .map((a) => ({
      role: { id: roleId(a.role), ...(names && { name: a.role }) },
      user: { id: a.user_id, ...(names && { name: a.user_name, domain: DOMAIN }) },
      scope: { project: { id: a.project_id, ...(names && { name: a.project_name, domain: DOMAIN }) } },
      links: { assignment: `${base}/identity/v3/projects/${a.project_id}/users/${a.user_id}/roles/${roleId(a.role)}` },
    }));
  return json(200, { role_assignments: shown, links: listLinks(req, deps) });
});

// --- The whole of /identity in one handler, for a server that mounts it in one place ---------

interface KeystoneCall {
  req: Request;
  deps: RestDeps;
  requestId: string;
}

const keystoneRouter = createRouter<KeystoneCall>([
  { method: "GET", path: "", handle: async ({ req, deps }) => versions(req, deps) },
  { method: "GET", path: "v3", handle: async ({ req, deps }) => version(req, deps) },
  { method: "POST", path: "v3/auth/tokens", handle: ({ req, deps, requestId }) => issue(req, deps, requestId) },
  { method: "GET", path: "v3/auth/tokens", handle: ({ req, deps }) => validate(req, deps) },
  { method: "DELETE", path: "v3/auth/tokens", handle: ({ req, deps }) => revoke(req, deps) },
  { method: "GET", path: "v3/projects", handle: projectLookup.all },
  { method: "POST", path: "v3/projects", handle: projectAdmin.create },
  { method: "GET", path: "v3/projects/:id", handle: projectLookup.one },
  { method: "PATCH", path: "v3/projects/:id", handle: projectAdmin.update },
  { method: "DELETE", path: "v3/projects/:id", handle: projectAdmin.remove },
  { method: "GET", path: "v3/projects/:project/users/:user/roles", handle: grants.listOn },
  { method: "PUT", path: "v3/projects/:project/users/:user/roles/:role", handle: grants.grant },
  { method: "DELETE", path: "v3/projects/:project/users/:user/roles/:role", handle: grants.revoke },
  { method: "HEAD", path: "v3/projects/:project/users/:user/roles/:role", handle: grants.check },
  { method: "GET", path: "v3/projects/:project/users/:user/roles/:role", handle: grants.check },
  { method: "GET", path: "v3/users", handle: userLookup.all },
  { method: "POST", path: "v3/users", handle: userAdmin.create },
  { method: "GET", path: "v3/users/:id", handle: userLookup.one },
  { method: "PATCH", path: "v3/users/:id", handle: userAdmin.update },
  { method: "DELETE", path: "v3/users/:id", handle: userAdmin.remove },
  { method: "GET", path: "v3/roles", handle: roles.all },
  { method: "GET", path: "v3/roles/:id", handle: roles.one },
  { method: "GET", path: "v3/role_assignments", handle: roleAssignmentsList },
  { method: "GET", path: "v3/users/:id/projects", handle: (call, { id }) => projectsOfShown(call, id) },
  { method: "GET", path: "v3/auth/projects", handle: (call) => projectsOfShown(call) },
  { method: "GET", path: "v3/auth/domains", handle: domains.scopable },
  { method: "GET", path: "v3/auth/catalog", handle: catalogOf },
  { method: "GET", path: "v3/auth/system", handle: systemsOf },
  { method: "GET", path: "v3/domains", handle: domains.all },
  { method: "GET", path: "v3/domains/:id", handle: domains.one },
]);

/** Keystone at /identity: a request in, a response out, with Keystone's error body and a request id. */
export async function keystone(received: Request, deps: RestDeps): Promise<Response> {
  const requestId = newRequestId();
  let res: Response;
  try {
    const req = (await boundedRequest(received)) ?? tooLarge();
    const { route, params } = keystoneRouter.find(req.method, segmentsBelow(req, "/identity"));
    res = await route.handle({ req, deps, requestId }, params);
  } catch (err) {
    const failure = failureOf(err);
    res = keystoneError(failure.status, failure.message);
  }
  return withRequestId(res, requestId);
}
