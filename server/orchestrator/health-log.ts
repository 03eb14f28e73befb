import fs from "node:fs";
import net from "node:net";
import path from "node:path";

// The amphorae's push channel: each HAProxy forwards its server state changes ("Server x/y is
// DOWN", "backend z has no server available") through a `ring` to this unix stream socket, as
// octet-counted RFC 5424 lines tagged with its load balancer id (amphora/render.ts, healthLog).
// A unix socket lives on the host's filesystem, so an HAProxy inside a network namespace reaches
// it while no UDP datagram could leave that namespace. The health manager reads an amphora's
// stats when it hears from it, so detection is as fast as HAProxy's own checks while an idle
// fleet costs nothing. A report only says "look at this amphora": its text is never trusted.
//
// The socket is world-writable (mode 0666) because HAProxy's workers connect after dropping to
// their unprivileged user; any local process may therefore connect. What it can achieve is
// bounded here: frames over MAX_FRAME_BYTES or malformed octet counts cut its connection, a
// connection that sends more than FLOOD_BYTES_PER_SECOND is cut, and the worst a well-formed lie
// does is make the controller read one amphora's stats a pass early.

export interface HealthLog {
  /** The socket path listened on. */
  socket: string;
  /** Connections currently open (one per HAProxy worker that forwards its ring here). */
  connections(): number;
  close(): Promise<void>;
}

/** Longer than any line the amphorae send (the ring's maxlen is 1024, amphora/render.ts). */
export const MAX_FRAME_BYTES = 8192;
/** A busy amphora with every server flapping sends a few KiB a second; this is far beyond that. */
export const FLOOD_BYTES_PER_SECOND = 1 << 20;

/** `<PRI>1 timestamp hostname app-name procid ...` (RFC 5424), where app-name is the load balancer id. */
const TAGGED = /^<\d{1,3}>1 \S+ \S+ ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) \d+ /;

export function amphoraOf(line: string): string | null {
  return TAGGED.exec(line)?.[1] ?? null;
}

/**
 * Splits an octet-counted stream (RFC 6587: `<length> <frame>`, no separator between frames)
 * into frames, across chunk boundaries. `push` returns the frames a chunk completed, or null
 * when the stream is not octet counting (a length that is not a number, or over the limit):
 * there is no way to find the next frame then, so the caller cuts the connection.
 */
export class OctetCountedFrames {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrame = MAX_FRAME_BYTES) {}

  push(chunk: Buffer): string[] | null {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: string[] = [];
    const maxDigits = String(this.maxFrame).length;
    for (;;) {
      const space = buf.indexOf(0x20);
      const header = space === -1 ? buf : buf.subarray(0, space);
      if (header.length > maxDigits || !/^[0-9]*$/.test(header.toString("latin1"))) return null;
      if (space === -1) break; // the length itself is not complete yet
      const length = Number(header.toString("latin1"));
      if (header.length === 0 || header[0] === 0x30 || length > this.maxFrame) return null;
      if (buf.length < space + 1 + length) break;
      frames.push(buf.toString("latin1", space + 1, space + 1 + length));
      buf = buf.subarray(space + 1 + length);
    }
    // Copy, so a kept tail does not pin the whole chunk it came from.
    this.pending = Buffer.from(buf);
    return frames;
  }
}

/** Whether something accepts connections on this unix socket path. */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

function bind(server: net.Server, socketPath: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => resolve(err);
    server.once("error", onError);
    server.listen(socketPath, () => {
      server.off("error", onError);
      resolve(null);
    });
  });
}

/**
 * The first directory above `file` that users other than its owner and group cannot traverse
 * (a mkdtemp'd 0700 directory, say), or null. Workers that cannot pass it never connect, and
 * nothing else would say why reports never come.
 */
export async function closedDirectory(file: string): Promise<string | null> {
  const dirs: string[] = [];
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of dirs) {
    const { mode } = await fs.promises.stat(dir);
    if ((mode & 0o001) === 0) return dir;
  }
  return null;
}

export interface HealthLogOptions {
  /** Called once per accepted report, with the load balancer id it names. */
  onAmphora: (lbId: string) => void;
  /** Why a connection was cut (a flood, a stream that is not octet counting). */
  log?: (line: string) => void;
  floodBytesPerSecond?: number;
  /**
   * Connections held at once; more are closed as they arrive. Each running amphora worker holds
   * one (two for a moment during a reload), so this is far above any host's fleet, and keeps a
   * local process that opens connections in a loop from taking every descriptor of the
   * controller. Default MAX_CONNECTIONS.
   */
  maxConnections?: number;
}

export const MAX_CONNECTIONS = 10_000;

/**
 * Listens on the unix socket `socketPath` (its directory is created). Null when another live
 * process listens there already (another controller on this host hears the amphorae); a socket
 * file left by a controller that died is replaced.
 */
export async function listenForHealthLog(socketPath: string, opts: HealthLogOptions): Promise<HealthLog | null> {
  const floodLimit = opts.floodBytesPerSecond ?? FLOOD_BYTES_PER_SECOND;
  const open = new Set<net.Socket>();
  const server = net.createServer((conn) => {
    open.add(conn);
    conn.on("close", () => open.delete(conn));
    conn.on("error", () => undefined); // a reset by a dying HAProxy is its reconnect's business
    const frames = new OctetCountedFrames();
    let windowStart = Date.now();
    let windowBytes = 0;
    conn.on("data", (chunk: Buffer) => {
      const now = Date.now();
      if (now - windowStart >= 1_000) [windowStart, windowBytes] = [now, 0];
      windowBytes += chunk.length;
      if (windowBytes > floodLimit) {
        opts.log?.(`health log: a connection sent over ${floodLimit} bytes in a second: cut`);
        conn.destroy();
        return;
      }
      const got = frames.push(chunk);
      if (got === null) {
        opts.log?.("health log: a connection sent something that is not octet-counted syslog: cut");
        conn.destroy();
        return;
      }
      for (const frame of got) {
        const lbId = amphoraOf(frame);
        if (lbId) opts.onAmphora(lbId);
      }
    });
  });

  server.maxConnections = opts.maxConnections ?? MAX_CONNECTIONS;
  await fs.promises.mkdir(path.dirname(socketPath), { recursive: true });
  let err = await bind(server, socketPath);
  if (err?.code === "EADDRINUSE") {
    if (await answers(socketPath)) return null;
    // Left by a listener that died without closing it (kill -9): nobody answers, take it over.
    await fs.promises.rm(socketPath, { force: true });
    err = await bind(server, socketPath);
  }
  if (err) throw err;
  // After listening, an error is an accept that failed (EMFILE, say): say it, never crash the
  // controller over a channel whose reports are only hints.
  server.on("error", (e) => opts.log?.(`health log: ${e.message}`));
  // HAProxy's workers connect as their own unprivileged user (see the header for why this is safe).
  await fs.promises.chmod(socketPath, 0o666);
  const closed = await closedDirectory(socketPath);
  if (closed !== null) {
    opts.log?.(`health log: ${closed} is not traversable by other users, so HAProxy's workers (the haproxy user) cannot reach ${socketPath}: chmod o+x ${closed} or set HEALTH_LOG_SOCKET elsewhere`);
  }

  return {
    socket: socketPath,
    connections: () => open.size,
    close: () =>
      new Promise<void>((resolve) => {
        // Node removes the socket file when the server closes.
        server.close(() => resolve());
        for (const conn of open) conn.destroy();
      }),
  };
}
