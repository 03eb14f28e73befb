import { spawn } from "node:child_process";
import fs from "node:fs";
import type net from "node:net";
import { fileURLToPath } from "node:url";
import { isInstanceNetns, isNetnsOf } from "./protocol";

// Listening sockets inside a network namespace, for a process that stays in the host's. The
// agent cannot enter a namespace itself (Node has no setns, and one thread switching namespaces
// would move every socket it opens after), so a short-lived child does: `ip netns exec` runs
// netns-listener.mjs inside, which listens and passes each socket back over the IPC channel
// (SCM_RIGHTS). The socket stays in the namespace it was made in, and the agent serves it.

const LISTENER = fileURLToPath(new URL("./netns-listener.mjs", import.meta.url));
/** A listener child that has not answered by then is killed: `ip netns exec` on a busy host takes well under a second. */
const LISTEN_TIMEOUT_MS = 15_000;

export interface NamespaceSockets {
  /** One listening server per port asked, in the same order; each already bound inside the namespace. */
  servers: net.Server[];
  /** The inode of the namespace the sockets live in (see namespaceInode). */
  netnsInode: number;
}

/**
 * The inode of the namespace `ip netns` knows by this name (its bind mount under /run/netns), or
 * null when there is none: a namespace deleted and made again under the same name has another
 * inode, so sockets made in the old one are told apart.
 */
export function namespaceInode(netns: string): number | null {
  assertNetns(netns);
  try {
    return fs.statSync(`/run/netns/${netns}`).ino;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

function assertNetns(netns: string) {
  // An instance's, or (for a test that holds an amphora's port, as another process would) an amphora's.
  if (!isInstanceNetns(netns) && !isNetnsOf("amphora", netns)) throw new Error(`not an instance or amphora namespace name: ${JSON.stringify(netns)}`);
}

/** Listens on `address` at each of `ports` inside `netns`; rejects with the reason when any cannot. */
export async function listenInNamespace(netns: string, address: string, ports: number[]): Promise<NamespaceSockets> {
  if (namespaceInode(netns) === null) throw new Error(`network namespace ${netns} does not exist`);
  const child = spawn("ip", ["netns", "exec", netns, process.execPath, LISTENER, address, ...ports.map(String)], {
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  const received = new Map<number, net.Server>();
  let netnsInode = 0;
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`listening inside ${netns} took longer than ${LISTEN_TIMEOUT_MS} ms`));
      }, LISTEN_TIMEOUT_MS);
      const done = (err?: Error) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      child.on("message", (msg: { type: string; port?: number; error?: string; netnsInode?: number }, handle?: net.Server) => {
        if (msg.type === "error") return done(new Error(msg.error));
        if (msg.type !== "listening" || !handle || msg.port === undefined) return;
        received.set(msg.port, handle);
        netnsInode = msg.netnsInode ?? 0;
        if (received.size === ports.length) done();
      });
      child.once("error", (err) => done(err));
      // "close" comes after the exit and the end of the IPC channel, so after every message:
      // a child that closed before handing over every socket failed.
      child.once("close", (code, signal) => {
        if (received.size < ports.length) done(new Error(stderr.trim() || `the listener inside ${netns} exited (${signal ?? `code ${code}`})`));
      });
    });
  } catch (err) {
    for (const server of received.values()) server.close();
    throw err;
  }
  return { servers: ports.map((port) => received.get(port) as net.Server), netnsInode };
}
