import { expect } from "vitest";
import { DEFAULT_E2E_USER, type E2EUser, e2eBaseUrl, passwordOf } from "./config";

// The API as the e2e tests use it for set-up and checks: plain fetch, tRPC's wire format, as a
// logged-in user. Every call carries a session cookie from `auth.login` (one login per user and
// server, kept for the test file), and POSTs say they come from the server's own origin, as a
// browser's would (a cookie-authenticated mutation from another origin is refused).

const SESSION_COOKIE = "lbaas_session";

export interface Session {
  user: E2EUser;
  baseUrl: string;
  /** The cookie's value: the session secret. */
  secret: string;
  /** "lbaas_session=<secret>", for a Cookie header. */
  cookie: string;
}

export interface CallOptions {
  /** Who calls: a seeded user (its file-wide session), a session of the test's own, or nobody (null). */
  as?: E2EUser | Session | null;
  /** Another server than the shared one (a test that starts its own). */
  baseUrl?: string;
}

/** A new session: logs `user` in through `auth.login` and keeps the cookie it sets. */
export async function logIn(user: E2EUser = DEFAULT_E2E_USER, opts: { baseUrl?: string; projectId?: string } = {}): Promise<Session> {
  const baseUrl = opts.baseUrl ?? e2eBaseUrl();
  const res = await fetch(`${baseUrl}/api/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: new URL(baseUrl).origin },
    body: JSON.stringify({ name: user, password: passwordOf(user), ...(opts.projectId && { project_id: opts.projectId }) }),
  });
  const body = await res.text();
  expect(res.status, `auth.login as ${user} answered ${res.status}: ${body}`).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  const secret = cookie?.slice(SESSION_COOKIE.length + 1);
  if (!cookie || !secret) throw new Error(`auth.login as ${user} set no ${SESSION_COOKIE} cookie`);
  return { user, baseUrl, secret, cookie };
}

const sessions = new Map<string, Promise<Session>>();

/** `user`'s session for this test file on `baseUrl`: logged in at the first call, then reused. */
export function sessionOf(user: E2EUser = DEFAULT_E2E_USER, baseUrl = e2eBaseUrl()): Promise<Session> {
  const key = `${baseUrl} ${user}`;
  let session = sessions.get(key);
  if (!session) {
    session = logIn(user, { baseUrl });
    sessions.set(key, session);
    session.catch(() => sessions.delete(key));
  }
  return session;
}

async function resolveSession(opts: CallOptions): Promise<Session | null> {
  const as = opts.as === undefined ? DEFAULT_E2E_USER : opts.as;
  return typeof as === "string" ? sessionOf(as, opts.baseUrl) : as;
}

/** A request for a page or an API path, with the session's cookie (no redirects followed). */
export async function fetchAs(pathname: string, opts: CallOptions & { init?: RequestInit } = {}): Promise<Response> {
  const session = await resolveSession(opts);
  const baseUrl = session?.baseUrl ?? opts.baseUrl ?? e2eBaseUrl();
  const headers = new Headers(opts.init?.headers);
  if (session) headers.set("cookie", session.cookie);
  if (opts.init?.method && opts.init.method !== "GET") headers.set("origin", new URL(baseUrl).origin);
  return fetch(`${baseUrl}${pathname}`, { redirect: "manual", ...opts.init, headers });
}

export interface TrpcAnswer<T> {
  status: number;
  data?: T;
  error?: { message: string; data: { code: string } };
}

/** One procedure call, whatever it answers: a query is a GET with ?input=<JSON>, a mutation a POST. */
export async function trpcCall<T>(procedure: string, input?: unknown, opts: CallOptions & { mutation?: boolean } = {}): Promise<TrpcAnswer<T>> {
  const query = input === undefined || opts.mutation ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const init: RequestInit = opts.mutation
    ? { method: "POST", headers: { "content-type": "application/json" }, body: input === undefined ? null : JSON.stringify(input) }
    : { method: "GET" };
  const res = await fetchAs(`/api/trpc/${procedure}${query}`, { ...opts, init });
  const text = await res.text();
  let body: { result?: { data: T }; error?: TrpcAnswer<T>["error"] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`${procedure} answered ${res.status} with no JSON: ${text.slice(0, 300)}`);
  }
  return { status: res.status, data: body.result?.data, error: body.error };
}

export async function trpcQuery<T>(procedure: string, input?: unknown, opts: CallOptions = {}): Promise<T> {
  const answer = await trpcCall<T>(procedure, input, opts);
  expect(answer.status, `${procedure} answered ${answer.status}: ${answer.error?.message}`).toBe(200);
  return answer.data as T;
}

export async function trpcMutation<T>(procedure: string, input: unknown, opts: CallOptions = {}): Promise<T> {
  const answer = await trpcCall<T>(procedure, input, { ...opts, mutation: true });
  expect(answer.status, `${procedure} answered ${answer.status}: ${answer.error?.message}`).toBe(200);
  return answer.data as T;
}

/** Reads until `done` holds, every 250 ms, or fails after `timeoutMs` with the last value. */
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  return last;
}
