import fs from "node:fs/promises";
import { type KeepalivedPaths, renderCheckScript } from "./keepalived";
import { writeAtomic } from "./layout";
import { commandLine, poll, signal } from "./process-table";
import { type Completed, execute } from "./spawner";

// Running an amphora's keepalived inside its namespace: check a config with `keepalived -t`
// before it replaces the running one, start it (daemonized, its pidfiles beside the config),
// reload it with SIGHUP (hitless: the VRRP state is kept), stop it. Only a process whose command
// line names this amphora's config is ever signalled, so a recycled pid is left alone.

export const KEEPALIVED_BIN = "/usr/sbin/keepalived";

export class KeepalivedConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeepalivedConfigError";
  }
}

const outputOf = (r: Completed) => `${r.stderr}${r.stdout}`.trim();

/** The running keepalived of this config (its parent process), or null. */
export async function keepalivedPid(p: KeepalivedPaths): Promise<number | null> {
  const text = await fs.readFile(p.pidFile, "utf8").catch(() => null);
  const pid = text === null ? NaN : Number.parseInt(text, 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const argv = await commandLine(pid);
  return argv?.includes(p.config) ? pid : null;
}

/**
 * Writes the config (and the check script it names) after `keepalived --config-test` accepts it
 * inside the amphora's namespace (it checks that the interfaces exist); a refusal leaves the old one.
 */
export async function installKeepalivedConfig(p: KeepalivedPaths, config: string, namespace: string): Promise<void> {
  await writeAtomic(p.checkScript, renderCheckScript(p), 0o700);
  const candidate = `${p.config}.new`;
  await writeAtomic(candidate, config, 0o600);
  const result = await execute("ip", ["netns", "exec", namespace, KEEPALIVED_BIN, "--config-test", "-f", candidate], { timeoutMs: 10_000 });
  if (result.code !== 0) {
    await fs.rm(candidate, { force: true });
    throw new KeepalivedConfigError(`keepalived refused the configuration: ${outputOf(result) || `exit ${result.code}`}`);
  }
  await fs.rename(candidate, p.config);
}

/**
 * Starts keepalived on the installed config inside `namespace`, or reloads the one running (it
 * re-reads the config; the VRRP state and the VIP stay where they are). Its pid.
 */
export async function runKeepalived(p: KeepalivedPaths, namespace: string): Promise<number> {
  const running = await keepalivedPid(p);
  if (running !== null) {
    signal(running, "SIGHUP");
    return running;
  }
  await Promise.all([p.pidFile, p.vrrpPidFile].map((f) => fs.rm(f, { force: true })));
  const argv = [KEEPALIVED_BIN, "--vrrp", "-f", p.config, "-p", p.pidFile, "-r", p.vrrpPidFile];
  const result = await execute("ip", ["netns", "exec", namespace, ...argv], { timeoutMs: 10_000 });
  const pid = result.code === 0 ? await poll(async () => (await keepalivedPid(p)) ?? undefined, 5_000) : undefined;
  if (pid === undefined) throw new Error(`keepalived did not start in ${namespace}: ${outputOf(result) || "no process"}`);
  return pid;
}

/** Stops the amphora's keepalived (its VRRP child with it) and waits until it is gone. */
export async function stopKeepalived(p: KeepalivedPaths): Promise<void> {
  const pid = await keepalivedPid(p);
  if (pid === null) return;
  signal(pid, "SIGTERM");
  const gone = await poll(async () => ((await commandLine(pid)) === null ? true : undefined), 5_000);
  if (gone === undefined) signal(pid, "SIGKILL");
}
