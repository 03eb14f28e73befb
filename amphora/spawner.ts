import { type ChildProcess, spawn } from "node:child_process";
import readline from "node:readline";

// Commands run by a small helper process instead of by this one. Spawning forks the spawning
// process, and the fork copies its page tables while the event loop waits: measured here, 1.4 ms
// for a 10 MiB Node process and 31 ms for one of 500 MiB. The control plane is a large process
// (an embedded database, the web server), and a failover of many amphorae runs hundreds of `ip`
// commands: spawned here, they stalled everything else for seconds. The helper is plain Node
// with nothing loaded, started once and again after it dies, and runs each request as
// execFile would (no shell), concurrently, answering in JSON lines. HAProxy's driver and the
// network engine (server/network/command.ts) run their commands through it.

export interface Completed {
  /** The exit status; null when the command did not run to an exit (not found, killed). */
  code: number | null;
  /** What went wrong when it did not exit 0 (execFile's message). */
  message: string;
  stdout: string;
  stderr: string;
}

interface Request {
  id: number;
  file: string;
  args: string[];
  input?: string;
  /** Killed (SIGTERM) past this; the answer then has no exit status. */
  timeoutMs?: number;
  /** Fire and forget: nothing is answered, the command's output goes nowhere. */
  detached?: boolean;
}

const HELPER = `
const { execFile, spawn } = require("node:child_process");
const readline = require("node:readline");
const answer = (reply) => process.stdout.write(JSON.stringify(reply) + "\\n");
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const req = JSON.parse(line);
  if (req.detached) {
    const child = spawn(req.file, req.args, { stdio: "ignore" });
    child.on("error", () => {});
    return;
  }
  const child = execFile(req.file, req.args, { maxBuffer: 256 * 1024 * 1024, encoding: "utf8", timeout: req.timeoutMs ?? 0 }, (err, stdout, stderr) => {
    answer({ id: req.id, code: err ? (typeof err.code === "number" ? err.code : null) : 0, message: err ? err.message : "", stdout, stderr });
  });
  child.stdin.on("error", () => {});
  child.stdin.end(req.input ?? "");
});
process.stdin.on("end", () => process.exit(0));
`;

let helper: { child: ChildProcess; pending: Map<number, (done: Completed) => void> } | null = null;
let nextId = 0;

/** The helper, started when there is none (the first request, or after it died). */
function running() {
  if (helper) return helper;
  const child = spawn(process.execPath, ["-e", HELPER], { stdio: ["pipe", "pipe", "inherit"] });
  const pending = new Map<number, (done: Completed) => void>();
  const current = { child, pending };
  helper = current;
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    const reply = JSON.parse(line) as Completed & { id: number };
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
    idle(current);
  });
  const gone = (why: string) => {
    if (helper === current) helper = null;
    for (const settle of pending.values()) settle({ code: null, message: `the command helper ${why}`, stdout: "", stderr: "" });
    pending.clear();
  };
  child.on("exit", (code, signal) => gone(`exited (${signal ?? code})`));
  child.on("error", (err) => gone(`failed: ${err.message}`));
  child.stdin!.on("error", () => undefined);
  idle(current);
  return current;
}

/** The helper keeps this process alive only while it owes answers. */
function idle(h: NonNullable<typeof helper>) {
  const streams = [h.child.stdout, h.child.stdin] as unknown as { ref?: () => void; unref?: () => void }[];
  if (h.pending.size === 0) {
    h.child.unref();
    for (const s of streams) s.unref?.();
  } else {
    h.child.ref();
    for (const s of streams) s.ref?.();
  }
}

function send(h: NonNullable<typeof helper>, request: Request) {
  h.child.stdin!.write(`${JSON.stringify(request)}\n`);
}

/** Runs `file args…` in the helper (no shell), feeding `input` on stdin; resolves once it exits. */
export function execute(file: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<Completed> {
  const h = running();
  const id = nextId++;
  return new Promise((resolve) => {
    h.pending.set(id, resolve);
    idle(h);
    send(h, { id, file, args, ...opts });
  });
}

/** Starts `file args…` in the helper and forgets it: no answer, no output. */
export function launch(file: string, args: string[]): void {
  send(running(), { id: nextId++, file, args, detached: true });
}
