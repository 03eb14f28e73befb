import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import { amphoraPaths, candidateFile, failedFile, hashFile, prepareDir, readOptional, writeAtomic } from "./layout";
import { requestReload, showProc, streamsInProgress, type ProcTable } from "./master-cli";
import type { AmphoraPaths } from "./model";
import { haproxiesUsing, isRunningHaproxy, netnsInode, poll, signal } from "./process-table";
import * as runtime from "./runtime-api";
import { isEmptyPlan, type RuntimePlan, runtimePlan } from "./runtime-diff";
import { carryServerState } from "./server-state";
import { type Completed, execute } from "./spawner";
import type { StatRow } from "./stats";
import { pruneTlsFiles, writeTlsFiles } from "./tls";

export type { ServerAdminState } from "./runtime-api";

/** What HAProxy wrote, both streams: its warnings and alerts go to stderr, and some to stdout. */
const outputOf = (result: Completed) => `${result.stdout}${result.stderr}`.trim();

// Process control of the amphorae on this host, behind a small interface so the controller
// never touches HAProxy directly (an amphora agent on another host can implement the same).
// Each load balancer gets one master-worker HAProxy, daemonized so it outlives the control
// plane: a restarted controller adopts it through the pidfile instead of restarting it.

export interface ApplyResult {
  /** The master's pid: unchanged across reloads, so a changed pid means a restart. */
  pid: number;
  config_hash: string;
  /**
   * `runtime`: applied through the runtime API with no reload (weights, enable/disable, members
   * added or removed); the config file and hash were then updated for the next start or reload.
   */
  action: "started" | "reloaded" | "runtime" | "unchanged";
}

/** What one HAProxy worker counted, read from its stats socket. */
export interface WorkerCounters {
  worker_pid: number;
  stats: StatRow[];
}

export interface AmphoraDriver {
  /**
   * Render-agnostic: takes config text. Writes <dir>/haproxy.cfg.new; while an HAProxy runs,
   * runs `haproxy -c -f` first and on rejection keeps <dir>/haproxy.cfg.failed and throws
   * ConfigRejectedError leaving the running one untouched; otherwise renames it over haproxy.cfg
   * and starts HAProxy (if not running: a refused start throws the same way) or reloads it
   * hitlessly. Skips the reload when the config hash is unchanged, and when the change
   * is one the runtime API can make (server weights and maintenance, servers added or removed in
   * a backend with a dynamic algorithm); if a runtime command fails it reloads instead. Returns
   * once the new workers answer on the stats socket.
   */
  /**
   * `beforeReload` is given what the running worker counted when it is about to be replaced by
   * a reload (not for a runtime change or a first start): those counters go with it. Through an
   * agent it is called once the apply returns, with the counters the agent read before reloading.
   */
  apply(lbId: string, configText: string, reason: string, beforeReload?: (last: WorkerCounters) => Promise<void>): Promise<ApplyResult>;
  /**
   * Writes the files a config names under the amphora's `tls/` directory (keys: the paths
   * amphora/tls.ts's tlsFiles gives). Files no config names any more go after the next apply.
   */
  uploadCertificates(lbId: string, files: Map<string, string>): Promise<void>;
  /**
   * Soft-stops the master (SIGUSR1) and lets what is in flight finish (idle keep-alive
   * connections are not waited for), then SIGTERM/SIGKILL after a bound; removes the directory.
   * Idempotent.
   */
  stop(lbId: string): Promise<void>;
  /** `running`: its master is alive and in its network namespace (one outside it, left in a namespace deleted and made again, serves nothing). */
  status(lbId: string): Promise<{ running: boolean; pid: number | null }>;
  /** The config HAProxy was last given for this load balancer, or null when it has none. */
  readConfig(lbId: string): Promise<string | null>;
  /**
   * Whether each of these load balancers' HAProxy runs in place, given the master pid last seen
   * for it (null: none known): one still there costs a syscall or two, the others are read from
   * their pidfiles. One call for a whole health pass, which through an agent is one request.
   */
  running(known: Record<string, number | null>): Promise<Record<string, { running: boolean; pid: number | null }>>;
  /** Load balancer ids that have an amphora directory with a live HAProxy (to find orphans). */
  list(): Promise<string[]>;
  /**
   * The running worker's `show stat` and its pid (a new one after every reload, which starts
   * counting from zero), together: one request through an agent.
   */
  counters(lbId: string): Promise<WorkerCounters>;
  /** Runtime API, no reload. Survives later reloads (server state file) unless the config's weight changes. */
  setServerWeight(lbId: string, backend: string, server: string, weight: number): Promise<void>;
  /** Runtime API, no reload; survives later reloads. */
  setServerState(lbId: string, backend: string, server: string, state: runtime.ServerAdminState): Promise<void>;
  paths(lbId: string): AmphoraPaths;
  /**
   * Plugs the load balancer's amphora into its host's network (its namespace, VIP and member
   * legs, each network's segment), as the network engine plans it; the host checks the plan.
   * Idempotent: what is already as planned is left alone. A host without a network of its own
   * (a driver used directly) has none.
   */
  plug?(lbId: string, network: object): Promise<void>;
  /** Removes the amphora's namespace and its ports from its host. Idempotent. */
  unplug?(lbId: string): Promise<void>;
  /** Announces the amphora's VIP (gratuitous ARP), e.g. once a stale copy elsewhere is gone. */
  announce?(lbId: string): Promise<void>;
}

