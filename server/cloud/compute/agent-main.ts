import http from "node:http";
import https from "node:https";
import type { InstanceServer, SyncReply, SyncRequest } from "./protocol";

// The compute agent: a process of its own that plays the demo cloud's instances. Each ACTIVE
// instance is an HTTP server on its fixed IP answering with its own name, so traffic through
// the data plane never shares an event loop with the web server. It takes orders over the IPC
// channel from the process that started it, and exits when that process goes away.

const running = new Map<string, { spec: InstanceServer; servers: http.Server[] }>();
const key = (s: InstanceServer) => `${s.name}@${s.address}:${s.port}${s.tls ? `+${s.tls.port}` : ""}`;

/** The instance's HTTP server, and its HTTPS one when it has a certificate: both answer with its name. */
async function listen(spec: InstanceServer): Promise<http.Server[]> {
  const answer: http.RequestListener = (req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/plain", "x-instance": spec.name });
    res.end(`${spec.name}\n`);
  };
  const servers = [{ server: http.createServer(answer), port: spec.port }];
  if (spec.tls) servers.push({ server: https.createServer({ cert: spec.tls.cert, key: spec.tls.key }, answer), port: spec.tls.port });
  const started: http.Server[] = [];
  try {
    for (const { server, port } of servers) {
      server.keepAliveTimeout = 5_000;
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, spec.address, () => {
          server.off("error", reject);
          resolve();
        });
      });
      started.push(server);
    }
  } catch (err) {
    await Promise.all(started.map(close));
    throw err;
  }
  return started;
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // A stopped instance drops its connections at once, as a powered-off machine would.
    server.closeAllConnections();
  });
}

async function sync(req: SyncRequest): Promise<SyncReply> {
  const wanted = new Map(req.instances.map((s) => [key(s), s]));
  for (const [k, { servers }] of running) {
    if (!wanted.has(k)) {
      running.delete(k);
      await Promise.all(servers.map(close));
    }
  }
  const failed: SyncReply["failed"] = [];
  for (const [k, spec] of wanted) {
    if (running.has(k)) continue;
    try {
      running.set(k, { spec, servers: await listen(spec) });
    } catch (err) {
      failed.push({ name: spec.name, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { type: "synced", seq: req.seq, failed };
}

let queue = Promise.resolve();
process.on("message", (msg: SyncRequest) => {
  if (msg?.type !== "sync") return;
  queue = queue.then(async () => {
    process.send?.(await sync(msg));
  });
});
process.on("disconnect", () => process.exit(0));
process.send?.({ type: "ready" });
