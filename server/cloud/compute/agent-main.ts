import http from "node:http";
import https from "node:https";
import type net from "node:net";
import { mapBounded } from "@/server/orchestrator/bounded";
import { listenInNamespace, namespaceInode } from "./netns-listen";
import { type InstanceServer, instanceServerSchema, serverKey, type SyncReply, syncRequestSchema } from "./protocol";

// The compute agent: a process of its own that plays the demo cloud's instances. Each ACTIVE
// instance is an HTTP server (and an HTTPS one) on its fixed IP answering with its own name, so
// traffic through the data plane never shares an event loop with the web server. An instance
// with a network namespace listens inside it (netns-listen.ts), one without on the host. It takes
// orders over the IPC channel from the process that started it, and exits when that process goes
// away.

interface Running {
  servers: http.Server[];
  /** The namespace the sockets were made in (its inode), to notice it deleted or replaced. */
  netnsInode?: number;
}

const running = new Map<string, Running>();
/** Instances started at once: each one in a namespace is a short-lived child process. */
const START_CONCURRENCY = 8;

/** The instance's HTTP server, and its HTTPS one when it has a certificate: both answer with its name. */
async function listen(spec: InstanceServer): Promise<Running> {
  const answer: http.RequestListener = (req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/plain", "x-instance": spec.name });
    res.end(`${spec.name}\n`);
  };
  const servers = [{ server: http.createServer(answer), port: spec.port }];
  if (spec.tls) servers.push({ server: https.createServer({ cert: spec.tls.cert, key: spec.tls.key }, answer), port: spec.tls.port });
  for (const { server } of servers) server.keepAliveTimeout = 5_000;
  // Inside a namespace the sockets are made there first, then served here; on the host, as is.
  const inside = spec.netns ? await listenInNamespace(spec.netns, spec.address, servers.map((s) => s.port)) : null;
  const started: http.Server[] = [];
  try {
    for (const [i, { server, port }] of servers.entries()) {
      const handle: net.Server | undefined = inside?.servers[i];
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        const listening = () => {
          server.off("error", reject);
          resolve();
        };
        if (handle) server.listen(handle, listening);
        else server.listen(port, spec.address, listening);
      });
      started.push(server);
    }
  } catch (err) {
    await Promise.all(started.map(close));
    for (const handle of inside?.servers ?? []) handle.close();
    throw err;
  }
  return { servers: started, netnsInode: inside?.netnsInode };
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // A stopped instance drops its connections at once, as a powered-off machine would.
    server.closeAllConnections();
  });
}

/**
 * Whether a running instance's namespace is still the one its sockets live in. A deleted
 * namespace lingers in the kernel while our sockets hold it, unreachable; closing them lets it
 * go, and the start that follows reports the namespace missing.
 */
function inPlace(spec: InstanceServer, entry: Running): boolean {
  if (!spec.netns) return true;
  try {
    return namespaceInode(spec.netns) === entry.netnsInode;
  } catch {
    return false; // unreadable: closed, and the start that follows says why
  }
}

async function sync(instances: unknown[], seq: number): Promise<SyncReply> {
  const failed: SyncReply["failed"] = [];
  const wanted = new Map<string, InstanceServer>();
  for (const raw of instances) {
    const parsed = instanceServerSchema.safeParse(raw);
    if (parsed.success) wanted.set(serverKey(parsed.data), parsed.data);
    else failed.push({ name: String((raw as { name?: unknown } | null)?.name ?? "?"), error: `refused: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
  }
  for (const [k, entry] of running) {
    const spec = wanted.get(k);
    if (!spec || !inPlace(spec, entry)) {
      running.delete(k);
      await Promise.all(entry.servers.map(close));
    }
  }
  const missing = [...wanted].filter(([k]) => !running.has(k));
  await mapBounded(missing, START_CONCURRENCY, async ([k, spec]) => {
    try {
      running.set(k, await listen(spec));
    } catch (err) {
      failed.push({ name: spec.name, error: err instanceof Error ? err.message : String(err) });
    }
  });
  return { type: "synced", seq, failed };
}

let queue = Promise.resolve();
process.on("message", (msg: unknown) => {
  const req = syncRequestSchema.safeParse(msg);
  if (!req.success) return;
  queue = queue.then(async () => {
    process.send?.(await sync(req.data.instances, req.data.seq));
  });
});
process.on("disconnect", () => process.exit(0));
process.send?.({ type: "ready" });