/** HAProxy did not take the config; whatever ran before still runs, on its old config. */
export class ConfigRejectedError extends Error {
  constructor(
    readonly lbId: string,
    /** check: `haproxy -c` said no; start: the first start failed; reload: the master could not load it. */
    readonly stage: "check" | "start" | "reload",
    /** HAProxy's own words, when it gave any. */
    readonly output: string,
  ) {
    super(`HAProxy rejected the config of load balancer ${lbId} (${stage}): ${summarize(output)}`);
    this.name = "ConfigRejectedError";
  }
}

/** The ALERT lines say what is wrong; NOTICE lines (version, path) are noise in a status reason. */
function summarize(output: string): string {
  const lines = output.split("\n").map((l) => l.trim()).filter(Boolean);
  const alerts = lines.filter((l) => l.includes("[ALERT]") && !/Fatal errors found|Error\(s\) found in configuration file/.test(l));
  return (alerts.length ? alerts : lines.filter((l) => !l.includes("[NOTICE]"))).join(" | ") || "no output";
}

export interface LocalDriverOptions {
  baseDir: string;
  haproxyBin?: string;
  /** Where each start, reload and stop is recorded with its reason. Default: console.info. */
  log?: (line: string) => void;
  /** How long a stopping HAProxy may finish its connections before SIGTERM. Default 5 s. */
  stopGraceMs?: number;
  /** How long to wait for a started or reloaded HAProxy to answer. Default 10 s. */
  readyTimeoutMs?: number;
  /**
   * How long a member removed at runtime may take to finish its requests in flight before the
   * driver reloads instead (the old worker then finishes them, as on any reload). Default 2 s.
   */
  removalDrainMs?: number;
  /**
   * The network namespace a load balancer's HAProxy runs in (`<prefix>-amphora-<lb id>`, made
   * by the network engine), or null for the host's own. HAProxy is started inside it; its
   * reloads are re-execs by the master, so they stay there. Its stats and master sockets are
   * unix sockets on the host's filesystem and work from here unchanged. Default: always null.
   */
  namespaceOf?: (lbId: string) => string | null;
}

/** The names the network engine gives amphora namespaces: nothing else reaches `ip netns exec`. */
export const AMPHORA_NAMESPACE = /^[a-z][a-z0-9]{1,4}-amphora-[0-9a-f-]{36}$/;

/** Where iproute2 keeps named network namespaces. */
const NETNS_DIR = "/run/netns";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A server state file with no servers: what a fresh start should load (version line only). */
const EMPTY_SERVER_STATE = "1\n";

