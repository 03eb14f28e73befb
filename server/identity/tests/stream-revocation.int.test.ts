import type { AddressInfo } from "node:net";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { projects, users } from "@/db/schema";
import { seedIdentities } from "@/server/identity/seed";
import { revokeRole } from "@/server/identity/admin";
import { SESSION_COOKIE } from "@/server/identity/cookies";
import { newLoginLimiter } from "@/server/identity/login-limiter";
import { createSession } from "@/server/identity/sessions";
import { issueToken, revokeToken } from "@/server/identity/tokens";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { readSse } from "@/server/testing/sse";
import { appRouter, createCaller } from "@/server/trpc/router";
import { contextFromHeaders } from "@/server/trpc/request-context";

// An open status stream (events.onStatus over real SSE) ends when its caller's access does:
// logout, a revoked token, a revoked role. Without that, a stream opened before the change kept
// streaming the project's events for as long as the browser kept it open.

let w: TestWorld;
let url: string;
let close: () => Promise<void>;
let ids: Record<string, string>;
const pieces = () => ({ db: w.db, feed: w.feed, compute: null, dataPlane: null, loginLimiter: newLoginLimiter() });

beforeAll(async () => {
  w = await testWorld();
  await seedIdentities(w.db, { projectId: w.projectId, demo: true, passwords: { admin: "admin-secret-1", demo: "demo-secret-1" } });
  ids = Object.fromEntries((await w.db.select({ id: users.id, name: users.name }).from(users)).map((u) => [u.name, u.id]));
  const server = createHTTPServer({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: ({ req }) => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
      return contextFromHeaders(pieces(), headers);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
  close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
});
afterAll(async () => {
  await close?.();
  await w?.close();
});

/**
 * Opens the stream with `headers`, runs `change` once the server says it is connected, and
 * resolves with how the stream ended: "ended" by the server, or "still open" after `timeoutMs`.
 */
async function streamAcross(headers: Record<string, string>, change: () => Promise<unknown>, timeoutMs = 15_000): Promise<"ended" | "still open"> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let changed = false;
  try {
    for await (const message of readSse(`${url}/events.onStatus`, abort.signal, headers)) {
      if (message.event === "connected" && !changed) {
        changed = true;
        await change();
      }
    }
  } finally {
    clearTimeout(timer);
  }
  if (!changed) throw new Error("the stream never said it was connected");
  return abort.signal.aborted ? "still open" : "ended";
}

describe("an open status stream", () => {
  it("ends when its token is revoked", async () => {
    const token = await issueToken(w.db, ids.demo!, w.projectId, ["password"], 60_000);
    expect(await streamAcross({ "x-auth-token": token.secret }, () => revokeToken(w.db, token.secret))).toBe("ended");
  });

  it("ends at logout", async () => {
    const session = await createSession(w.db, ids.demo!, w.projectId, { idleMs: 60_000, absoluteMs: 3_600_000 });
    const cookie = `${SESSION_COOKIE}=${session.secret}`;
    const logout = async () => {
      const ctx = await contextFromHeaders(pieces(), new Headers({ cookie }));
      await createCaller(ctx).auth.logout();
    };
    expect(await streamAcross({ cookie }, logout)).toBe("ended");
  });

  it("ends when the role it was opened with is revoked", async () => {
    const token = await issueToken(w.db, ids.viewer!, w.projectId, ["password"], 60_000);
    expect(await streamAcross({ "x-auth-token": token.secret }, () => revokeRole(w.db, { user_id: ids.viewer!, project_id: w.projectId, role: "reader" }))).toBe("ended");
  });

  it("stays open when someone else's access changes", async () => {
    const [alt] = await w.db.select({ id: projects.id }).from(projects).where(eq(projects.name, "alt"));
    const token = await issueToken(w.db, ids.alt!, alt!.id, ["password"], 60_000);
    const other = await issueToken(w.db, ids.demo!, w.projectId, ["password"], 60_000);
    expect(await streamAcross({ "x-auth-token": token.secret }, () => revokeToken(w.db, other.secret), 2_000)).toBe("still open");
  });
});
