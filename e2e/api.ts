import fs from "node:fs";
import { type BrowserContext, expect } from "@playwright/test";
import { DEFAULT_E2E_USER, type E2EUser, e2eBaseUrl, passwordOf, storageStateOf } from "./config";

// The API as the e2e tests use it for set-up and checks: plain fetch, tRPC's wire format, as a
// logged-in user. On the shared server a role's calls carry the session its browser state holds
// (auth.setup.ts logs each role in once); on a server a test starts itself, the role logs in at
// its first call. POSTs say they come from the server's own origin, as a browser's would (a
// cookie-authenticated mutation from another origin is refused).

export const SESSION_COOKIE = "lbaas_session";

export interface Session {
  user: E2EUser;
  baseUrl: string;
  /** The cookie's value: the session secret. */
  secret: string;
  /** "lbaas_session=<secret>", for a Cookie header. */
  cookie: string;
}

export interface CallOptions {
  /** Who calls: a seeded user (its session on this server), a session of the test's own, or nobody (null). demo by default. */
  as?: E2EUser | Session | null;
}

export interface TrpcAnswer<T> {
  status: number;
  data?: T;
  error?: { message: string; data: { code: string } };
}

const sessionOf = (user: E2EUser, baseUrl: string, secret: string): Session => ({ user, baseUrl, secret, cookie: `${SESSION_COOKIE}=${secret}` });

/** Sessions of this worker, per server and user. */
const sessions = new Map<string, Promise<Session>>();

export class Api {
  constructor(readonly baseUrl: string) {}

  /** A new session: logs `user` in through `auth.login` and keeps the cookie it sets. */
  async logIn(user: E2EUser = DEFAULT_E2E_USER, opts: { projectId?: string } = {}): Promise<Session> {
    const res = await fetch(`${this.baseUrl}/api/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(this.baseUrl).origin },
      body: JSON.stringify({ name: user, password: passwordOf(user), ...(opts.projectId && { project_id: opts.projectId }) }),
    });
    const body = await res.text();
    expect(res.status, `auth.login as ${user} answered ${res.status}: ${body}`).toBe(200);
    const secret = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0] ?? "")
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
      ?.slice(SESSION_COOKIE.length + 1);
    if (!secret) throw new Error(`auth.login as ${user} set no ${SESSION_COOKIE} cookie`);
    return sessionOf(user, this.baseUrl, secret);
  }

  /** `user`'s session on this server: the one of its saved browser state, or one logged in for this worker. */
  session(user: E2EUser = DEFAULT_E2E_USER): Promise<Session> {
    const key = `${this.baseUrl} ${user}`;
    let session = sessions.get(key);
    if (!session) {
      const saved = this.baseUrl === e2eBaseUrl() ? savedSecret(user) : undefined;
      session = saved ? Promise.resolve(sessionOf(user, this.baseUrl, saved)) : this.logIn(user);
      sessions.set(key, session);
      session.catch(() => sessions.delete(key));
    }
    return session;
  }

  /** A request for a page or an API path, with the caller's cookie (no redirects followed). */
  async fetch(pathname: string, opts: CallOptions & { init?: RequestInit } = {}): Promise<Response> {
    const as = opts.as === undefined ? DEFAULT_E2E_USER : opts.as;
    const session = typeof as === "string" ? await this.session(as) : as;
    const headers = new Headers(opts.init?.headers);
    if (session) headers.set("cookie", session.cookie);
    if (opts.init?.method && opts.init.method !== "GET") headers.set("origin", new URL(this.baseUrl).origin);
    return fetch(`${this.baseUrl}${pathname}`, { redirect: "manual", ...opts.init, headers });
  }

  /** One procedure call, whatever it answers: a query is a GET with ?input=<JSON>, a mutation a POST. */
  async call<T>(procedure: string, input?: unknown, opts: CallOptions & { mutation?: boolean } = {}): Promise<TrpcAnswer<T>> {
    const query = input === undefined || opts.mutation ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const init: RequestInit = opts.mutation
      ? { method: "POST", headers: { "content-type": "application/json" }, body: input === undefined ? null : JSON.stringify(input) }
      : { method: "GET" };
    const res = await this.fetch(`/api/trpc/${procedure}${query}`, { ...opts, init });
    const text = await res.text();
    let body: { result?: { data: T }; error?: TrpcAnswer<T>["error"] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`${procedure} answered ${res.status} with no JSON: ${text.slice(0, 300)}`);
    }
    return { status: res.status, data: body.result?.data, error: body.error };
  }

  /** A query that must succeed: its data. */
  async query<T>(procedure: string, input?: unknown, opts: CallOptions = {}): Promise<T> {
    const answer = await this.call<T>(procedure, input, opts);
    expect(answer.status, `${procedure} answered ${answer.status}: ${answer.error?.message}`).toBe(200);
    return answer.data as T;
  }

  /** A mutation that must succeed: its data. */
  async mutation<T>(procedure: string, input: unknown, opts: CallOptions = {}): Promise<T> {
    const answer = await this.call<T>(procedure, input, { ...opts, mutation: true });
    expect(answer.status, `${procedure} answered ${answer.status}: ${answer.error?.message}`).toBe(200);
    return answer.data as T;
  }
}

/** The session secret in `user`'s saved browser state, if auth.setup.ts has written it. */
function savedSecret(user: E2EUser): string | undefined {
  let state: { cookies: Array<{ name: string; value: string }> };
  try {
    state = JSON.parse(fs.readFileSync(storageStateOf(user), "utf8")) as typeof state;
  } catch {
    return undefined;
  }
  return state.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
}

/** Puts `session`'s cookie in the browser context, as the login response would have. */
export async function useSession(context: BrowserContext, session: Session): Promise<void> {
  await context.addCookies([{ name: SESSION_COOKIE, value: session.secret, url: session.baseUrl, httpOnly: true, sameSite: "Lax" }]);
}
