import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { type InstanceServer, serverKey, type SyncReply, type SyncRequest } from "./protocol";
import { type Backoff, type Supervisor, supervise } from "./supervisor";

// The server's handle on the compute agent process: starts it (as a child, so it ends with us),
// restarts it when it dies, and tells it which instance servers should run. No request waits
// forever: a dead or stuck agent turns into ComputeAgentUnavailableError within the timeout.

export interface ComputeAgent {
  /** Makes exactly these servers run; resolves with those that could not listen. */
  sync(instances: InstanceServer[]): Promise<SyncReply["failed"]>;
  /** Ends the agent for good (no restart follows). */
  stop(): Promise<void>;
  /** The agent process's pid while one is ready, else null (tests kill it to play a crash). */
  readonly pid: number | null;
  /** The prefix of the network whose instance namespaces the agent serves in (server/network/names.ts). */
  readonly networkPrefix: string | null;
}

export interface ComputeAgentOptions {
  /**
   * Runs after the agent was restarted, to make the new process run what should run: in the
   * server, `(agent) => syncInstanceServers(db, agent)`, which reads the truth from the database.
   * Without it the handle re-sends the last set the previous process confirmed.
   */
  onRestart?: (agent: ComputeAgent) => Promise<void>;
  /** How long one request may take, waiting for a restart in progress included. */
  requestTimeoutMs?: number;
  /**
   * The host network's prefix: syncInstanceServers puts each instance's servers in the
   * namespace of that prefix. Absent only for tests of the agent on its own.
   */
  networkPrefix?: string;
  /** Added to a request's time for each instance the agent has to start inside a namespace. */
  namespaceStartMs?: number;
  backoff?: Partial<Backoff>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
/**
 * Starting an instance inside its namespace runs a child process (a bare node, tens of ms of CPU;
 * netns-listen.ts), so a sync that starts fifty of them (the first after a boot or a restart)
 * legitimately takes seconds on a busy host: each gets this much more time before the agent is
 * called not answering. A sync that starts nothing new keeps the plain timeout.
 */
export const DEFAULT_NAMESPACE_START_MS = 250;

/** The agent could not carry out a request; `message` is the first half of a sentence for people. */
export class ComputeAgentUnavailableError extends Error {
  constructor(readonly reason: "not running" | "not answering") {
    super(`The compute agent is ${reason}`);
    this.name = "ComputeAgentUnavailableError";
  }
}

interface Pending {
  child: ChildProcess;
  instances: InstanceServer[];
  settle: (outcome: SyncReply | ComputeAgentUnavailableError) => void;
}

export async function startComputeAgent(opts: ComputeAgentOptions = {}): Promise<ComputeAgent> {
  const timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const namespaceStartMs = opts.namespaceStartMs ?? DEFAULT_NAMESPACE_START_MS;
  const log = (m: string) => console.error(`[compute] ${m}`);
  // spawn with an IPC channel rather than fork: Next's bundler treats fork's path as a module to
  // bundle, while the agent is a script of its own, run from the source tree by tsx.
  const script = path.join(process.cwd(), "server", "cloud", "compute", "agent-main.ts");
  let seq = 0;
  const pending = new Map<number, Pending>();
  let lastConfirmed: InstanceServer[] | null = null;
  /** The servers the current process confirmed running, by key: it need not start them again. */
  let confirmed: { child: ChildProcess; keys: Set<string> } | null = null;
  const toStartInNamespace = (child: ChildProcess, instances: InstanceServer[]) =>
    instances.filter((s) => s.netns && !(confirmed?.child === child && confirmed.keys.has(serverKey(s)))).length;

  /** Requests that timed out: if the agent answers one late, it did what its caller was told failed. */
  const late = new Set<number>();

  const resync = (why: string) => {
    const run = async () => {
      if (opts.onRestart) await opts.onRestart(agent);
      else if (lastConfirmed) await agent.sync(lastConfirmed);
    };
    run().then(
      () => log(`${why}; instance servers synced again`),
      (err: unknown) => log(`${why}, but syncing its instance servers failed: ${String(err)}`),
    );
  };

  const onReady = (child: ChildProcess, restarted: boolean) => {
    child.on("message", (msg: SyncReply) => {
      if (msg?.type !== "synced") return;
      const entry = pending.get(msg.seq);
      if (entry) {
        lastConfirmed = entry.instances;
        const failed = new Set(msg.failed.map((f) => f.name));
        confirmed = { child: entry.child, keys: new Set(entry.instances.filter((s) => !failed.has(s.name)).map(serverKey)) };
        entry.settle(msg);
      } else if (late.delete(msg.seq)) {
        resync(`compute agent answered request ${msg.seq} after its caller gave up`);
      }
    });
    // Whatever this process was asked and did not answer, it never will.
    child.once("exit", () => {
      for (const entry of [...pending.values()]) {
        if (entry.child === child) entry.settle(new ComputeAgentUnavailableError("not answering"));
      }
    });
    late.clear(); // a new process answers nothing the old one was asked
    if (restarted) resync("compute agent restarted");
  };

  const supervisor: Supervisor = await supervise({
    name: "compute agent",
    spawn: () => spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "inherit", "inherit", "ipc"] }),
    onReady,
    backoff: opts.backoff,
    log,
  });

  const agent: ComputeAgent = {
    get pid() {
      return supervisor.pid;
    },
    networkPrefix: opts.networkPrefix ?? null,
    async sync(instances) {
      const deadline = Date.now() + timeoutMs;
      const child = await supervisor.ready(timeoutMs);
      if (!child) {
        const down = supervisor.state === "failed" || supervisor.state === "stopped";
        throw new ComputeAgentUnavailableError(down ? "not running" : "not answering");
      }
      const id = ++seq;
      const allowanceMs = namespaceStartMs * toStartInNamespace(child, instances);
      const reply = await new Promise<SyncReply | ComputeAgentUnavailableError>((resolve) => {
        const timer = setTimeout(() => {
          late.add(id);
          settle(new ComputeAgentUnavailableError("not answering"));
        }, Math.max(deadline + allowanceMs - Date.now(), 0));
        const settle: Pending["settle"] = (outcome) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(outcome);
        };
        pending.set(id, { child, instances, settle });
        const request: SyncRequest = { type: "sync", seq: id, instances };
        child.send(request, (err) => {
          if (err) settle(new ComputeAgentUnavailableError("not answering"));
        });
      });
      if (reply instanceof ComputeAgentUnavailableError) throw reply;
      return reply.failed;
    },
    async stop() {
      await supervisor.stop();
      for (const entry of [...pending.values()]) entry.settle(new ComputeAgentUnavailableError("not running"));
    },
  };
  return agent;
}
