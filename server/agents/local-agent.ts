import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { type AgentClient, connectAgent } from "@/amphora/agent/client";
import { createLocalDriver } from "@/amphora/driver";
import { poll } from "@/amphora/process-table";
import { agentTls, controllerTls, dueForRenewal, issueHostCertificate, loadOrCreatePki } from "./pki";

// The amphora agents of the controller's own machine: each a process of its own (agent-main.ts),
// started by whichever process runs the controller, on loopback at a free port it writes down.
// A start replaces the agent left by the last one, so the agent always runs this code; its
// HAProxies outlive the replacement. `HOSTS=3` runs three, each a host of its own with its own
// amphora directory (slot 1 keeps the single host's paths: $DATA_DIR/agent, $DATA_DIR/amphorae).

const AGENT_SCRIPT = "server/agents/agent-main.ts";
const LOCAL_ADDRESS = "127.0.0.1";

export interface LocalAgentOptions {
  dataDir: string;
  /** Which of this machine's hosts, from 1. Default 1. */
  slot?: number;
  networkPrefix: string;
  haproxyBin: string;
  log: (line: string) => void;
  /** The host's namespace (its underlay address and cables made by the network reconciler), where it plugs its amphorae. */
  hostNamespace?: string;
  /** Its address on the underlay. */
  underlayAddress?: string;
}

/** Where a host slot keeps its files: slot 1 in $DATA_DIR itself, the others under $DATA_DIR/hosts/<slot>. */
const slotDir = (dataDir: string, slot: number) => (slot === 1 ? dataDir : path.join(dataDir, "hosts", String(slot)));
const agentDir = (dataDir: string, slot = 1) => path.join(slotDir(dataDir, slot), "agent");
const amphoraDir = (dataDir: string, slot: number) => path.join(slotDir(dataDir, slot), "amphorae");

const readOrEmpty = (file: string) => {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
};
const pkiDir = (dataDir: string) => path.join(dataDir, "pki");

/** The pid in the agent's pidfile, when that process is an agent. */
export function localAgentPid(dataDir: string, slot = 1): number | null {
  const pid = Number(readOrEmpty(path.join(agentDir(dataDir, slot), "agent.pid")));
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(AGENT_SCRIPT) ? pid : null;
  } catch {
    return null;
  }
}

/** Ends the host's agent (its HAProxies keep running) and waits until it is gone. */
export async function stopLocalAgent(dataDir: string, slot = 1): Promise<void> {
  const pid = localAgentPid(dataDir, slot);
  if (pid === null) return;
  process.kill(pid, "SIGTERM");
  const gone = await poll(async () => (localAgentPid(dataDir, slot) === null ? true : undefined), 5_000, 20);
  if (!gone) process.kill(pid, "SIGKILL");
}

/** The slots of agents a start left running or stopped (slot 1 always). */
export function localAgentSlots(dataDir: string): number[] {
  const others = fs.existsSync(path.join(dataDir, "hosts")) ? fs.readdirSync(path.join(dataDir, "hosts")).map(Number).filter((n) => Number.isInteger(n) && n > 1) : [];
  return [1, ...others.sort((a, b) => a - b)];
}

/** Starts one of this machine's agents (replacing one already running) and returns the controller's client of it. */
export async function startLocalAgent(opts: LocalAgentOptions): Promise<AgentClient> {
  const slot = opts.slot ?? 1;
  const dir = agentDir(opts.dataDir, slot);
  // The amphora directory beside it is the HAProxies' (they read it as the haproxy user).
  fs.mkdirSync(slotDir(opts.dataDir, slot), { recursive: true, mode: 0o755 });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pki = loadOrCreatePki(pkiDir(opts.dataDir));
  const serverCert = path.join(dir, "server.crt");
  if (!fs.existsSync(path.join(dir, "server.key")) || dueForRenewal(fs.readFileSync(serverCert, "utf8"))) {
    const tls = agentTls(pki, issueHostCertificate(pki, LOCAL_ADDRESS));
    fs.writeFileSync(path.join(dir, "ca.crt"), tls.ca);
    fs.writeFileSync(path.join(dir, "server.crt"), tls.cert);
    fs.writeFileSync(path.join(dir, "server.key"), tls.key, { mode: 0o600 });
  }
  await stopLocalAgent(opts.dataDir, slot);
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
      AMPHORA_DIR: amphoraDir(opts.dataDir, slot),
      NETWORK_PREFIX: opts.networkPrefix,
      HAPROXY_BIN: opts.haproxyBin,
      ...(opts.hostNamespace && { AGENT_NETNS: opts.hostNamespace }),
      ...(opts.underlayAddress && { AGENT_UNDERLAY: opts.underlayAddress }),
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

/** Stops every agent of this machine's hosts and every HAProxy they started (a test server's end). */
export async function stopLocalHosts(dataDir: string): Promise<void> {
  await Promise.all(
    localAgentSlots(dataDir).map(async (slot) => {
      await stopLocalAgent(dataDir, slot);
      const amphorae = createLocalDriver({ baseDir: amphoraDir(dataDir, slot), log: () => undefined });
      // Together: the server's health-log socket is gone, and every worker left retries it in a busy loop.
      await Promise.all((await amphorae.list()).map((id) => amphorae.stop(id)));
    }),
  );
}
