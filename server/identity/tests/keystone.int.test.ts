import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projects, users } from "@/db/schema";
import { seedIdentities } from "@/server/identity/seed";
import { newLoginLimiter } from "@/server/identity/login-limiter";
import { issue, type KeystoneDeps, revoke, validate, versions } from "@/server/rest/keystone";
import { type TestWorld, testWorld } from "@/server/testing/database";

// Keystone's token API on the wire: Request in, Response out, the way keystoneauth sees it.

let w: TestWorld;
let deps: KeystoneDeps;
const BASE = "http://127.0.0.1:3999";

beforeAll(async () => {
  w = await testWorld();
  await seedIdentities(w.db, { projectId: w.projectId, demo: true, passwords: { admin: "admin-secret-1", demo: "demo-secret-1" } });
  deps = { db: w.db, tokenTtlMs: 60_000, loginLimiter: newLoginLimiter() };
});
afterAll(() => w?.close());

const passwordAuth = (name: string, password: string, project?: Record<string, unknown>) => ({
  auth: {
    identity: { methods: ["password"], password: { user: { name, domain: { name: "Default" }, password } } },
    ...(project && { scope: { project } }),
  },
});

const post = (body: unknown) =>
  issue(new Request(`${BASE}/identity/v3/auth/tokens`, { method: "POST", headers: { "content-type": "application/json", host: "127.0.0.1:3999" }, body: JSON.stringify(body) }), deps);

const withTokens = (method: "GET" | "DELETE", authToken: string, subject: string) =>
  new Request(`${BASE}/identity/v3/auth/tokens`, { method, headers: { "x-auth-token": authToken, "x-subject-token": subject, host: "127.0.0.1:3999" } });

describe("POST /identity/v3/auth/tokens", () => {
  it("issues a project-scoped token with Keystone's body and a catalog", async () => {
    const res = await post(passwordAuth("demo", "demo-secret-1", { name: "demo", domain: { name: "Default" } }));
    expect(res.status).toBe(201);
    const secret = res.headers.get("x-subject-token");
    expect(secret).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const { token } = (await res.json()) as { token: Record<string, unknown> & { catalog: { type: string; endpoints: { url: string; interface: string; region: string }[] }[] } };
    expect(token).toMatchObject({
      methods: ["password"],
      user: { name: "demo", domain: { id: "default", name: "Default" } },
      project: { id: w.projectId, name: "demo", domain: { id: "default", name: "Default" } },
      is_domain: false,
    });
    // Keystone's role and Octavia's beside it, as the seed grants them.
    expect((token.roles as { name: string }[]).map((r) => r.name).sort()).toEqual(["load-balancer_member", "member"]);
    expect(Date.parse(token.expires_at as string)).toBeGreaterThan(Date.parse(token.issued_at as string));
    const urls = Object.fromEntries(token.catalog.map((s) => [s.type, s.endpoints[0]]));
    expect(urls.identity).toMatchObject({ url: `${BASE}/identity`, interface: "public", region: "RegionOne" });
    expect(urls["load-balancer"]?.url).toBe(`${BASE}/load-balancer`);
    expect(urls.network?.url).toBe(`${BASE}/networking`);
  });

  it("scopes by project id too, and takes PUBLIC_URL for the catalog when set", async () => {
    const res = await issue(
      new Request(`${BASE}/identity/v3/auth/tokens`, { method: "POST", body: JSON.stringify(passwordAuth("admin", "admin-secret-1", { id: w.projectId })) }),
      { ...deps, publicUrl: "https://cloud.example.com/" },
    );
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: { roles: { name: string }[]; catalog: { endpoints: { url: string }[] }[] } };
    expect(token.roles.map((r) => r.name)).toEqual(["admin"]);
    expect(token.catalog[0]?.endpoints[0]?.url).toBe("https://cloud.example.com/identity");
  });

  it("refuses a wrong password, an unknown user and an unknown project with 401 and Keystone's error body", async () => {
    for (const body of [
      passwordAuth("demo", "wrong", { name: "demo", domain: { name: "Default" } }),
      passwordAuth("nobody", "demo-secret-1", { name: "demo", domain: { name: "Default" } }),
      passwordAuth("demo", "demo-secret-1", { name: "no-such-project", domain: { name: "Default" } }),
      passwordAuth("demo", "demo-secret-1", { name: "alt", domain: { name: "Default" } }), // no role there
    ]) {
      const res = await post(body);
      expect(res.status).toBe(401);
      expect(res.headers.get("x-subject-token")).toBeNull();
      expect(await res.json()).toMatchObject({ error: { code: 401, title: "Unauthorized" } });
    }
    expect((await post({ nonsense: true })).status).toBe(400);
  });

  it("refuses a disabled user and a disabled project", async () => {
    await w.db.update(users).set({ enabled: false }).where(eq(users.name, "viewer"));
    expect((await post(passwordAuth("viewer", "demo-secret-1", { name: "demo", domain: { name: "Default" } }))).status).toBe(401);
    await w.db.update(users).set({ enabled: true }).where(eq(users.name, "viewer"));
    await w.db.update(projects).set({ enabled: false }).where(eq(projects.name, "alt"));
    expect((await post(passwordAuth("alt", "demo-secret-1", { name: "alt", domain: { name: "Default" } }))).status).toBe(401);
    await w.db.update(projects).set({ enabled: true }).where(eq(projects.name, "alt"));
    expect((await post(passwordAuth("alt", "demo-secret-1", { name: "alt", domain: { name: "Default" } }))).status).toBe(201);
  });
});

