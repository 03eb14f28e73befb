import { expect } from "vitest";
import { BASE_URL } from "./browser";

// The API as the e2e tests use it for set-up and checks: plain fetch, tRPC's wire format.

export async function trpcQuery<T>(procedure: string, input?: unknown): Promise<T> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${BASE_URL}/api/trpc/${procedure}${query}`);
  const body = await res.text();
  expect(res.status, `${procedure} answered ${res.status}: ${body}`).toBe(200);
  return (JSON.parse(body) as { result: { data: T } }).result.data;
}

export async function trpcMutation<T>(procedure: string, input: unknown): Promise<T> {
  const res = await fetch(`${BASE_URL}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  const body = await res.text();
  expect(res.status, `${procedure} answered ${res.status}: ${body}`).toBe(200);
  return (JSON.parse(body) as { result: { data: T } }).result.data;
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
