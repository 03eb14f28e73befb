import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { InstanceServer, SyncReply } from "./protocol";

// The server's handle on the compute agent process: starts it (as a child, so it ends with us)
// and tells it which instance servers should run.

export interface ComputeAgent {
  sync(instances: InstanceServer[]): Promise<SyncReply["failed"]>;
  stop(): Promise<void>;
}

export async function startComputeAgent(): Promise<ComputeAgent> {
  // spawn with an IPC channel rather than fork: Next's bundler treats fork's path as a module to
  // bundle, while the agent is a script of its own, run from the source tree by tsx.
  const script = path.join(process.cwd(), "server", "cloud", "compute", "agent-main.ts");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`compute agent exited with ${code} before it was ready`)));
  });
  let seq = 0;
  const pending = new Map<number, (reply: SyncReply) => void>();
  child.on("message", (msg: SyncReply) => {
    if (msg?.type === "synced") pending.get(msg.seq)?.(msg);
  });
  return {
    sync: (instances) =>
      new Promise((resolve) => {
        const id = ++seq;
        pending.set(id, (reply) => {
          pending.delete(id);
          resolve(reply.failed);
        });
        child.send({ type: "sync", seq: id, instances });
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}
