import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { amphoraOf, listenForHealthLog, OctetCountedFrames } from "./health-log";

const id = "0f8e2a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b";
const other = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
/** What HAProxy 2.6 sends from `ring ... format rfc5424` (captured), without its count. */
const line = (lbId: string, text = "Server be/s2 is DOWN, reason: Layer4 connection problem") =>
  `<129>1 2026-12-07T07:25:12.751228+00:00 - ${lbId} 25356 - - ${text}`;
const framed = (text: string) => `${Buffer.byteLength(text)} ${text}`;

describe("amphoraOf", () => {
  it("reads the load balancer id from the RFC 5424 app-name HAProxy's log-tag sets", () => {
    expect(amphoraOf(line(id))).toBe(id);
    expect(amphoraOf(`<128>1 2026-12-07T07:25:12.751240+00:00 - ${id} 12 - - backend be has no server available!`)).toBe(id);
  });
  it("ignores anything else", () => {
    expect(amphoraOf("<129>1 2026-12-07T07:25:12Z - haproxy 5944 - - Server be/s2 is DOWN")).toBeNull();
    expect(amphoraOf(`<129>Nov 30 07:22:53 ${id}[5944]: Server be/s2 is DOWN`)).toBeNull();
    expect(amphoraOf(`hello ${id} 1 `)).toBeNull();
    expect(amphoraOf("")).toBeNull();
  });
});

describe("OctetCountedFrames", () => {
  it("splits frames that arrive back to back, and ones cut anywhere across chunks", () => {
    const stream = Buffer.from(framed(line(id)) + framed(line(other, "backend be has no server available!")));
    expect(new OctetCountedFrames().push(stream)).toEqual([line(id), line(other, "backend be has no server available!")]);
    // Every cut point, including inside the count and right after it.
    for (let cut = 0; cut <= stream.length; cut++) {
      const frames = new OctetCountedFrames();
      const got = [...(frames.push(stream.subarray(0, cut)) ?? ["broken"]), ...(frames.push(stream.subarray(cut)) ?? ["broken"])];
      expect(got).toHaveLength(2);
    }
    // One byte at a time.
    const frames = new OctetCountedFrames();
    const got: string[] = [];
    for (const byte of stream) got.push(...(frames.push(Buffer.from([byte])) ?? ["broken"]));
    expect(got).toEqual([line(id), line(other, "backend be has no server available!")]);
  });

  it("refuses a stream that is not octet counting or names a frame over the limit", () => {
    expect(new OctetCountedFrames().push(Buffer.from("hello world"))).toBeNull();
    expect(new OctetCountedFrames().push(Buffer.from(" 12 x"))).toBeNull();
    expect(new OctetCountedFrames().push(Buffer.from("012 x"))).toBeNull();
    expect(new OctetCountedFrames(100).push(Buffer.from("101 "))).toBeNull();
    expect(new OctetCountedFrames().push(Buffer.from("123456789"))).toBeNull(); // no space in sight: not a count
    expect(new OctetCountedFrames().push(Buffer.from("12"))).toEqual([]); // a count still coming
  });
});

