import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedIdentities } from "@/server/identity/seed";
import { listAudit } from "@/server/identity/audit";
import { sameOrigin, SESSION_COOKIE, sessionSecretFrom } from "@/server/identity/cookies";
import { LOGIN_FAILED } from "@/server/identity/auth";
import { newLoginLimiter } from "@/server/identity/login-limiter";
import { createSession, resolveSession } from "@/server/identity/sessions";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { createInnerContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/router";
import { sessionSettings } from "@/server/trpc/session-settings";

// Dashboard sessions through the real procedures: the cookie's flags, a new id at every login,
// idle and absolute expiry, the login limiter, the Origin check, and the audit of it all.

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
  await seedIdentities(w.db, { projectId: w.projectId, demo: true, passwords: { admin: "admin-secret-1", demo: "demo-secret-1" } });
});
afterAll(() => w?.close());

const settings = { idleMs: 60_000, absoluteMs: 3_600_000 };
const limiter = newLoginLimiter();

/** An anonymous browser request: it carries `secret` as its cookie, and collects Set-Cookie. */
function browser(opts: { secret?: string | null; secure?: boolean; crossSite?: boolean; address?: string } = {}) {
  const cookies: string[] = [];
  const ctx = createInnerContext({
    db: w.db,
    feed: w.feed,
    identity: null,
    sessionSecret: opts.secret ?? null,
    secure: opts.secure ?? false,
    crossSite: opts.crossSite ?? false,
    clientAddress: opts.address ?? "127.0.0.1",
    setCookie: (c) => cookies.push(c),
    loginLimiter: limiter,
  });
  return { caller: createCaller(ctx), cookies };
}

async function login(name: string, password: string, opts: Parameters<typeof browser>[0] = {}) {
  const b = browser(opts);
  const result = await b.caller.auth.login({ name, password });
  const secret = sessionSecretFrom(b.cookies[0]?.split(";")[0] ?? null);
  return { result, cookie: b.cookies[0] ?? "", secret: secret ?? "" };
}

const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (err: unknown) => (err instanceof TRPCError ? err.code : String(err)));

describe("dashboard sessions", () => {
  it("sets an httpOnly, SameSite=Lax cookie, Secure behind HTTPS, that resolves to the user in their project", async () => {
    const { cookie, secret, result } = await login("demo", "demo-secret-1");
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{20,};`));
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Secure");
    expect(result.project.id).toBe(w.projectId);
    expect((await resolveSession(w.db, secret, sessionSettings()))?.user.name).toBe("demo");
    expect((await login("demo", "demo-secret-1", { secure: true })).cookie).toContain("Secure");
  });

  it("issues a new session id at login and ends the one the browser had", async () => {
    const first = await login("demo", "demo-secret-1");
    const second = await login("demo", "demo-secret-1", { secret: first.secret });
    expect(second.secret).not.toBe(first.secret);
    expect(await resolveSession(w.db, first.secret, settings)).toBeNull();
    expect(await resolveSession(w.db, second.secret, settings)).not.toBeNull();
  });

  it("expires after the idle time and after the absolute time", async () => {
    const { secret } = await login("demo", "demo-secret-1");
    await new Promise((r) => setTimeout(r, 30));
    expect(await resolveSession(w.db, secret, { idleMs: 10, absoluteMs: 3_600_000 })).toBeNull();
    const again = await login("demo", "demo-secret-1");
    expect(await resolveSession(w.db, again.secret, { idleMs: 60_000, absoluteMs: 3_600_000 })).not.toBeNull();
    const brief = await createSession(w.db, again.result.user.id, w.projectId, { idleMs: 60_000, absoluteMs: 20 });
    await new Promise((r) => setTimeout(r, 40));
    expect(await resolveSession(w.db, brief.secret, settings)).toBeNull();
  });

  it("logs out: the session is gone and the cookie cleared", async () => {
    const { secret } = await login("demo", "demo-secret-1");
    const identity = await resolveSession(w.db, secret, settings);
    const cookies: string[] = [];
    const caller = createCaller(createInnerContext({ db: w.db, feed: w.feed, identity, sessionSecret: secret, setCookie: (c) => cookies.push(c) }));
    await caller.auth.logout();
    expect(cookies[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    expect(await resolveSession(w.db, secret, settings)).toBeNull();
  });

  it("answers every failed login with one message, and rate-limits per user+address and per address", async () => {
    const fail = (name: string, address: string) => browser({ address }).caller.auth.login({ name, password: "wrong-password" });
    await expect(fail("demo", "10.0.0.1")).rejects.toMatchObject({ code: "UNAUTHORIZED", message: LOGIN_FAILED });
    await expect(fail("no-such-user", "10.0.0.1")).rejects.toMatchObject({ code: "UNAUTHORIZED", message: LOGIN_FAILED });
    // Per user+address: past three free failures `viewer` waits at 10.0.1.1, even with the right password…
    for (let i = 0; i < 5; i++) await codeOf(fail("viewer", "10.0.1.1"));
    await expect(browser({ address: "10.0.1.1" }).caller.auth.login({ name: "viewer", password: "demo-secret-1" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/^Too many failed logins\. Try again in \d+ second\(s\)\.$/),
    });
    // …but not from anywhere else.
    expect(await codeOf(browser({ address: "10.0.2.1" }).caller.auth.login({ name: "viewer", password: "demo-secret-1" }))).toBe("OK");
    // Per address: twenty failures from one address block it for every user name.
    for (let i = 0; i < 20; i++) await codeOf(fail(`guess-${i}`, "10.0.3.1"));
    expect(await codeOf(browser({ address: "10.0.3.1" }).caller.auth.login({ name: "alt", password: "demo-secret-1" }))).toBe("TOO_MANY_REQUESTS");
    expect(await codeOf(browser({ address: "10.0.3.2" }).caller.auth.login({ name: "alt", password: "demo-secret-1" }))).toBe("OK");
  });

  it("refuses a cookie-authenticated mutation from another site, and records it as denied", async () => {
    const { secret } = await login("demo", "demo-secret-1");
    const identity = await resolveSession(w.db, secret, settings);
    const crossSite = createCaller(createInnerContext({ db: w.db, feed: w.feed, identity, sessionSecret: secret, crossSite: true, requestId: "req-cross-site" }));
    await expect(crossSite.loadBalancer.create({ name: "csrf", vip_subnet_id: w.selfservice.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await codeOf(crossSite.loadBalancer.list())).toBe("OK"); // reads are not what CSRF abuses
    const [entry] = (await listAudit(w.db, { outcome: "denied" })).filter((e) => e.request_id === "req-cross-site");
    expect(entry).toMatchObject({ procedure: "loadBalancer.create", user_name: "demo", outcome: "denied" });
    const headers = (origin: string | null) => new Headers({ host: "127.0.0.1:3000", ...(origin && { origin }) });
    expect(sameOrigin(headers("http://127.0.0.1:3000"))).toBe(true);
    expect(sameOrigin(headers("http://evil.example"))).toBe(false);
    expect(sameOrigin(headers(null))).toBe(true);
  });
});
