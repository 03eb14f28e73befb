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

/** `<ipv4>:<port>` or `[<ipv6>]:<port>`, as the renderer writes a server's address. */
const SERVER_ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]{2,45}\]):\d{1,5}$/;
/** One server option token (`weight`, `5`, `inter`, `2s`, `addr`, `[::1]`...): nothing that could start another word or command. */
const SERVER_OPTION = /^[A-Za-z0-9._:[\]-]{1,64}$/;

/**
 * `add server`: the server starts in maintenance with its health check disabled (2.6's rule
 * for dynamic servers), so nothing reaches it before the caller enables it.
 */
export async function addServer(statsSocket: string, backend: string, server: string, address: string, options: string[]): Promise<void> {
  const host = address.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
  if (!SERVER_ADDRESS.test(address) || net.isIP(host) === 0) throw new RuntimeApiError(`not a server address: ${JSON.stringify(address)}`);
  const bad = options.find((o) => !SERVER_OPTION.test(o));
  if (bad !== undefined) throw new RuntimeApiError(`not a server option: ${JSON.stringify(bad)}`);
  const command = ["add server", serverRef(backend, server), address, ...options].join(" ");
  // Success is a notice, possibly after warnings; anything without it left no server behind.
  const answer = await sendCommand(statsSocket, command);
  if (!answer.split("\n").some((l) => l.trim() === "New server registered.")) throw new RuntimeApiError(`"${command}": ${answer.trim()}`);
}

export async function enableHealth(statsSocket: string, backend: string, server: string): Promise<void> {
  await runQuiet(statsSocket, `enable health ${serverRef(backend, server)}`);
}

/**
 * `del server` of a server in maintenance. False while it still has connections (a request in
 * flight, or idle connections 2.6 purges asynchronously after maintenance began): try again later.
 */
export async function deleteServer(statsSocket: string, backend: string, server: string): Promise<boolean> {
  const command = `del server ${serverRef(backend, server)}`;
  const answer = (await sendCommand(statsSocket, command)).trim();
  if (answer === "Server deleted.") return true;
  if (/still has connections/i.test(answer)) return false;
  throw new RuntimeApiError(`"${command}": ${answer}`);
}

/** The pid of the worker answering on the stats socket. */
export async function workerPid(statsSocket: string): Promise<number> {
  const info = await sendCommand(statsSocket, "show info");
  const pid = Number(/^Pid: (\d+)$/m.exec(info)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) throw new RuntimeApiError(`no Pid in "show info": ${JSON.stringify(info.slice(0, 200))}`);
  return pid;
}
