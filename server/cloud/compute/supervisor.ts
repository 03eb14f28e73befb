import type { ChildProcess } from "node:child_process";

// Keeps one child process running. A child is ready when it sends its first IPC message. When a
// child exits on its own it is started again, after a delay that doubles with each exit that
// follows quickly on the last, and after a few such exits in a row supervision gives up (and
// says so), so a child that cannot start does not spin the CPU forever.

export interface Backoff {
  /** Delay before the first restart; it doubles per consecutive failure. */
  initialMs: number;
  maxMs: number;
  /** Consecutive failures (exits before ready, or soon after it) before giving up. */
  maxAttempts: number;
  /** A child that ran this long before exiting resets the count: its exit was not a crash loop. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 250, maxMs: 8_000, maxAttempts: 8, stableMs: 30_000 };

export interface SupervisorOptions {
  /** For log lines and errors, e.g. "compute agent". */
  name: string;
  spawn: () => ChildProcess;
  /** Each time a child is ready; `restarted` is false for the first one. */
  onReady: (child: ChildProcess, restarted: boolean) => void;
  readyTimeoutMs?: number;
  backoff?: Partial<Backoff>;
  log?: (message: string) => void;
}

export type SupervisorState = "starting" | "running" | "restarting" | "failed" | "stopped";

export interface Supervisor {
  readonly state: SupervisorState;
  readonly pid: number | null;
  /** The ready child, waiting up to `timeoutMs` while one starts; null if there is none by then. */
  ready(timeoutMs: number): Promise<ChildProcess | null>;
  /** Ends the child for good: no restart follows. */
  stop(): Promise<void>;
}

/** Starts the first child and resolves once it is ready; rejects if it exits or hangs before. */
export async function supervise(opts: SupervisorOptions): Promise<Supervisor> {
  const backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
  const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
  const log = opts.log ?? ((m: string) => console.error(`[supervisor] ${m}`));
  let state: SupervisorState = "starting";
  let child: ChildProcess | null = null;
  let readyChild: ChildProcess | null = null;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const scheduleRestart = (how: string, ranFor: number) => {
    if (ranFor >= backoff.stableMs) failures = 0;
    failures += 1;
    if (failures > backoff.maxAttempts) {
      state = "failed";
      log(`${opts.name} exited (${how}) ${failures - 1} times in a row; not restarting it again`);
      wake();
      return;
    }
    const delay = Math.min(backoff.initialMs * 2 ** (failures - 1), backoff.maxMs);
    log(`${opts.name} exited unexpectedly (${how}); restarting in ${delay} ms (attempt ${failures} of ${backoff.maxAttempts})`);
    state = "restarting";
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      launch(false).catch(() => undefined); // an exit before ready schedules the next attempt itself
    }, delay);
  };

  const launch = (first: boolean) =>
    new Promise<void>((resolve, reject) => {
      state = "starting";
      const c = opts.spawn();
      child = c;
      let readyAt: number | null = null;
      let ended = false;
      const hang = setTimeout(() => {
        log(`${opts.name} was not ready after ${readyTimeoutMs} ms; killing it`);
        c.kill("SIGKILL");
      }, readyTimeoutMs);
      c.once("message", () => {
        clearTimeout(hang);
        if (state === "stopped" || ended) return;
        readyAt = Date.now();
        readyChild = c;
        state = "running";
        opts.onReady(c, !first);
        wake();
        resolve();
      });
      const onEnd = (how: string) => {
        if (ended) return;
        ended = true;
        clearTimeout(hang);
        if (child === c) child = null;
        if (readyChild === c) readyChild = null;
        if (state === "stopped") return;
        if (first && readyAt === null) {
          state = "stopped";
          wake();
          reject(new Error(`${opts.name} exited (${how}) before it was ready`));
          return;
        }
        scheduleRestart(how, readyAt === null ? 0 : Date.now() - readyAt);
        reject(new Error(`${opts.name} exited (${how})`));
      };
      c.once("exit", (code, signal) => onEnd(signal ? `signal ${signal}` : `code ${code}`));
      // A failed spawn emits only "error"; a running child's errors (e.g. a send on a closed
      // channel) are answered where they happen, and its exit follows on its own.
      c.on("error", (err) => {
        if (c.pid === undefined) onEnd(`could not start: ${err.message}`);
      });
    });

  await launch(true);

  return {
    get state() {
      return state;
    },
    get pid() {
      return readyChild?.pid ?? null;
    },
    async ready(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (readyChild?.connected) return readyChild;
        const left = deadline - Date.now();
        if (state === "failed" || state === "stopped" || left <= 0) return null;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          };
          const timer = setTimeout(done, left);
          waiters.add(done);
        });
      }
    },
    async stop() {
      state = "stopped";
      clearTimeout(restartTimer);
      wake();
      const c = child;
      child = null;
      readyChild = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        // The agent exits when its channel closes; one that does not is killed.
        const kill = setTimeout(() => c.kill("SIGKILL"), 5_000);
        c.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        if (c.connected) c.disconnect();
        else c.kill("SIGTERM");
      });
    },
  };
}
