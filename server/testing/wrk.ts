import { execa } from "execa";
import { offHostPath } from "./host-traffic-guard";

// Load from Debian's wrk while a test does something to a load balancer: started in the
// background, stopped with SIGINT (wrk then prints its summary), its counts read from that.

export interface WrkSummary {
  requests: number;
  /** Connect, read, write and timeout errors (wrk's "Socket errors"). */
  socketErrors: number;
  /** Answers that were not 2xx or 3xx. */
  non2xx: number;
}

export function parseWrk(output: string): WrkSummary {
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? NaN);
  if (!Number.isFinite(requests)) throw new Error(`wrk printed no summary:\n${output}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  return { requests, socketErrors, non2xx };
}

export function startWrk(url: string, opts: { connections?: number; timeoutSeconds?: number } = {}) {
  // The same rule as every request of the tests: loopback or the cloud's external bridge only.
  const why = offHostPath(new URL(url).hostname);
  if (why) throw new Error(`refusing to run wrk against ${url}: ${why}`);
  const connections = opts.connections ?? 4;
  // Line-buffered (coreutils' stdbuf): wrk's "Running …" must arrive when printed, not at its exit.
  const run = execa("stdbuf", ["-oL", "wrk", "-t1", `-c${connections}`, "-d600s", `--timeout`, `${opts.timeoutSeconds ?? 2}s`, url], { reject: false, stdin: "ignore" });
  // wrk first connects once to check the address (and gives up for good when that fails), then
  // prints "Running …" and starts its load: a test breaks things only after that.
  let seen = "";
  const running = new Promise<void>((resolve, reject) => {
    run.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("Running")) resolve();
    });
    void run.then((r) => reject(new Error(`wrk ended before its load started:\n${r.stdout}\n${r.stderr}`)));
  });
  running.catch(() => undefined);
  return {
    /** Resolves once wrk's load runs. */
    started: () => running,
    async stop(): Promise<WrkSummary> {
      run.kill("SIGINT");
      const { stderr } = await run;
      return parseWrk(`${seen}\n${stderr}`);
    },
  };
}
