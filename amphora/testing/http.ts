import http from "node:http";
import net from "node:net";

// Tiny real HTTP servers standing in for members, and a small client, for tests that send
// traffic through a real HAProxy. Everything binds to 127.x addresses.

export interface MemberServer {
  name: string;
  address: string;
  port: number;
  close(): Promise<void>;
}

/** Answers every request with its own name; /slow answers after 800 ms. */
export async function startMemberServer(name: string, address: string): Promise<MemberServer> {
  const server = http.createServer((req, res) => {
    const reply = () => res.writeHead(200, { "content-type": "text/plain" }).end(name);
    if (req.url === "/slow") setTimeout(reply, 800);
    else reply();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, address, resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    name,
    address,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on at `address` right now (HAProxy binds it a moment later). */
export async function freePort(address: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, address, resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Reply {
  status: number;
  body: string;
}

export function get(url: string, opts: { agent?: http.Agent | false; timeoutMs?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const agent = opts.agent ?? false;
    const req = http.get(url, { agent, headers: agent === false ? { connection: "close" } : {} }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.setTimeout(opts.timeoutMs ?? 5_000, () => req.destroy(new Error(`timeout fetching ${url}`)));
    req.on("error", reject);
  });
}

/** `n` sequential fetches (a new connection each), their bodies in order. */
export async function bodies(url: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const reply = await get(url);
    out.push(reply.status === 200 ? reply.body : `HTTP ${reply.status}`);
  }
  return out;
}

export interface LoadResult {
  ok: number;
  failed: number;
  errors: string[];
}

/**
 * Bounded load: `workers` loops (half reusing one keep-alive connection, half opening a new
 * connection per request) fetching `url` until `durationMs` passes or each has made
 * `maxPerWorker` requests. Anything but a 200 from a known member counts as a failure.
 */
export async function runLoad(
  url: string,
  opts: { workers: number; durationMs: number; maxPerWorker: number; expectBodies: string[] },
): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, failed: 0, errors: [] };
  const deadline = Date.now() + opts.durationMs;
  const worker = async (keepAlive: boolean) => {
    const agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
    try {
      for (let i = 0; i < opts.maxPerWorker && Date.now() < deadline; i++) {
        try {
          const reply = await get(url, { agent });
          if (reply.status === 200 && opts.expectBodies.includes(reply.body)) result.ok++;
          else {
            result.failed++;
            result.errors.push(`HTTP ${reply.status} ${reply.body.slice(0, 80)}`);
          }
        } catch (err) {
          result.failed++;
          result.errors.push(`${keepAlive ? "keep-alive" : "close"}: ${(err as Error).message}`);
        }
      }
    } finally {
      if (agent) agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: opts.workers }, (_, i) => worker(i % 2 === 0)));
  return result;
}
