import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { issueToken } from "@/server/identity/tokens";
import type { TestWorld } from "@/server/testing/database";
import type { Answer, RestClient } from "./client";
import { type RestServer, startRestWorld } from "./rest-server";

// Keystone over HTTP in its own shapes: the project and user look-ups the CLI makes to turn a
// project name into an id (admins see every project and user, anyone else their own), and
// keystoneauth's password and token plugins as Horizon drives them: an unscoped login, the
// projects it may scope to, a rescope with the token method, the cloud admin's domain scope.

let w: TestWorld;
let server: RestServer;
let rest: RestClient;
let demo: string;
let admin: string;

type Item = Record<string, unknown> & { id: string; name: string };

let world: Awaited<ReturnType<typeof startRestWorld>>;

beforeAll(async () => {
  world = await startRestWorld();
  ({ w, server, rest } = world);
  demo = world.tokens.demo;
  admin = world.tokens.admin;
});
afterAll(() => world?.close());

describe("GET /identity/v3/projects", () => {
  it("answers a name in the id's place 404, and finds the project by ?name=", async () => {
    const byId = await rest.call("GET", "/identity/v3/projects/demo", { token: demo });
    expect(byId).toMatchObject({ status: 404, body: { error: { code: 404, title: "Not Found", message: "Could not find project: demo." } } });
    const byName = await rest.call<{ projects: Item[] }>("GET", "/identity/v3/projects?name=demo", { token: demo });
    expect(byName.status).toBe(200);
    expect(byName.body.projects).toEqual([
      expect.objectContaining({ id: w.projectId, name: "demo", domain_id: "default", enabled: true, links: { self: `${server.url}/identity/v3/projects/${w.projectId}` } }),
    ]);
    expect((await rest.call("GET", `/identity/v3/projects/${w.projectId}`, { token: demo })).body).toMatchObject({ project: { name: "demo" } });
  });

  it("shows a member only their own projects, an admin every one", async () => {
    expect((await rest.call<{ projects: Item[] }>("GET", "/identity/v3/projects?name=alt", { token: demo })).body.projects).toEqual([]);
    expect((await rest.call<{ projects: Item[] }>("GET", "/identity/v3/projects?name=alt", { token: admin })).body.projects.map((p) => p.name)).toEqual(["alt"]);
  });

  it("wants a token", async () => {
    expect(await rest.call("GET", "/identity/v3/projects")).toMatchObject({ status: 401, body: { error: { code: 401, title: "Unauthorized" } } });
  });
});

describe("GET /identity/v3/users", () => {
  it("shows a user themselves, an admin everyone", async () => {
    expect((await rest.call<{ users: Item[] }>("GET", "/identity/v3/users", { token: demo })).body.users.map((u) => u.name)).toEqual(["demo"]);
    const all = await rest.call<{ users: Item[] }>("GET", "/identity/v3/users", { token: admin });
    expect(all.body.users.map((u) => u.name)).toEqual(["admin", "alt", "demo", "viewer"]);
    const viewer = all.body.users.find((u) => u.name === "viewer");
    expect((await rest.call("GET", `/identity/v3/users/${viewer?.id}`, { token: admin })).body).toMatchObject({ user: { name: "viewer", domain_id: "default" } });
    expect((await rest.call("GET", `/identity/v3/users/${viewer?.id}`, { token: demo })).status).toBe(404);
  });
});

