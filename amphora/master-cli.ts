import { sendCommand } from "./runtime-api";

// The master CLI (`-S` socket) of a master-worker HAProxy: which workers are current, and the
// reload command. In 2.6 `reload` answers nothing and just closes the connection (2.7+ reports
// success), so the outcome is read back from `show proc`: the master's reload counter moves,
// and either its failure counter moves too or a new current worker appears.

export interface ProcTable {
  masterPid: number;
  reloads: number;
  failedReloads: number;
  /** Current workers, running the latest config. */
  workers: number[];
  /** Workers of earlier configs still finishing their connections. */
  oldWorkers: number[];
}

/** Parses `show proc` (2.6): `<pid> master <reloads> [failed: <n>] ...`, then `# workers`, `# old workers`. */
export function parseShowProc(text: string): ProcTable {
  const table: ProcTable = { masterPid: 0, reloads: 0, failedReloads: 0, workers: [], oldWorkers: [] };
  let group: "workers" | "oldWorkers" | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("# workers")) group = "workers";
    else if (line.startsWith("# old workers")) group = "oldWorkers";
    else if (line.startsWith("#")) group = null;
    const master = /^(\d+)\s+master\s+(\d+)\s+\[failed:\s*(\d+)\]/.exec(line);
    if (master) {
      table.masterPid = Number(master[1]);
      table.reloads = Number(master[2]);
      table.failedReloads = Number(master[3]);
      continue;
    }
    const worker = /^(\d+)\s+worker\s/.exec(line);
    if (worker && group) table[group].push(Number(worker[1]));
  }
  if (table.masterPid === 0) throw new Error(`not "show proc" output: ${JSON.stringify(text.slice(0, 200))}`);
  return table;
}

export async function showProc(masterSocket: string): Promise<ProcTable> {
  return parseShowProc(await sendCommand(masterSocket, "show proc"));
}

export async function requestReload(masterSocket: string): Promise<void> {
  await sendCommand(masterSocket, "reload");
}

/**
 * Streams (requests or TCP sessions in progress) in a `show sess` dump, not counting the CLI's
 * own session. An idle keep-alive connection has no stream, so zero means nothing is in flight.
 */
export function countStreams(showSess: string): number {
  return showSess.split("\n").filter((l) => /^0x[0-9a-f]+: /.test(l) && !l.includes(" fe=GLOBAL ")).length;
}

/** Streams in progress across the given workers, asked through the master (it reaches stopping workers too). */
export async function streamsInProgress(masterSocket: string, workers: number[]): Promise<number> {
  const dumps = await Promise.all(workers.map((pid) => sendCommand(masterSocket, `@!${pid} show sess`)));
  return dumps.reduce((sum, d) => sum + countStreams(d), 0);
}
