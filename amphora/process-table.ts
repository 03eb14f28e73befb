import fs from "node:fs/promises";

// What /proc says about a pid. A pidfile alone proves nothing: after a reboot or a crash the pid
// may belong to another program, and a killed HAProxy can linger as a zombie until its new
// parent (init) reaps it, still answering kill(pid, 0). So "ours" means: alive, not a zombie,
// an haproxy binary, and started with our config file.

export async function commandLine(pid: number): Promise<string[] | null> {
  try {
    const raw = await fs.readFile(`/proc/${pid}/cmdline`, "utf8");
    return raw === "" ? null : raw.replace(/\0$/, "").split("\0"); // a zombie's cmdline is empty
  } catch {
    return null;
  }
}

export async function isRunningHaproxy(pid: number, configPath: string): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  const argv = await commandLine(pid);
  if (!argv?.[0] || !/(^|\/)haproxy$/.test(argv[0])) return false;
  const f = argv.indexOf("-f");
  return f !== -1 && argv[f + 1] === configPath;
}

/** Every HAProxy (master, workers, old workers) started with this config file. */
export async function haproxiesUsing(configPath: string): Promise<number[]> {
  const pids = (await fs.readdir("/proc")).filter((e) => /^\d+$/.test(e)).map(Number);
  const ours = await Promise.all(pids.map(async (pid) => ((await isRunningHaproxy(pid, configPath)) ? pid : null)));
  return ours.filter((p): p is number => p !== null);
}

/**
 * The inode of the network namespace `pid` runs in, or null when the process is gone. Two
 * processes (or a process and a named namespace's file under /run/netns) share a namespace
 * exactly when these inodes match.
 */
export async function netnsInode(pid: number): Promise<number | null> {
  return fs.stat(`/proc/${pid}/ns/net`).then((s) => s.ino, () => null);
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes (then undefined). */
export async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 20): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(intervalMs);
  }
}