describe("the rest of /identity through the same handler", () => {
  it("answers discovery and tokens, with a request id, and 404 for what Keystone does not serve here", async () => {
    const discovery = await rest.call<{ version: { id: string } }>("GET", "/identity/v3");
    expect(discovery.body.version.id).toBe("v3.14");
    expect(discovery.headers.get("x-openstack-request-id")).toMatch(/^req-/);
    expect((await rest.call("GET", "/identity/v3/regions", { token: admin })).body).toMatchObject({ error: { code: 404 } });
  });

  it("puts a request id on every answer: discovery, tokens issued, validated and refused, revocation", async () => {
    const id = (res: { headers: Headers }) => res.headers.get("x-openstack-request-id");
    const token = await rest.token("demo", "demo-pw-1");
    const answers = [
      await rest.call("GET", "/identity"),
      await rest.call("GET", "/identity/v3/auth/tokens", { token: admin, headers: { "x-subject-token": token } }),
      await rest.call("POST", "/identity/v3/auth/tokens", { body: { auth: { identity: { methods: ["password"], password: { user: { name: "demo", password: "wrong" } } } } } }),
      await rest.call("DELETE", "/identity/v3/auth/tokens", { token: admin, headers: { "x-subject-token": token } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([300, 200, 401, 204]);
    for (const answer of answers) expect(id(answer)).toMatch(/^req-/);
    expect(new Set(answers.map(id)).size).toBe(answers.length);
  });
});

// --- Unscoped tokens, the token method, domains ------------------------------------------------

interface TokenBody {
  token: Record<string, unknown> & { methods: string[]; expires_at: string; user: { id: string; name: string }; roles?: { name: string }[]; catalog?: { type: string }[] };
}

const passwordIdentity = (name: string, password: string) => ({ methods: ["password"], password: { user: { name, domain: { name: "Default" }, password } } });
const tokenIdentity = (id: string) => ({ methods: ["token"], token: { id } });
const login = (identity: unknown, scope?: unknown) => rest.call<TokenBody>("POST", "/identity/v3/auth/tokens", { body: { auth: { identity, ...(scope !== undefined && { scope }) } } });
const subject = (answer: Answer<TokenBody>) => answer.headers.get("x-subject-token") ?? "";
const unscoped = async (name: string, password: string) => {
  const answer = await login(passwordIdentity(name, password));
  expect(answer.status).toBe(201);
  return { secret: subject(answer), body: answer.body };
};
const LBS = "/load-balancer/v2/lbaas/loadbalancers";

describe("an unscoped token (a password without a scope)", () => {
  it("has Keystone's unscoped body: no project, domain, roles or catalog", async () => {
    const { body } = await unscoped("demo", "demo-pw-1");
    expect(body.token).toMatchObject({ methods: ["password"], user: { name: "demo", domain: { id: "default", name: "Default" } } });
    for (const key of ["project", "domain", "roles", "catalog", "is_domain"]) expect(body.token).not.toHaveProperty(key);
    expect((await login(passwordIdentity("demo", "demo-pw-1"), "unscoped")).body.token).not.toHaveProperty("project");
  });

  it("is refused by Octavia, and lists the projects its holder may scope to", async () => {
    const { secret, body } = await unscoped("demo", "demo-pw-1");
    expect((await rest.call("GET", LBS, { token: secret })).status).toBe(401);
    const mine = await rest.call<{ projects: Item[] }>("GET", "/identity/v3/auth/projects", { token: secret });
    expect(mine.status).toBe(200);
    expect(mine.body.projects).toEqual([expect.objectContaining({ id: w.projectId, name: "demo", domain_id: "default", enabled: true, is_domain: false })]);
    const byUser = await rest.call<{ projects: Item[] }>("GET", `/identity/v3/users/${body.token.user.id}/projects`, { token: secret });
    expect(byUser.body.projects.map((p) => p.name)).toEqual(["demo"]);
  });

  it("shows a user's projects to that user and the cloud admin only", async () => {
    const [alt] = await w.db.select({ id: users.id }).from(users).where(eq(users.name, "alt"));
    expect((await rest.call("GET", `/identity/v3/users/${alt?.id}/projects`, { token: demo })).status).toBe(403);
    expect((await rest.call<{ projects: Item[] }>("GET", `/identity/v3/users/${alt?.id}/projects`, { token: admin })).body.projects.map((p) => p.name)).toEqual(["alt"]);
    expect((await rest.call("GET", "/identity/v3/auth/projects")).status).toBe(401);
  });
});

describe("the token method (rescoping)", () => {
  it("rescopes an unscoped token to a project of the user's, which Octavia then accepts, ending no later than the original", async () => {
    const original = await unscoped("demo", "demo-pw-1");
    const rescoped = await login(tokenIdentity(original.secret), { project: { id: w.projectId } });
    expect(rescoped.status).toBe(201);
    expect(rescoped.body.token).toMatchObject({ methods: ["token", "password"], project: { id: w.projectId, name: "demo", domain: { id: "default" } }, user: { name: "demo" } });
    expect(rescoped.body.token.roles?.map((r) => r.name).sort()).toEqual(["load-balancer_member", "member"]);
    expect(rescoped.body.token.catalog?.map((c) => c.type)).toContain("load-balancer");
    expect(Date.parse(rescoped.body.token.expires_at)).toBeLessThanOrEqual(Date.parse(original.body.token.expires_at));
    expect((await rest.call("GET", LBS, { token: subject(rescoped) })).status).toBe(200);
    // A scoped token rescopes too (octavia-dashboard re-authenticates every call this way), by project name.
    const again = await login(tokenIdentity(subject(rescoped)), { project: { name: "demo", domain: { name: "Default" } } });
    expect(again.status).toBe(201);
    expect(again.body.token.expires_at).toBe(original.body.token.expires_at);
  });

  it("refuses a project the user holds no role in, a revoked token and an expired one, auditing each", async () => {
    const original = await unscoped("demo", "demo-pw-1");
    const [altProject] = (await rest.call<{ projects: Item[] }>("GET", "/identity/v3/projects?name=alt", { token: admin })).body.projects;
    expect(await login(tokenIdentity(original.secret), { project: { id: altProject?.id } })).toMatchObject({ status: 401, body: { error: { code: 401 } } });

    const revoked = await unscoped("demo", "demo-pw-1");
    expect((await rest.call("DELETE", "/identity/v3/auth/tokens", { token: revoked.secret, headers: { "x-subject-token": revoked.secret } })).status).toBe(204);
    expect((await login(tokenIdentity(revoked.secret), { project: { id: w.projectId } })).status).toBe(401);

    expect(await login(tokenIdentity(original.secret), { project: {} })).toMatchObject({ status: 401, body: { error: { message: "The request you have made requires authentication." } } });

    const expired = await issueToken(w.db, original.body.token.user.id, w.projectId, ["password"], 1, { scope: "unscoped" });
    await expect.poll(() => Date.now()).toBeGreaterThan(Date.parse(expired.expires_at));
    expect((await login(tokenIdentity(expired.secret), { project: { id: w.projectId } })).status).toBe(401);

    const denied = await w.db
      .select({ detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.procedure, "keystone.auth.tokens"), eq(auditLog.outcome, "denied")));
    expect(denied.filter((d) => d.detail?.startsWith("token unknown, expired or revoked")).length).toBeGreaterThanOrEqual(2);
    expect(denied.some((d) => d.detail?.startsWith("no role in the project asked for"))).toBe(true);
  });
});

describe("the Default domain", () => {
  it("scopes the cloud admin's token to it, and refuses anyone else", async () => {
    for (const domain of [{ id: "default" }, { name: "Default" }]) {
      const res = await login(passwordIdentity("admin", "admin-pw-1"), { domain });
      expect(res.status).toBe(201);
      expect(res.body.token).toMatchObject({ domain: { id: "default", name: "Default" }, roles: [{ name: "admin" }] });
      expect(res.body.token).not.toHaveProperty("project");
      // A domain token is Keystone's business: it reads the directory, and Octavia sees no project in it.
      expect((await rest.call<{ projects: Item[] }>("GET", "/identity/v3/projects?name=alt", { token: subject(res) })).body.projects).toHaveLength(1);
      expect((await rest.call("GET", LBS, { token: subject(res) })).status).toBe(401);
    }
    const demoUnscoped = await unscoped("demo", "demo-pw-1");
    expect(await login(tokenIdentity(demoUnscoped.secret), { domain: { id: "default" } })).toMatchObject({ status: 401, body: { error: { code: 401 } } });
    expect((await login(passwordIdentity("admin", "admin-pw-1"), { domain: { id: "other" } })).status).toBe(401);
  });

  it("is readable by any token holder; GET /v3/auth/domains lists it for the cloud admin only", async () => {
    const domain = await rest.call("GET", "/identity/v3/domains/default", { token: demo });
    expect(domain).toMatchObject({ status: 200, body: { domain: { id: "default", name: "Default", enabled: true, links: { self: `${server.url}/identity/v3/domains/default` } } } });
    expect((await rest.call("GET", "/identity/v3/domains/other", { token: demo })).status).toBe(404);
    expect((await rest.call("GET", "/identity/v3/domains?name=Default", { token: demo })).body).toMatchObject({ domains: [{ id: "default" }] });
    expect((await rest.call("GET", "/identity/v3/auth/domains", { token: admin })).body).toMatchObject({ domains: [{ id: "default" }] });
    expect((await rest.call("GET", "/identity/v3/auth/domains", { token: demo })).body).toMatchObject({ domains: [] });
    expect((await rest.call("GET", "/identity/v3/domains/default")).status).toBe(401);
  });

  it("answers the scopes a token may take besides: no system scope, and a scoped token's catalog", async () => {
    const { secret } = await unscoped("demo", "demo-pw-1");
    expect((await rest.call("GET", "/identity/v3/auth/system", { token: secret })).body).toMatchObject({ system: [] });
    expect((await rest.call("GET", "/identity/v3/auth/catalog", { token: secret })).status).toBe(403);
    const catalog = await rest.call<{ catalog: { type: string }[] }>("GET", "/identity/v3/auth/catalog", { token: demo });
    expect(catalog.body.catalog.map((c) => c.type)).toContain("load-balancer");
  });
});

describe("roles as a real cloud grants them", () => {
  it("gives the seeded member Octavia's load-balancer_member and the reader load-balancer_observer", async () => {
    const roles = async (token: string) => ((await rest.call<TokenBody>("GET", "/identity/v3/auth/tokens", { token, headers: { "x-subject-token": token } })).body.token.roles ?? []).map((r) => r.name).sort();
    expect(await roles(demo)).toEqual(["load-balancer_member", "member"]);
    expect(await roles(world.tokens.viewer)).toEqual(["load-balancer_observer", "reader"]);
  });
});

// Last: it leaves this address throttled for the token method.
describe("the token method's limiter", () => {
  it("throttles bad tokens from one address like bad passwords (429 with Retry-After)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10 && statuses.at(-1) !== 429; i++) statuses.push((await login(tokenIdentity(`not-a-token-${i}`), { project: { id: w.projectId } })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });
});