describe("GET and DELETE /identity/v3/auth/tokens", () => {
  it("validates a live token, revokes it, and then no longer knows it", async () => {
    const secret = (await post(passwordAuth("demo", "demo-secret-1", { name: "demo", domain: { name: "Default" } }))).headers.get("x-subject-token") ?? "";
    const valid = await validate(withTokens("GET", secret, secret), deps);
    expect(valid.status).toBe(200);
    expect(((await valid.json()) as { token: { user: { name: string } } }).token.user.name).toBe("demo");
    expect((await revoke(withTokens("DELETE", secret, secret), deps)).status).toBe(204);
    expect((await validate(withTokens("GET", secret, secret), deps)).status).toBe(401);
  });

  it("lets a token expire", async () => {
    // Long enough to be valid when checked on a busy machine; the wait is until its own expires_at.
    const short = { ...deps, tokenTtlMs: 3_000 };
    const res = await issue(new Request(`${BASE}/identity/v3/auth/tokens`, { method: "POST", body: JSON.stringify(passwordAuth("demo", "demo-secret-1")) }), short);
    const secret = res.headers.get("x-subject-token") ?? "";
    const expiresAt = Date.parse(((await res.json()) as { token: { expires_at: string } }).token.expires_at);
    expect((await validate(withTokens("GET", secret, secret), deps)).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 50));
    expect((await validate(withTokens("GET", secret, secret), deps)).status).toBe(401);
  });

  it("does not let one user validate or revoke another's token; an admin may", async () => {
    const demo = (await post(passwordAuth("demo", "demo-secret-1"))).headers.get("x-subject-token") ?? "";
    const alt = (await post(passwordAuth("alt", "demo-secret-1"))).headers.get("x-subject-token") ?? "";
    const admin = (await post(passwordAuth("admin", "admin-secret-1", { name: "demo", domain: { name: "Default" } }))).headers.get("x-subject-token") ?? "";
    expect((await validate(withTokens("GET", alt, demo), deps)).status).toBe(403);
    expect((await revoke(withTokens("DELETE", alt, demo), deps)).status).toBe(403);
    expect((await validate(withTokens("GET", admin, demo), deps)).status).toBe(200);
  });

  it("answers version discovery", async () => {
    const res = versions(new Request(`${BASE}/identity`), deps);
    expect(((await res.json()) as { versions: { values: { id: string; links: { href: string }[] }[] } }).versions.values[0]).toMatchObject({
      id: "v3.14",
      links: [{ href: `${BASE}/identity/v3/` }],
    });
  });
});
