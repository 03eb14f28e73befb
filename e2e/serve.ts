import { ensureBuild } from "./build";
import { e2ePort, nextDistDir } from "./config";
import { startNextServer, type NextServer } from "./server";

// The e2e server, as Playwright's webServer runs it (`node --import tsx e2e/serve.ts`): builds
// NEXT_DIST_DIR when it is stale, starts `next start` on E2E_PORT with a fresh data directory and a
// network of its own (a prefix and an external /24), and runs until Playwright sends SIGTERM (or
// someone SIGINT). Then it stops next, every HAProxy of its data directory, every namespace and
// link of its prefix, and removes the directory. It does the same when the process that started
// it goes away without a word.

const log = (line: string) => console.error(`[e2e] ${line}`);
// Output goes to the runner through pipes: once it is gone, a write fails with EPIPE, which must
// not end this process before it has cleaned up.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);

let starting: Promise<NextServer | undefined> = Promise.resolve(undefined);
let stopping = false;

async function shutDown(why: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${why}: stopping the server, its HAProxies and its data`);
  try {
    // A server still starting is waited for, so that it is stopped too, not left behind.
    await (await starting.catch(() => undefined))?.stop();
  } catch (err) {
    log(`stopping failed: ${(err as Error).message}`);
    process.exit(1);
  }
  process.exit(0);
}

process.on("SIGTERM", () => void shutDown("SIGTERM"));
process.on("SIGINT", () => void shutDown("SIGINT"));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutDown(`the starter (pid ${parent}) is gone`);
}, 1_000);

const distDir = nextDistDir();
const started = Date.now();
starting = (async () => {
  await ensureBuild(distDir, log);
  if (stopping) return undefined;
  return startNextServer({
    port: e2ePort(),
    keepDataDir: process.env.E2E_KEEP_DATA === "1",
    env: { NEXT_DIST_DIR: distDir },
    echo: process.env.E2E_SERVER_LOG === "1" ? (chunk) => process.stderr.write(chunk) : undefined,
  });
})();
const server = await starting;
if (server) log(`next start on ${server.url} (pid ${server.pid}, build ${distDir}, data in ${server.dataDir}, network ${server.net.prefix}, external ${server.net.externalCidr}) up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
// The interval above keeps this process running until a signal.
