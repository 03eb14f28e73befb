import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions, tokens, users } from "@/db/schema";
import { seedIdentities } from "@/server/identity/seed";
import { setPassword, updateUser } from "@/server/identity/admin";
import { listAudit } from "@/server/identity/audit";
import { checkPassword } from "@/server/identity/identity";
import { purgeIdentityLeftovers } from "@/server/identity/housekeeping";
import { PEER_HEADER } from "@/server/identity/client-address";
import { newLoginLimiter } from "@/server/identity/login-limiter";
import { hashSecret } from "@/server/identity/secrets";
import { createSession, resolveSession } from "@/server/identity/sessions";
import { issueToken, resolveToken } from "@/server/identity/tokens";
import { restClient } from "@/server/rest/tests/client";
import { type RestServer, startRestServer } from "@/server/rest/tests/rest-server";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { createInnerContext } from "@/server/trpc/init";
import { contextFromHeaders } from "@/server/trpc/request-context";
import { createCaller } from "@/server/trpc/router";

// The one login path behind both doors (the dashboard's auth.login and Keystone's password
// method): one limiter, one audit trail, the password checked outside any transaction, the
// client's address from the socket (X-Forwarded-For only from trusted proxies), and what a
// password change or a disabled account does to the sessions and tokens already out there.

let w: TestWorld;
let server: RestServer;
let behindProxy: RestServer;
// Room for every failure this file makes from 127.0.0.1: the per-pair delays are what is tested here.
const limiter = newLoginLimiter({ perAddress: 100 });
let ids: Record<string, string>;

beforeAll(async () => {
  w = await testWorld();
  await seedIdentities(w.db, { projectId: w.projectId, demo: true, passwords: { admin: "admin-secret-1", demo: "demo-secret-1" } });
  const pieces = { db: w.db, feed: w.feed, compute: null, dataPlane: null, loginLimiter: limiter };
  server = await startRestServer(pieces);
  behindProxy = await startRestServer({ ...pieces, loginLimiter: newLoginLimiter(), trustedProxies: ["127.0.0.0/8"] });
  ids = Object.fromEntries((await w.db.select({ id: users.id, name: users.name }).from(users)).map((u) => [u.name, u.id]));
});
afterAll(async () => {
  await server?.close();
  await behindProxy?.close();
  await w?.close();
});

/** The dashboard's login, as a browser at `address` makes it. */
const dashboardLogin = (name: string, password: string, address: string, requestId = `req-${Math.random()}`) =>
  createCaller(createInnerContext({ db: w.db, feed: w.feed, identity: null, clientAddress: address, loginLimiter: limiter, requestId })).auth.login({ name, password });

const keystoneLogin = (target: RestServer, name: string, password: string, headers: Record<string, string> = {}) =>
  restClient(target.url).call("POST", "/identity/v3/auth/tokens", {
    body: { auth: { identity: { methods: ["password"], password: { user: { name, domain: { name: "Default" }, password } } } } },
    headers,
  });

const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (err: unknown) => (err as { code?: string }).code ?? String(err));

describe("Keystone's password method", () => {
  it("is throttled (429 with Retry-After) after a few failures of one user from one address, and audits every attempt", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10 && statuses.at(-1) !== 429; i++) statuses.push((await keystoneLogin(server, "viewer", `guess-${i}`)).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    const throttled = await keystoneLogin(server, "viewer", "demo-secret-1");
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(throttled.body).toMatchObject({ error: { code: 429, title: "Too Many Requests" } });
    const entries = (await listAudit(w.db, {})).filter((e) => e.procedure === "keystone.auth.tokens" && e.user_name === "viewer");
    expect(entries.length).toBe(statuses.length);
    expect(entries.every((e) => e.outcome === "denied" && e.detail?.endsWith("from 127.0.0.1"))).toBe(true);
    // The first refusal is recorded, the one after it is not: a flood of refusals writes one row.
    expect(entries.filter((e) => e.detail?.startsWith("throttled"))).toHaveLength(1);
    expect(entries.filter((e) => e.user_id === ids.viewer)).toHaveLength(statuses.length - 1);
  });

  it("shares the dashboard's limiter: failures at one door throttle the other", async () => {
    // Six failures: the next attempt waits 4 s, long enough for both doors to be asked.
    for (let i = 0; i < 6; i++) await codeOf(dashboardLogin("alt", `guess-${i}`, "127.0.0.1"));
    expect(await codeOf(dashboardLogin("alt", "demo-secret-1", "127.0.0.1"))).toBe("TOO_MANY_REQUESTS");
    expect((await keystoneLogin(server, "alt", "demo-secret-1")).status).toBe(429);
  });

  it("audits a successful token with its user, and no project when unscoped", async () => {
    const res = await keystoneLogin(server, "demo", "demo-secret-1");
    expect(res.status).toBe(201);
    const requestId = res.headers.get("x-openstack-request-id");
    const [entry] = (await listAudit(w.db, { user_id: ids.demo })).filter((e) => e.request_id === requestId);
    expect(entry).toMatchObject({ procedure: "keystone.auth.tokens", user_name: "demo", project_id: null, outcome: "success", detail: expect.stringMatching(/^unscoped; from /) });
  });
});

