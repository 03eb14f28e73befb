import { json } from "../http";
import type { Route } from "../routing";
import type { RestCall } from "../serve";

// Octavia's timestamps, for every body the Octavia door answers: UTC to the second with no zone
// ("2026-11-23T19:49:34"), as Octavia's API types render them. Clients decode that exact layout
// (Terraform's Go SDK refuses a trailing "Z" or a fraction), so the views keep their ISO strings
// for the dashboard and the door rewrites them here, once, by the fields' names.

/** The fields Octavia answers as timestamps, in any resource and at any depth. */
const TIMESTAMP_FIELDS = new Set(["created_at", "updated_at", "cert_expiration"]);

/** An ISO time as Octavia answers it; anything that is not a time is left as it is. */
function octaviaTime(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? value : time.toISOString().slice(0, 19);
}

/** The body with every timestamp field in Octavia's layout. */
export function octaviaWire(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(octaviaWire);
  if (typeof body !== "object" || body === null) return body;
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, TIMESTAMP_FIELDS.has(key) ? octaviaTime(value) : octaviaWire(value)]));
}

/** A route whose JSON answer passes through octaviaWire (a text or empty answer is left alone). */
export function inOctaviaWire(route: Route<RestCall>): Route<RestCall> {
  return {
    ...route,
    async handle(call, params) {
      const res = await route.handle(call, params);
      if (!res.headers.get("content-type")?.startsWith("application/json")) return res;
      return json(res.status, octaviaWire(await res.json()), Object.fromEntries([...res.headers].filter(([key]) => !["content-type", "content-length"].includes(key))));
    },
  };
}
