import net from "node:net";
import { parseShowStat, type StatRow } from "./stats";

// HAProxy's runtime API over its UNIX sockets: one command per connection, answer read until
// HAProxy closes. Used for the worker's stats socket and the master CLI alike.

export class RuntimeApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RuntimeApiError";
  }
}

export function sendCommand(socketPath: string, command: string, timeoutMs = 5_000): Promise<string> {
  // `;` and newlines chain commands on the CLI: one call must be exactly one command.
  if (/[;\r\n]/.test(command)) return Promise.reject(new RuntimeApiError(`refusing a chained command: ${JSON.stringify(command)}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.createConnection(socketPath);
    socket.setTimeout(timeoutMs, () => socket.destroy(new RuntimeApiError(`no answer to "${command}" on ${socketPath} within ${timeoutMs} ms`)));
    // The master CLI only runs a command once the client half-closes; the stats socket does not mind.
    socket.on("connect", () => socket.end(`${command}\n`));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", (hadError) => {
      if (!hadError) resolve(Buffer.concat(chunks).toString("utf8"));
    });
  });
}

/** Names that reach a runtime command: IDs and `<pool id>:<listener id>`, nothing with spaces. */
const PROXY_OR_SERVER = /^[0-9a-f-]{36}(?::[0-9a-f-]{36})?$/;

export type ServerAdminState = "ready" | "maint" | "drain";

/** A runtime command that answers with an empty line on success and a message on failure. */
async function runQuiet(socketPath: string, command: string): Promise<void> {
  const answer = (await sendCommand(socketPath, command)).trim();
  if (answer !== "") throw new RuntimeApiError(`"${command}": ${answer}`);
}

function serverRef(backend: string, server: string): string {
  if (!PROXY_OR_SERVER.test(backend) || !PROXY_OR_SERVER.test(server)) {
    throw new RuntimeApiError(`not a backend/server this driver renders: ${JSON.stringify(`${backend}/${server}`)}`);
  }
  return `${backend}/${server}`;
}

export async function showStat(statsSocket: string): Promise<StatRow[]> {
  return parseShowStat(await sendCommand(statsSocket, "show stat"));
}

export async function setServerWeight(statsSocket: string, backend: string, server: string, weight: number): Promise<void> {
  if (!Number.isInteger(weight) || weight < 0 || weight > 256) throw new RuntimeApiError(`weight must be 0..256, not ${weight}`);
  await runQuiet(statsSocket, `set server ${serverRef(backend, server)} weight ${weight}`);
}

export async function setServerState(statsSocket: string, backend: string, server: string, state: ServerAdminState): Promise<void> {
  if (!["ready", "maint", "drain"].includes(state)) throw new RuntimeApiError(`unknown server state ${JSON.stringify(state)}`);
  await runQuiet(statsSocket, `set server ${serverRef(backend, server)} state ${state}`);
}

/** The pid of the worker answering on the stats socket. */
export async function workerPid(statsSocket: string): Promise<number> {
  const info = await sendCommand(statsSocket, "show info");
  const pid = Number(/^Pid: (\d+)$/m.exec(info)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) throw new RuntimeApiError(`no Pid in "show info": ${JSON.stringify(info.slice(0, 200))}`);
  return pid;
}
