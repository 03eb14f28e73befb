import { execa, type ResultPromise } from "execa";

// A product entry point (a controller worker, the API server) as a real process of its own, so a
// test can kill it with SIGKILL the way a crash would, mid-change.

/** Runs `script` with tsx under this Node, its output (stdout and stderr together) appended to `output`. */
export function spawnTsx(script: string, env: Record<string, string>, output: string[]): ResultPromise {
  const child = execa(process.execPath, ["--import", "tsx", script], { env, reject: false, all: true });
  child.all?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  return child;
}
