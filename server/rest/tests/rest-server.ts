import http from "node:http";
import type { AddressInfo } from "node:net";
import { seedIdentities } from "@/server/identity/seed";
import { stampPeerAddresses } from "@/server/identity/client-address";
import { newLoginLimiter } from "@/server/identity/login-limiter";
import { keystone } from "@/server/rest/keystone";
import { neutron } from "@/server/rest/neutron/door";
import { nova } from "@/server/rest/nova/door";
import { glance } from "@/server/rest/glance/door";
import { octavia } from "@/server/rest/octavia/door";
import type { RestDeps } from "@/server/rest/serve";
import { testWorld } from "@/server/testing/database";
import { contextFromHeaders, type RequestPieces } from "@/server/trpc/request-context";
import { restClient } from "./client";

// The REST front doors on a real HTTP server of a test's own, mounted where the product
// mounts them (/identity, /load-balancer, /networking, /compute, /image), over a test world's pieces. Requests
// become fetch Requests exactly as Next hands them to the route handlers.

export interface RestServer {
  url: string;
  close(): Promise<void>;
}

const DOORS: [string, (req: Request, deps: RestDeps) => Promise<Response>][] = [
  ["/identity", keystone],
  ["/load-balancer", octavia],
  ["/networking", neutron],
  ["/compute", nova],
  ["/image", glance],
];

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRestServer(pieces: RequestPieces, opts: { tokenTtlMs?: number } = {}): Promise<RestServer> {
  const deps: RestDeps = {
    db: pieces.db,
    tokenTtlMs: opts.tokenTtlMs ?? 3_600_000,
    loginLimiter: pieces.loginLimiter,
    trustedProxies: pieces.trustedProxies,
    context: (req) => contextFromHeaders(pieces, req.headers, { req }),
  };
  // As the product's server does (server/runtime.ts): each request carries its peer's address.
  stampPeerAddresses();
  const server = http.createServer((incoming, outgoing) => {
    void (async () => {
      const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "127.0.0.1"}`);
      const headers = new Headers();
      for (const [key, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(key, value);
      const method = incoming.method ?? "GET";
      const body = method === "GET" || method === "HEAD" ? undefined : await readBody(incoming);
      const req = new Request(url, { method, headers, body: body && body.length > 0 ? new Uint8Array(body) : undefined });
      const door = DOORS.find(([mount]) => url.pathname === mount || url.pathname.startsWith(`${mount}/`));
      const res = door ? await door[1](req, deps) : new Response("not found", { status: 404 });
      outgoing.writeHead(res.status, Object.fromEntries(res.headers));
      outgoing.end(Buffer.from(await res.arrayBuffer()));
    })().catch((err: unknown) => {
      console.error("[rest-server]", err);
      outgoing.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A test file's world behind the REST doors, with no controller: the demo cloud, the seeded users
 * (admin, and demo, viewer and alt with one password), and a
 * Keystone token for each of admin (admin of demo), demo (member) and viewer (reader).
 */
export async function startRestWorld() {
  const w = await testWorld();
  await seedIdentities(w.db, { projectId: w.projectId, demo: true, passwords: { admin: "admin-pw-1", demo: "demo-pw-1" } });
  const server = await startRestServer({ db: w.db, feed: w.feed, compute: null, dataPlane: null, loginLimiter: newLoginLimiter() });
  const rest = restClient(server.url);
  const [admin, demo, viewer] = await Promise.all([rest.token("admin", "admin-pw-1"), rest.token("demo", "demo-pw-1"), rest.token("viewer", "demo-pw-1")]);
  return {
    w,
    server,
    rest,
    tokens: { admin, demo, viewer },
    async close() {
      await server.close();
      await w.close();
    },
  };
}