export function createLocalDriver(opts: LocalDriverOptions): AmphoraDriver {
  const bin = opts.haproxyBin ?? "/usr/sbin/haproxy";
  const log = opts.log ?? ((line: string) => console.info(line));
  const stopGraceMs = opts.stopGraceMs ?? 5_000;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 10_000;
  const removalDrainMs = opts.removalDrainMs ?? 2_000;
  const paths = (lbId: string) => amphoraPaths(opts.baseDir, lbId);
  const namespaceOf = (lbId: string): string | null => {
    const ns = opts.namespaceOf?.(lbId) ?? null;
    if (ns !== null && !AMPHORA_NAMESPACE.test(ns)) throw new Error(`not an amphora namespace name: ${JSON.stringify(ns)}`);
    return ns;
  };
  /** The inode of the namespace HAProxy should run in: a named one, or the host's (the controller's own). */
  const expectedNetns = async (ns: string | null): Promise<number | null> =>
    ns === null ? netnsInode(process.pid) : fs.stat(`${NETNS_DIR}/${ns}`).then((s) => s.ino, () => null);
  const runsInPlace = async (lbId: string, pid: number): Promise<boolean> => {
    const inode = await netnsInode(pid);
    return inode !== null && inode === (await expectedNetns(namespaceOf(lbId)));
  };
  // A base directory too long for HAProxy's socket paths fails here, at start, not at every apply.
  paths("00000000-0000-0000-0000-000000000000");

  // One operation per load balancer at a time within this driver (the controller already holds
  // a database lock per load balancer across processes; this guards direct callers and tests).
  const queues = new Map<string, Promise<unknown>>();
  function exclusive<T>(lbId: string, fn: () => Promise<T>): Promise<T> {
    const next = (queues.get(lbId) ?? Promise.resolve()).catch(() => undefined).then(fn);
    queues.set(lbId, next);
    void next.finally(() => queues.get(lbId) === next && queues.delete(lbId)).catch(() => undefined);
    return next;
  }

  async function status(lbId: string) {
    const pid = await masterPid(paths(lbId));
    return { running: pid !== null && (await runsInPlace(lbId, pid)), pid };
  }

  async function readCounters(p: AmphoraPaths): Promise<WorkerCounters> {
    const worker_pid = await runtime.workerPid(p.statsSocket);
    return { worker_pid, stats: await runtime.showStat(p.statsSocket) };
  }

  async function masterPid(p: AmphoraPaths): Promise<number | null> {
    const pid = Number((await readOptional(p.pidFile))?.split("\n")[0]?.trim());
    return (await isRunningHaproxy(pid, p.config)) ? pid : null;
  }

  async function check(lbId: string, p: AmphoraPaths, configText: string): Promise<void> {
    const candidate = candidateFile(p);
    await writeAtomic(candidate, configText);
    const result = await execute(bin, ["-c", "-f", candidate], { timeoutMs: 30_000 });
    // No exit code: HAProxy never ran or hung (missing binary, timeout). That says nothing about the config.
    if (result.code === null) throw new Error(`could not run ${bin} -c: ${result.message}`);
    if (result.code !== 0) {
      await fs.rename(candidate, failedFile(p));
      throw new ConfigRejectedError(lbId, "check", outputOf(result) || result.message);
    }
  }

  /** Waits until the stats socket is answered by one of `workers` (any worker when null). */
  async function waitForWorker(p: AmphoraPaths, workers: number[] | null): Promise<number | undefined> {
    return poll(async () => {
      const pid = await runtime.workerPid(p.statsSocket).catch(() => undefined);
      return pid !== undefined && (workers === null || workers.includes(pid)) ? pid : undefined;
    }, readyTimeoutMs);
  }

  /** `fresh`: this amphora never had a config, so no HAProxy of it can be left to clean up. */
  async function start(lbId: string, p: AmphoraPaths, fresh: boolean): Promise<number> {
    // Workers orphaned by a killed master would keep the ports and the old config. Finding them
    // reads every process's command line, which a burst of new amphorae need not pay for.
    if (!fresh) await killAll(p);
    await Promise.all([p.pidFile, p.statsSocket, p.masterSocket].map((f) => fs.rm(f, { force: true })));
    // Health and runtime state from before a crash are stale: start from a clean slate.
    await writeAtomic(p.serverStateFile, EMPTY_SERVER_STATE);
    const ns = namespaceOf(lbId);
    // A missing namespace is the network engine's business, not a config HAProxy refused.
    if (ns !== null && (await expectedNetns(ns)) === null) throw new Error(`network namespace ${ns} of load balancer ${lbId} does not exist`);
    const argv = [bin, "-W", "-D", "-f", p.config, "-p", p.pidFile, "-S", `${p.masterSocket},mode,600`];
    // `ip netns exec` execs HAProxy in place: /proc shows HAProxy's own command line, so the
    // pidfile and process checks (process-table.ts) see it as they see one on the host.
    const [file, ...args] = ns === null ? argv : ["ip", "netns", "exec", ns, ...argv];
    const result = await execute(file as string, args, { timeoutMs: 30_000 });
    // The daemonizing parent may exit before the pidfile's content is complete: poll briefly.
    const pid = result.code === 0 ? ((await poll(async () => (await masterPid(p)) ?? undefined, 2_000)) ?? null) : null;
    if (result.code !== 0 || pid === null) {
      await killAll(p);
      throw new ConfigRejectedError(lbId, "start", outputOf(result) || "HAProxy exited without a running master");
    }
    if ((await waitForWorker(p, null)) === undefined) {
      await killAll(p);
      throw new Error(`HAProxy of load balancer ${lbId} started but its stats socket did not answer within ${readyTimeoutMs} ms`);
    }
    // The master CLI can refuse connections for a moment after the first worker answers, and a
    // reload starts with `show proc` there: the start is done once both answer.
    if ((await poll(() => showProc(p.masterSocket).catch(() => undefined), readyTimeoutMs)) === undefined) {
      await killAll(p);
      throw new Error(`HAProxy of load balancer ${lbId} started but its master CLI did not answer within ${readyTimeoutMs} ms`);
    }
    return pid;
  }

  /** `runningConfig`: the config the running process is known to run, null when unsure. */
  async function reload(lbId: string, p: AmphoraPaths, configText: string, runningConfig: string | null): Promise<void> {
    const before = await showProc(p.masterSocket);
    // Carry health, weights and maintenance across the reload (load-server-state-from-file).
    const state = await runtime.sendCommand(p.statsSocket, "show servers state").catch(() => null);
    const carried = state?.startsWith("1\n") ? carryServerState(state, configText, runningConfig) : EMPTY_SERVER_STATE;
    await writeAtomic(p.serverStateFile, carried);
    // 2.6 closes the connection without an answer: the outcome is read back from `show proc`.
    await requestReload(p.masterSocket).catch(() => undefined);
    const after = await poll<ProcTable>(async () => {
      const t = await showProc(p.masterSocket).catch(() => undefined);
      if (!t || t.reloads <= before.reloads) return undefined;
      const failed = t.failedReloads > before.failedReloads;
      return failed || t.workers.some((w) => !before.workers.includes(w)) ? t : undefined;
    }, readyTimeoutMs);
    if (!after) throw new Error(`HAProxy of load balancer ${lbId} did not finish reloading within ${readyTimeoutMs} ms`);
    if (after.failedReloads > before.failedReloads) {
      // The master keeps the old workers; 2.6 discards the reason (stderr is /dev/null by then).
      throw new ConfigRejectedError(lbId, "reload", "the master failed to load the new config (e.g. an address it cannot bind); the previous workers keep serving");
    }
    const fresh = after.workers.filter((w) => !before.workers.includes(w));
    if ((await waitForWorker(p, fresh)) === undefined) {
      throw new Error(`the new HAProxy workers of load balancer ${lbId} did not answer within ${readyTimeoutMs} ms`);
    }
  }

  /**
   * Runs a plan's commands on the worker: new servers first (so a replaced member's successor
   * serves before it leaves), then weight and maintenance changes, then removals. A dynamic
   * server starts in maintenance with its check off; it is made ready unless the config
   * disables it (`set server ... state ready` is what the deprecated `enable server` does).
   * A removed server goes into maintenance, so it takes no new request, and is deleted once
   * its requests in flight are done; `shutdown sessions` would cut those, which a reload does
   * not, so a server still busy after `removalDrainMs` throws and the caller reloads instead.
   */
  async function runPlan(p: AmphoraPaths, plan: RuntimePlan): Promise<void> {
    const socket = p.statsSocket;
    for (const s of plan.add) {
      await runtime.addServer(socket, s.backend, s.server, s.address, s.options);
      if (s.check) await runtime.enableHealth(socket, s.backend, s.server);
      if (s.enable) await runtime.setServerState(socket, s.backend, s.server, "ready");
    }
    for (const c of plan.update) {
      if (c.weight !== undefined) await runtime.setServerWeight(socket, c.backend, c.server, c.weight);
      if (c.state) await runtime.setServerState(socket, c.backend, c.server, c.state);
    }
    for (const r of plan.remove) await runtime.setServerState(socket, r.backend, r.server, "maint");
    const deadline = Date.now() + removalDrainMs;
    for (const r of plan.remove) {
      const deleted = await poll(async () => ((await runtime.deleteServer(socket, r.backend, r.server)) ? true : undefined), Math.max(0, deadline - Date.now()), 50);
      if (!deleted) throw new Error(`server ${r.backend}/${r.server} still had connections after ${removalDrainMs} ms`);
    }
  }

  async function apply(lbId: string, configText: string, reason: string, beforeReload?: (last: WorkerCounters) => Promise<void>): Promise<ApplyResult> {
    const p = paths(lbId);
    await prepareDir(p);
    const hash = sha256(configText);
    let running = await masterPid(p);
    // An HAProxy in another namespace than this load balancer's (started before it had one, or
    // before the namespace was rebuilt) binds its VIP where no traffic comes: replace it.
    if (running !== null && !(await runsInPlace(lbId, running))) {
      log(`amphora ${lbId}: master ${running} runs outside its network namespace ${namespaceOf(lbId) ?? "(the host's)"}: restarting it there`);
      await killAll(p);
      running = null;
    }
    // The hash file names the config the running HAProxy last accepted, written only after it
    // did, so "unchanged" also holds after a control-plane restart and never after a crash mid-apply.
    if (running !== null && (await readOptional(hashFile(p)))?.trim() === hash) {
      return { pid: running, config_hash: hash, action: "unchanged" };
    }
    const previous = { config: await readOptional(p.config), hash: await readOptional(hashFile(p)) };
    // What the running HAProxy runs, when the hash file vouches for the file on disk; after a
    // failed or timed-out apply nobody knows, and only a reload is safe.
    const confirmed = running !== null && previous.config !== null && previous.hash?.trim() === sha256(previous.config) ? previous.config : null;
    const plan = confirmed === null ? null : runtimePlan(confirmed, configText);
    const atRuntime = plan !== null && !isEmptyPlan(plan);
    if (atRuntime && running !== null) {
      // No `haproxy -c` here: it costs more than the whole runtime change. The plan only adds,
      // removes or re-weights server lines the renderer wrote from allow-listed values, and
      // HAProxy parses each `add server` with the same keyword parser as the config file, so
      // what it accepts at runtime is what the next start accepts. A refused command falls
      // back to the checked reload below.
      await writeAtomic(candidateFile(p), configText);
      // From the first command on, the process matches neither file until this apply ends.
      await fs.rm(hashFile(p), { force: true });
      let applied = false;
      try {
        await runPlan(p, plan);
        applied = true;
      } catch (err) {
        // Possibly half applied: a reload of the new config converges whatever the commands left.
        log(`amphora ${lbId}: runtime change failed (${(err as Error).message}), reloading instead: ${reason}`);
      }
      if (applied) {
        await fs.rename(candidateFile(p), p.config);
        await writeAtomic(hashFile(p), `${hash}\n`);
        await pruneTlsFiles(p);
        log(`amphora ${lbId}: runtime change on master ${running}, config ${hash.slice(0, 12)}: ${reason}`);
        return { pid: running, config_hash: hash, action: "runtime" };
      }
    }
    // `haproxy -c` guards a running HAProxy from a config it would not take. With none running,
    // the start itself is that check (a refused config starts nothing, and says why), and
    // skipping it halves the processes a burst of creates spawns.
    if (running !== null) await check(lbId, p, configText);
    else await writeAtomic(candidateFile(p), configText);
    await fs.rename(candidateFile(p), p.config);
    // Until HAProxy confirms the new config, no hash can claim what runs.
    await fs.rm(hashFile(p), { force: true });
    let pid = running;
    try {
      if (pid === null) pid = await start(lbId, p, previous.config === null);
      else {
        if (beforeReload) {
          const last = await readCounters(p).catch(() => null);
          if (last) await beforeReload(last).catch((err: unknown) => log(`amphora ${lbId}: before reload: ${(err as Error).message}`));
        }
        await reload(lbId, p, configText, confirmed);
      }
    } catch (err) {
      await writeAtomic(failedFile(p), configText);
      // A rejected reload leaves the old workers on the old config: put its file (and hash) back
      // so that the next reload, or a master re-exec, does not pick up the one that failed. After
      // a timeout nobody knows which config runs, and the next apply reloads whatever it is given;
      // likewise after runtime commands ran, since the old workers no longer match the old file.
      if (err instanceof ConfigRejectedError && running !== null && previous.config !== null) {
        await writeAtomic(p.config, previous.config);
        if (previous.hash !== null && !atRuntime) await writeAtomic(hashFile(p), previous.hash);
      }
      throw err;
    }
    await writeAtomic(hashFile(p), `${hash}\n`);
    await pruneTlsFiles(p);
    const action = running === null ? "started" : "reloaded";
    log(`amphora ${lbId}: ${action} master ${pid}, config ${hash.slice(0, 12)}: ${reason}`);
    return { pid, config_hash: hash, action };
  }

  /**
   * Ends every HAProxy process of this amphora: the master, which takes its workers with it,
   * then anything still started with this config (workers a killed master left behind).
   */
  async function killAll(p: AmphoraPaths, graceMs = 0): Promise<void> {
    const master = await masterPid(p);
    const gone = async (pid: number) => ((await isRunningHaproxy(pid, p.config)) ? undefined : true);
    if (master !== null) {
      if (graceMs > 0) {
        // Soft stop: workers finish what is in flight. They would also keep idle keep-alive
        // connections open until each client's next request (idle-close-on-response), which
        // nobody needs from a load balancer being stopped: once no stream is left, terminate.
        signal(master, "SIGUSR1");
        const drained = async () => {
          if (await gone(master)) return true;
          const procs = await showProc(p.masterSocket).catch(() => null);
          const streams = procs && (await streamsInProgress(p.masterSocket, [...procs.workers, ...procs.oldWorkers]).catch(() => null));
          return streams === 0 ? true : undefined;
        };
        await poll(drained, graceMs, 50);
      }
      signal(master, "SIGTERM");
      if (!(await poll(() => gone(master), 1_000, 20))) signal(master, "SIGKILL");
    }
    for (const pid of await haproxiesUsing(p.config)) signal(pid, "SIGTERM");
    const left = await poll(async () => ((await haproxiesUsing(p.config)).length === 0 ? true : undefined), 1_000, 20);
    if (!left) for (const pid of await haproxiesUsing(p.config)) signal(pid, "SIGKILL");
  }

  return {
    apply: (lbId, configText, reason, beforeReload) => exclusive(lbId, () => apply(lbId, configText, reason, beforeReload)),

    stop: (lbId) =>
      exclusive(lbId, async () => {
        const p = paths(lbId);
        const master = await masterPid(p);
        await killAll(p, stopGraceMs);
        await fs.rm(p.dir, { recursive: true, force: true });
        if (master !== null) log(`amphora ${lbId}: stopped master ${master}`);
      }),

    readConfig: (lbId) => readOptional(paths(lbId).config),

    uploadCertificates: (lbId, files) => writeTlsFiles(paths(lbId), files),

    status,

    async running(known) {
      const entries = await Promise.all(
        Object.entries(known).map(async ([lbId, pid]) => {
          if (pid !== null && (await runsInPlace(lbId, pid))) return [lbId, { running: true, pid }] as const;
          return [lbId, await status(lbId)] as const;
        }),
      );
      return Object.fromEntries(entries);
    },

    async list() {
      const entries = await fs.readdir(opts.baseDir).catch(() => [] as string[]);
      const live = await Promise.all(
        entries.map(async (id) => {
          try {
            return (await masterPid(paths(id))) !== null ? id : null;
          } catch {
            return null; // not a load balancer directory
          }
        }),
      );
      return live.filter((id): id is string => id !== null);
    },

    counters: (lbId) => readCounters(paths(lbId)),
    setServerWeight: (lbId, backend, server, weight) => runtime.setServerWeight(paths(lbId).statsSocket, backend, server, weight),
    setServerState: (lbId, backend, server, state) => runtime.setServerState(paths(lbId).statsSocket, backend, server, state),
    paths,
  };
}