describe("listenForHealthLog", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hlog-"));
  fs.chmodSync(dir, 0o755);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A listener whose reports and log lines arrive as awaitable events. */
  async function listener(socket: string, floodBytesPerSecond?: number) {
    const waiters: { lbId: string; resolve: () => void }[] = [];
    const heard: string[] = [];
    const logged: string[] = [];
    const log = await listenForHealthLog(socket, {
      onAmphora: (lbId) => {
        heard.push(lbId);
        for (const w of waiters.filter((w) => w.lbId === lbId)) w.resolve();
      },
      log: (l) => logged.push(l),
      floodBytesPerSecond,
    });
    if (!log) throw new Error("not listening");
    const hear = (lbId: string) => new Promise<void>((resolve) => waiters.push({ lbId, resolve }));
    return { log, heard, logged, hear };
  }
  const connect = (socket: string) =>
    new Promise<net.Socket>((resolve, reject) => {
      const c = net.connect(socket, () => resolve(c));
      c.once("error", reject);
    });
  const closed = (c: net.Socket) => new Promise<void>((resolve) => (c.closed ? resolve() : c.once("close", () => resolve())));

  it("hears a report sent in pieces, cuts a connection that sends garbage, and keeps hearing the others", async () => {
    const socket = path.join(dir, "a.sock");
    const l = await listener(socket);
    try {
      expect(fs.statSync(socket).mode & 0o777).toBe(0o666);
      const good = await connect(socket);
      const text = framed(line(id));
      const heard = l.hear(id);
      good.write(text.slice(0, 7));
      good.write(text.slice(7, 100));
      good.write(text.slice(100));
      await heard;

      const bad = await connect(socket);
      bad.write("GET / HTTP/1.1\r\n\r\n");
      await closed(bad);
      expect(l.logged.at(-1)).toMatch(/not octet-counted/);

      // A well-formed frame whose text names no amphora is ignored; the connection stays.
      const next = l.hear(other);
      good.write(framed("<13>1 2026-12-07T07:25:12Z - not-an-id 1 - - hello") + framed(line(other)));
      await next;
      expect(l.heard).toEqual([id, other]);
      good.destroy();
    } finally {
      await l.log.close();
    }
    expect(fs.existsSync(socket)).toBe(false);
  });

  it("says so when a directory above the socket keeps HAProxy's unprivileged workers out", async () => {
    const closedDir = fs.mkdtempSync(path.join(dir, "closed-")); // 0700, as mkdtemp makes it
    const l = await listener(path.join(closedDir, "d.sock"));
    try {
      expect(l.logged.at(-1)).toContain(`${closedDir} is not traversable by other users`);
    } finally {
      await l.log.close();
    }
    const quiet = await listener(path.join(dir, "e.sock"));
    try {
      expect(quiet.logged).toEqual([]);
    } finally {
      await quiet.log.close();
    }
  });

  it("closes connections beyond its limit as they arrive, and keeps the ones it holds", async () => {
    const socket = path.join(dir, "f.sock");
    const log = await listenForHealthLog(socket, { onAmphora: () => undefined, maxConnections: 2 });
    const held: net.Socket[] = [];
    try {
      held.push(await connect(socket), await connect(socket));
      const extra = await connect(socket);
      await closed(extra);
      expect(log?.connections()).toBe(2);
      expect(held.every((c) => !c.closed)).toBe(true);
    } finally {
      for (const c of held) c.destroy();
      await log?.close();
    }
  });

  it("cuts a connection that floods", async () => {
    const socket = path.join(dir, "b.sock");
    const l = await listener(socket, 10_000);
    try {
      const flood = await connect(socket);
      flood.write(framed(line(id)).repeat(100));
      await closed(flood);
      expect(l.logged.at(-1)).toMatch(/over 10000 bytes/);
    } finally {
      await l.log.close();
    }
  });

  it("answers null while another listener holds the socket, and takes over a socket file its dead owner left", async () => {
    const socket = path.join(dir, "c.sock");
    const first = await listener(socket);
    try {
      expect(await listenForHealthLog(socket, { onAmphora: () => undefined })).toBeNull();
    } finally {
      await first.log.close();
    }
    // What a listener killed with SIGKILL leaves: a socket file nobody listens on.
    const script = `require("node:net").createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, "SIGKILL"))`;
    expect(spawnSync(process.execPath, ["-e", script]).signal).toBe("SIGKILL");
    expect(fs.existsSync(socket)).toBe(true);
    const second = await listener(socket);
    try {
      const c = await connect(socket);
      const heard = second.hear(id);
      c.write(framed(line(id)));
      await heard;
      c.destroy();
    } finally {
      await second.log.close();
    }
  });
});
