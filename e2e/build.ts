import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import { tryClaim } from "@/server/testing/address-ranges";
import { REPO_ROOT } from "./config";
import { NEXT_BIN } from "./server";

// The production build the e2e server runs, redone only when it is missing or older than the
// sources. Two runs may want the same build directory at once: the second waits for the first's
// build (an exclusive lock file next to the directory, taken over when its holder died) and then
// finds it up to date.

/** What the production build is made from; tests and e2e files do not change it. */
const BUILD_INPUTS = ["app", "components", "server", "db", "amphora", "proxy.ts", "instrumentation.ts", "next.config.ts", "postcss.config.mjs", "package.json", "tsconfig.json"];
const SKIP_DIRS = new Set(["node_modules", ".next", "var", "tests", "testing"]);

function newestMtimeMs(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(entry) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) {
    if (SKIP_DIRS.has(name)) continue;
    newest = Math.max(newest, newestMtimeMs(path.join(entry, name)));
  }
  return newest;
}

export function buildIsStale(distDir: string): boolean {
  const buildId = path.join(REPO_ROOT, distDir, "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtimeMs(path.join(REPO_ROOT, input)) > built);
}

/** Builds into `distDir` (NEXT_DIST_DIR) when it is stale; the build's output goes to stderr. */
export async function ensureBuild(distDir: string, log: (line: string) => void): Promise<void> {
  const lock = path.join(REPO_ROOT, `${distDir}.lock`);
  let waiting = false;
  while (!tryClaim(lock)) {
    if (!waiting) log(`another run is building ${distDir} (${lock}): waiting for it`);
    waiting = true;
    await sleep(2_000);
  }
  try {
    if (!buildIsStale(distDir)) {
      log(`${distDir} is up to date: skipping next build`);
      return;
    }
    const started = Date.now();
    log(`${distDir} is missing or older than the sources: running next build`);
    await execa(NEXT_BIN, ["build"], {
      cwd: REPO_ROOT,
      stdin: "ignore",
      stdout: process.stderr,
      stderr: process.stderr,
      env: { NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
    });
    log(`next build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
