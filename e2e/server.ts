import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { stopLocalHosts } from "@/server/agents/local-agent";
import { alive } from "@/server/testing/address-ranges";
import { claimNetWorld, type NetWorld } from "@/server/testing/netns";
import { E2E_SERVER_ENV, REPO_ROOT } from "./config";

// Starts the production build (`next start`) for tests, with everything of its own so that
// several servers run side by side on one host: a fresh temporary DATA_DIR (every run begins from
// the seeded demo cloud), a host network of its own (a NETWORK_PREFIX and an EXTERNAL_CIDR claimed
// from the pool the integration tests share: server/testing/netns.ts), and its own health report
// socket. Its users are seeded with the passwords of config.ts, for the tests to log in. stop()
// ends the server, every HAProxy it started (they are daemons that outlive it by design), every
// namespace and link of its prefix and the data directory; a server whose starter died without
// stopping it is cleaned up by the next start on this host.

export const NEXT_BIN = path.join(REPO_ROOT, "node_modules", ".bin", "next");

/** The login page: open without a session, and rendered only once the runtime (database, seed) is up. */
export const READY_PATH = "/auth/login";

const DATA_DIR_PREFIX = "lbaas-e2e-";
/** In each data directory: who started the server, and the server's process group. */
const OWNER_FILE = "e2e-owner.json";

export interface NextServer {
  url: string;
  pid: number;
  dataDir: string;
  /** Its host network: the prefix of its namespaces and links, its external /24. */
  net: Pick<NetWorld, "prefix" | "externalCidr">;
  stop(): Promise<void>;
}

export interface StartOptions {
  port: number;
  host?: string;
  /** How long to wait for the login page (migrations and seeding run at start). */
  readyTimeoutMs?: number;
  /** Keep the temporary data directory after stop (to look at the database). */
  keepDataDir?: boolean;
  /** Extra environment for the server, e.g. { CONTROLLER: "external" } to run without a controller. */
  env?: Record<string, string>;
  /** Fills the fresh data directory before the server starts (e.g. a database with many rows), given its external CIDR. */
  prepare?: (dataDir: string, externalCidr: string) => Promise<void>;
  /** Where the server's output goes as it comes (it is kept for the error when the start fails either way). */
  echo?: (chunk: string) => void;
}

export async function startNextServer(opts: StartOptions): Promise<NextServer> {
  const host = opts.host ?? "127.0.0.1";
  const url = `http://${host}:${opts.port}`;
  if (await answers(url)) {
    throw new Error(`Something already answers on ${url}; stop it, choose another E2E_PORT, or set E2E_BASE_URL to test that server instead.`);
  }
  await sweepAbandonedServers();
  const world = await claimNetWorld();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), DATA_DIR_PREFIX));
  const discard = async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await world.close();
  };
  try {
    // Its amphorae report to the health log socket under it (each server its own), which
    // HAProxy's workers reach as the haproxy user: mkdtemp's 0700 would keep them out.
    fs.chmodSync(dataDir, 0o755);
    await opts.prepare?.(dataDir, world.externalCidr);
  } catch (err) {
    await discard();
    throw err;
  }
  const child = execa(NEXT_BIN, ["start", "-H", host, "-p", String(opts.port)], {
    cwd: REPO_ROOT,
    env: {
      ...world.env,
      ...E2E_SERVER_ENV,
      ...opts.env,
      DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
    },
    // Its own process group, so stop() also ends any worker `next start` forks.
    detached: true,
    stdin: "ignore",
    buffer: false,
    reject: false,
  });
  const pid = child.pid;
  if (pid === undefined) {
    await discard();
    throw new Error(`could not start ${NEXT_BIN}`);
  }
  fs.writeFileSync(path.join(dataDir, OWNER_FILE), JSON.stringify({ owner: process.pid, server: pid }));

  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
    opts.echo?.(chunk.toString());
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  let exited = false;
  void child.then(() => {
    exited = true;
  });
  // If this process ends without stop() (an uncaught error), do not leave the server running.
  const killOnExit = () => killGroup(pid, "SIGKILL");
  process.once("exit", killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener("exit", killOnExit);
      await stopGroup(child, pid);
      await stopLocalHosts(dataDir);
      if (!opts.keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      await world.close();
    })();
    return stopping;
  };

  try {
    await waitUntilReady(`${url}${READY_PATH}`, opts.readyTimeoutMs ?? 90_000, () => exited);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- next start output ---\n${output.join("")}`);
  }
  return { url, pid, dataDir, net: { prefix: world.prefix, externalCidr: world.externalCidr }, stop };
}

/** A TCP port nobody listens on right now, on 127.0.0.1 (for a test's own server). */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The servers (with their HAProxies and data) of starters that died without stopping them, e.g.
 * a test run killed with SIGKILL. A server whose starter is alive is another run's, and left alone.
 */
async function sweepAbandonedServers(): Promise<void> {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(DATA_DIR_PREFIX)) continue;
    const dataDir = path.join(os.tmpdir(), name);
    let owner: { owner: number; server: number };
    try {
      owner = JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_FILE), "utf8")) as typeof owner;
    } catch {
      continue; // still being prepared, or not a server's
    }
    if (alive(owner.owner)) continue;
    console.error(`[e2e] cleaning up after a test server whose starter (pid ${owner.owner}) is gone: ${dataDir}`);
    if (commandLineOf(owner.server).includes("next")) killGroup(owner.server, "SIGKILL");
    try {
      await stopLocalHosts(dataDir);
    } catch (err) {
      console.error(`[e2e] ${dataDir}: ${(err as Error).message}`); // another start is sweeping it too
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

async function waitUntilReady(url: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`next start exited before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM to the process group, SIGKILL after 5 s if it is still there. */
async function stopGroup(child: ResultPromise, pid: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(pid, "SIGKILL"); // a forked worker may outlive its parent
    return;
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  killGroup(pid, "SIGTERM");
  const timer = setTimeout(() => killGroup(pid, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
  killGroup(pid, "SIGKILL");
}