describe("the client's address", () => {
  it("is the socket's peer whatever X-Forwarded-For a client writes, and the forwarded one behind a trusted proxy", async () => {
    const spoof = { "x-forwarded-for": "203.0.113.7", "x-lbaas-peer-address": "203.0.113.8" };
    const direct = await keystoneLogin(server, "nobody-direct", "x", spoof);
    const proxied = await keystoneLogin(behindProxy, "nobody-proxied", "x", spoof);
    const detailOf = async (name: string) => (await listAudit(w.db, {})).find((e) => e.user_name === name)?.detail;
    expect(direct.status).toBe(401);
    expect(await detailOf("nobody-direct")).toMatch(/from 127\.0\.0\.1$/);
    expect(proxied.status).toBe(401);
    expect(await detailOf("nobody-proxied")).toMatch(/from 203\.0\.113\.7$/);
  });

  it("so changing X-Forwarded-For on every request does not escape the limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10 && statuses.at(-1) !== 429; i++) statuses.push((await keystoneLogin(server, "admin", `guess-${i}`, { "x-forwarded-for": `198.51.100.${i}` })).status);
    expect(statuses.at(-1)).toBe(429);
  });

  it("is what the tRPC door's context carries too", async () => {
    const pieces = { db: w.db, feed: w.feed, compute: null, dataPlane: null, loginLimiter: limiter };
    const headers = new Headers({ "x-forwarded-for": "203.0.113.7", [PEER_HEADER]: "192.0.2.5" });
    expect((await contextFromHeaders(pieces, headers)).clientAddress).toBe("192.0.2.5");
    expect((await contextFromHeaders({ ...pieces, trustedProxies: ["192.0.2.0/24"] }, headers)).clientAddress).toBe("203.0.113.7");
    // An IPv4 peer on a dual-stack socket, and a trusted chain of two proxies.
    const chain = new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.2", [PEER_HEADER]: "::ffff:10.0.0.1" });
    expect((await contextFromHeaders({ ...pieces, trustedProxies: ["10.0.0.0/8"] }, chain)).clientAddress).toBe("203.0.113.9");
  });
});

