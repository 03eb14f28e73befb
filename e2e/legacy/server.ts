import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import { createLocalDriver } from "@/amphora/driver";
import { E2E_SERVER_ENV } from "./config";

// Starts the production build (`next start`) for tests, with a database of its own: DATA_DIR is a
// fresh temporary directory, so every run begins from the seeded demo cloud and nothing is left
// to clean up by hand. Its users are seeded with the passwords of config.ts, for the tests to log in.

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const NEXT_BIN = path.join(REPO_ROOT, "node_modules", ".bin", "next");

/** The login page: open without a session, and rendered only once the runtime (database, seed) is up. */
const READY_PATH = "/auth/login";

export interface NextServer {
  url: string;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  port: number;
  host?: string;
  /** How long to wait for the first 200 from the API (migrations and seeding run on first call). */
  readyTimeoutMs?: number;
  /** Keep the temporary data directory after stop (to look at the database). */
  keepDataDir?: boolean;
  /** Extra environment for the server, e.g. { CONTROLLER: "external" } to run without a controller. */
  env?: Record<string, string>;
  /** Fills the fresh data directory before the server starts (e.g. a database with many rows). */
  prepare?: (dataDir: string) => Promise<void>;
}

export async function startNextServer(opts: StartOptions): Promise<NextServer> {
  const host = opts.host ?? "127.0.0.1";
  const url = `http://${host}:${opts.port}`;
  if (await answers(url)) {
    throw new Error(`Something already answers on ${url}; stop it, or set E2E_BASE_URL to test that server instead.`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lbaas-e2e-"));
  if (opts.prepare) {
    try {
      await opts.prepare(dataDir);
    } catch (err) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
  }
  const child = execa(NEXT_BIN, ["start", "-H", host, "-p", String(opts.port)], {
    cwd: REPO_ROOT,
    // Its own demo addresses (127.30.x.y), so a dashboard running on the defaults is not disturbed.
    env: { DEMO_OCTET: "30", ...E2E_SERVER_ENV, ...opts.env, DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    // Its own process group, so stop() also ends any worker `next start` forks.
    detached: true,
    stdin: "ignore",
    buffer: false,
    reject: false,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${NEXT_BIN}`);

  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  let exited = false;
  void child.then(() => {
    exited = true;
  });
  // If the test process dies without teardown, do not leave the server running.
  const killOnExit = () => killGroup(pid, "SIGKILL");
  process.once("exit", killOnExit);

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    await stopGroup(child, pid);
    // Amphorae are daemons that outlive the control plane by design (a restart adopts them):
    // the test stops every one the server started.
    const amphorae = createLocalDriver({ baseDir: path.join(dataDir, "amphorae"), log: () => undefined });
    for (const id of await amphorae.list()) await amphorae.stop(id);
    if (!opts.keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(`${url}${READY_PATH}`, opts.readyTimeoutMs ?? 60_000, () => exited);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- next start output ---\n${output.join("")}`);
  }
  return { url, pid, dataDir, stop };
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
