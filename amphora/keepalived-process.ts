import fs from "node:fs/promises";
import { type KeepalivedPaths, renderCheckScript, renderNotifyScript } from "./keepalived";
import { writeAtomic } from "./layout";
import { commandLine, poll, signal } from "./process-table";
import { type Completed, execute } from "./spawner";

// Running an amphora's keepalived inside its namespace: check a config with `keepalived
// --config-test` before it replaces the running one, start it (daemonized, its pidfiles beside
// the config), reload it with SIGHUP (the VRRP state and the VIP stay), stop it, and read the
// state its notify script keeps. Only a process whose command line names this amphora's config
// is ever signalled, so a recycled pid is left alone; the calls for one amphora run one at a time.

export const KEEPALIVED_BIN = "/usr/sbin/keepalived";

export class KeepalivedConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeepalivedConfigError";
  }
}

export type VrrpState = "MASTER" | "BACKUP" | "FAULT" | "STOP";

const outputOf = (r: Completed) => `${r.stderr}${r.stdout}`.trim();

/** One call at a time per amphora (its config path): two starts must not race to two keepalived. */
const queues = new Map<string, Promise<unknown>>();
function serialized<T>(p: KeepalivedPaths, run: () => Promise<T>): Promise<T> {
  const before = queues.get(p.config) ?? Promise.resolve();
  const next = before.catch(() => undefined).then(run);
  queues.set(p.config, next);
  void next.finally(() => queues.get(p.config) === next && queues.delete(p.config)).catch(() => undefined);
  return next;
}

/** The running keepalived of this config (its parent process), or null. */
export async function keepalivedPid(p: KeepalivedPaths): Promise<number | null> {
  const text = await fs.readFile(p.pidFile, "utf8").catch(() => null);
  const pid = text === null ? NaN : Number.parseInt(text, 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const argv = await commandLine(pid);
  return argv?.includes(p.config) ? pid : null;
}

/** What keepalived last said this amphora is; null before it said anything. */
export async function vrrpState(p: KeepalivedPaths): Promise<VrrpState | null> {
  const text = (await fs.readFile(p.stateFile, "utf8").catch(() => "")).trim();
  return text === "MASTER" || text === "BACKUP" || text === "FAULT" || text === "STOP" ? text : null;
}

/**
 * Writes the config (and the scripts it names) after `keepalived --config-test` accepts it
 * inside the amphora's namespace (it checks that the interfaces exist); a refusal leaves the old one.
 */
export function installKeepalivedConfig(p: KeepalivedPaths, config: string, namespace: string): Promise<void> {
  return serialized(p, async () => {
    // Their text depends on the paths alone: rewriting them never changes what a running keepalived runs.
    await writeAtomic(p.checkScript, renderCheckScript(p), 0o700);
    await writeAtomic(p.notifyScript, renderNotifyScript(p), 0o700);
    const candidate = `${p.config}.new`;
    await writeAtomic(candidate, config, 0o600);
    const result = await execute("ip", ["netns", "exec", namespace, KEEPALIVED_BIN, "--config-test", "-f", candidate], { timeoutMs: 10_000 });
    if (result.code !== 0) {
      await fs.rm(candidate, { force: true });
      throw new KeepalivedConfigError(`keepalived refused the configuration: ${outputOf(result) || `exit ${result.code}`}`);
    }
    await fs.rename(candidate, p.config);
  });
}

/**
 * Starts keepalived on the installed config inside `namespace`, or has the one running re-read it
 * (SIGHUP: the VRRP state and the VIP stay where they are). Its pid.
 */
export function runKeepalived(p: KeepalivedPaths, namespace: string): Promise<number> {
  return serialized(p, async () => {
    const running = await keepalivedPid(p);
    if (running !== null) {
      signal(running, "SIGHUP");
      return running;
    }
    await Promise.all([p.pidFile, p.vrrpPidFile, p.stateFile].map((f) => fs.rm(f, { force: true })));
    const argv = [KEEPALIVED_BIN, "--vrrp", "-f", p.config, "-p", p.pidFile, "-r", p.vrrpPidFile];
    const result = await execute("ip", ["netns", "exec", namespace, ...argv], { timeoutMs: 10_000 });
    const pid = result.code === 0 ? await poll(async () => (await keepalivedPid(p)) ?? undefined, 5_000) : undefined;
    if (pid === undefined) throw new Error(`keepalived did not start in ${namespace}: ${outputOf(result) || "no process"}`);
    return pid;
  });
}

const gone = (pid: number, ms: number) => poll(async () => ((await commandLine(pid)) === null ? true : undefined), ms);

/**
 * Stops the amphora's keepalived and waits until it is gone: stopped, it gives the VIP up (and
 * tells its peer, which takes over at once). One that will not stop is killed, and then its VIP
 * is still on the interface: the caller must not start another amphora's in its place blind.
 */
export function stopKeepalived(p: KeepalivedPaths): Promise<void> {
  return serialized(p, async () => {
    const pid = await keepalivedPid(p);
    if (pid === null) return;
    signal(pid, "SIGTERM");
    if ((await gone(pid, 5_000)) !== undefined) return;
    signal(pid, "SIGKILL");
    if ((await gone(pid, 2_000)) === undefined) throw new Error(`keepalived ${pid} (${p.config}) did not die`);
    throw new Error(`keepalived ${pid} (${p.config}) had to be killed: the VIP it held may still be on its interface`);
  });
}