describe("the dashboard's login", () => {
  it("is audited with the user who logged in, not as anonymous", async () => {
    await dashboardLogin("demo", "demo-secret-1", "192.0.2.10", "req-login-ok");
    expect((await listAudit(w.db, { user_id: ids.demo })).filter((e) => e.request_id === "req-login-ok")).toEqual([
      expect.objectContaining({ procedure: "auth.login", user_name: "demo", project_id: w.projectId, outcome: "success" }),
    ]);
  });

  it("does not let a stranger lock a user out from elsewhere", async () => {
    for (let i = 0; i < 8; i++) await codeOf(dashboardLogin("admin", `guess-${i}`, "192.0.2.66"));
    expect(await codeOf(dashboardLogin("admin", "admin-secret-1", "192.0.2.66"))).toBe("TOO_MANY_REQUESTS");
    expect(await codeOf(dashboardLogin("admin", "admin-secret-1", "192.0.2.1"))).toBe("OK");
  });

  it("verifies the password outside any transaction: other queries go on meanwhile", async () => {
    let settled = false;
    const login = codeOf(dashboardLogin("demo", "wrong-password", "192.0.2.20")).finally(() => {
      settled = true;
    });
    // On PGlite a transaction holds the only connection: had the slow hash run inside one, no
    // query would complete until the login had.
    let completed = 0;
    while (!settled) {
      await w.db.execute(sql`select 1`);
      if (!settled) completed++;
      await new Promise((resolve) => setImmediate(resolve)); // PGlite answers in microtasks: let the hash's callback in
    }
    expect(await login).toBe("UNAUTHORIZED");
    expect(completed).toBeGreaterThan(3);
  });

  it("writes no audit record for an anonymous mutation", async () => {
    const anonymous = createCaller(createInnerContext({ db: w.db, feed: w.feed, identity: null, requestId: "req-anonymous" }));
    await expect(anonymous.loadBalancer.create({ name: "nope", vip_subnet_id: w.selfservice.id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await listAudit(w.db, {})).filter((e) => e.request_id === "req-anonymous")).toEqual([]);
  });
});

const settings = { idleMs: 60_000, absoluteMs: 3_600_000 };

describe("a password change or a disabled user", () => {
  it("ends the user's sessions and revokes their tokens, for good", async () => {
    const session = await createSession(w.db, ids.viewer!, w.projectId, settings);
    const token = await issueToken(w.db, ids.viewer!, w.projectId, ["password"], 60_000);
    await setPassword(w.db, { id: ids.viewer!, password: "viewer-secret-2" });
    expect(await resolveSession(w.db, session.secret, settings)).toBeNull();
    expect(await resolveToken(w.db, token.secret)).toBeNull();

    const again = await createSession(w.db, ids.viewer!, w.projectId, settings);
    const againToken = await issueToken(w.db, ids.viewer!, w.projectId, ["password"], 60_000);
    await updateUser(w.db, { id: ids.viewer!, enabled: false });
    await updateUser(w.db, { id: ids.viewer!, enabled: true });
    // Enabled again, the user logs in again: what they held before stays dead.
    expect(await resolveSession(w.db, again.secret, settings)).toBeNull();
    expect(await resolveToken(w.db, againToken.secret)).toBeNull();
    expect(await checkPassword(w.db, "viewer", "viewer-secret-2")).toMatchObject({ name: "viewer" });
  });
});

describe("housekeeping", () => {
  it("purges audit records past their retention, expired tokens and ended sessions, and keeps the rest", async () => {
    const old = new Date(Date.now() - 91 * 86_400_000).toISOString();
    await w.db.insert(auditLog).values([
      { request_id: "req-ancient", procedure: "loadBalancer.create", outcome: "success", at: old },
      { request_id: "req-recent", procedure: "loadBalancer.create", outcome: "success" },
    ]);
    const expired = await issueToken(w.db, ids.demo!, w.projectId, ["password"], 1);
    const live = await issueToken(w.db, ids.demo!, w.projectId, ["password"], 60_000);
    const idle = await createSession(w.db, ids.demo!, w.projectId, settings);
    await w.db.update(sessions).set({ last_seen_at: old }).where(eq(sessions.id_hash, hashSecret(idle.secret)));
    const fresh = await createSession(w.db, ids.demo!, w.projectId, settings);

    const purged = await purgeIdentityLeftovers(w.db, { auditRetentionDays: 90, sessions: settings }, new Date(Date.now() + 10));
    expect(purged.audit).toBeGreaterThanOrEqual(1);
    const requestIds = (await w.db.select({ id: auditLog.request_id }).from(auditLog)).map((r) => r.id);
    expect(requestIds).not.toContain("req-ancient");
    expect(requestIds).toContain("req-recent");
    const tokenRows = await w.db.select({ expires_at: tokens.expires_at }).from(tokens);
    expect(tokenRows.every((t) => Date.parse(t.expires_at) > Date.now())).toBe(true);
    expect(await resolveToken(w.db, live.secret)).not.toBeNull();
    expect(await resolveToken(w.db, expired.secret)).toBeNull();
    const sessionRow = (secret: string) => w.db.select().from(sessions).where(eq(sessions.id_hash, hashSecret(secret)));
    expect(await sessionRow(idle.secret)).toEqual([]);
    expect(await sessionRow(fresh.secret)).toHaveLength(1);
  });
});

describe("the seeded demo users", () => {
  it("each get a password of their own, so alt cannot log in as demo", async () => {
    const fresh = await testWorld();
    try {
      const seeded = await seedIdentities(fresh.db, { projectId: fresh.projectId, demo: true, passwords: { admin: "admin-secret-1" } });
      const generated = seeded?.generated ?? {};
      expect(Object.keys(generated).sort()).toEqual(["alt", "demo", "viewer"]);
      expect(new Set(Object.values(generated)).size).toBe(3);
      expect(await checkPassword(fresh.db, "demo", generated.alt!)).toBeNull();
      expect(await checkPassword(fresh.db, "demo", generated.demo!)).toMatchObject({ name: "demo" });
    } finally {
      await fresh.close();
    }
  });
});
