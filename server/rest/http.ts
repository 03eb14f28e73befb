import { randomUUID } from "node:crypto";
import { BODY_TOO_LARGE } from "@/server/request-limits";

// Wire pieces every REST front door shares: JSON responses with a length, the request id header,
// the site's public address, and reading a JSON body.

export const REQUEST_ID_HEADER = "x-openstack-request-id";

/** A refusal the REST layer itself decides (a malformed body, an unknown path), with its status. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "RestError";
  }
}

/** A body over the bound of server/request-limits.ts: 413, in the front door's error body. */
export function tooLarge(): never {
  throw new RestError(413, BODY_TOO_LARGE);
}

/** A JSON response with Content-Length (keep-alive clients need it) and any extra headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status,
    headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers },
  });
}

/** An empty answer (204 No Content, or 202 Accepted with no body). */
export function empty(status: 202 | 204, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { "content-length": "0", ...headers } });
}

/** The same response with the request id on it. */
export function withRequestId(res: Response, requestId: string): Response {
  res.headers.set(REQUEST_ID_HEADER, requestId);
  return res;
}

export const newRequestId = () => `req-${randomUUID()}`;

/**
 * The site's address as clients reach it: PUBLIC_URL when set, else the request's own host (a
 * proxy's X-Forwarded-Host/-Proto first). Catalogs and paging links are built on it.
 */
export function publicBase(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/$/, "");
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? url.host;
  const proto = req.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}

/** The body as JSON; a body that is not JSON is the client's error. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") throw new RestError(400, "The request body is empty; it must be a JSON object.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RestError(400, "The request body is not valid JSON.");
  }
}

/**
 * What Octavia's and Neutron's wrapper holds (`{"loadbalancer": {…}}`, `{"members": […]}`): the
 * body must be an object with that one key. Another key is refused by name, in the words the
 * schemas use for an unknown field.
 */
export function unwrap(body: unknown, key: string): unknown {
  if (!isObject(body) || !(key in body)) throw new RestError(400, `The request body must be an object {"${key}": …}.`);
  const extra = Object.keys(body).find((k) => k !== key);
  if (extra !== undefined) throw new RestError(400, `Unrecognized key: "${extra}"`);
  return body[key];
}

/** The wrapped resource, which must be an object. */
export function unwrapObject(body: unknown, key: string): Record<string, unknown> {
  const inner = unwrap(body, key);
  if (!isObject(inner)) throw new RestError(400, `"${key}" must be an object.`);
  return inner;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);
