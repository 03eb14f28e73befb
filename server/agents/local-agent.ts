import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { type AgentClient, connectAgent } from "@/amphora/agent/client";
import { poll } from "@/amphora/process-table";
import { agentTls, controllerTls, dueForRenewal, issueHostCertificate, loadOrCreatePki } from "./pki";

// The amphora agent of the controller's own host: a process of its own (agent-main.ts),
// started by whichever process runs the controller, on loopback at a free port it writes down.
// A start replaces the agent left by the last one, so the agent always runs this code; its
// HAProxies outlive the replacement.

const AGENT_SCRIPT = "server/agents/agent-main.ts";
const LOCAL_ADDRESS = "127.0.0.1";

export interface LocalAgentOptions {
  dataDir: string;
  networkPrefix: string;
  haproxyBin: string;
  log: (line: string) => void;
}

const agentDir = (dataDir: string) => path.join(dataDir, "agent");

const readOrEmpty = (file: string) => {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
};
const pkiDir = (dataDir: string) => path.join(dataDir, "pki");

/** The pid in the agent's pidfile, when that process is an agent. */
export function localAgentPid(dataDir: string): number | null {
  const pid = Number(readOrEmpty(path.join(agentDir(dataDir), "agent.pid")));
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(AGENT_SCRIPT) ? pid : null;
  } catch {
    return null;
  }
}

/** Ends the host's agent (its HAProxies keep running) and waits until it is gone. */
export async function stopLocalAgent(dataDir: string): Promise<void> {
  const pid = localAgentPid(dataDir);
  if (pid === null) return;
  process.kill(pid, "SIGTERM");
  const gone = await poll(async () => (localAgentPid(dataDir) === null ? true : undefined), 5_000, 20);
  if (!gone) process.kill(pid, "SIGKILL");
}

/** Starts this host's agent (replacing one already running) and returns the controller's client of it. */
export async function startLocalAgent(opts: LocalAgentOptions): Promise<AgentClient> {
  const dir = agentDir(opts.dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pki = loadOrCreatePki(pkiDir(opts.dataDir));
  const serverCert = path.join(dir, "server.crt");
  if (!fs.existsSync(path.join(dir, "server.key")) || dueForRenewal(fs.readFileSync(serverCert, "utf8"))) {
    const tls = agentTls(pki, issueHostCertificate(pki, LOCAL_ADDRESS));
    fs.writeFileSync(path.join(dir, "ca.crt"), tls.ca);
    fs.writeFileSync(path.join(dir, "server.crt"), tls.cert);
    fs.writeFileSync(path.join(dir, "server.key"), tls.key, { mode: 0o600 });
  }
  await stopLocalAgent(opts.dataDir);
  fs.rmSync(path.join(dir, "url"), { force: true });
  const logFd = fs.openSync(path.join(dir, "agent.log"), "a", 0o600);
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", AGENT_SCRIPT], {
    cwd: process.cwd(),
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: {
      ...process.env,
      AGENT_DIR: dir,
      AGENT_HOST: LOCAL_ADDRESS,
      AGENT_PORT: "0",
      AMPHORA_DIR: path.join(opts.dataDir, "amphorae"),
      NETWORK_PREFIX: opts.networkPrefix,
      HAPROXY_BIN: opts.haproxyBin,
    },
  });
  fs.closeSync(logFd);
  child.unref();
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? -1));
  const url = await poll(async () => {
    if (exited !== null) return null;
    return readOrEmpty(path.join(dir, "url")) || undefined;
  }, 30_000);
  if (!url) {
    const tail = fs.readFileSync(path.join(dir, "agent.log"), "utf8").split("\n").slice(-10).join("\n");
    throw new Error(`the amphora agent ${exited !== null ? `exited (${exited})` : "did not start within 30 s"}; its log ends:\n${tail}`);
  }
  opts.log(`amphora agent ${child.pid} serving ${url}`);
  return connectAgent({ url, tls: controllerTls(pki) });
}

/** The client of the agent another process on this host started (the web tier beside `npm run worker`). */
export async function connectLocalAgent(dataDir: string): Promise<AgentClient> {
  const url = fs.readFileSync(path.join(agentDir(dataDir), "url"), "utf8").trim();
  return connectAgent({ url, tls: controllerTls(loadOrCreatePki(pkiDir(dataDir))) });
}
