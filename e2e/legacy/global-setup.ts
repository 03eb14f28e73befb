import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { e2eBaseUrl } from "./config";
import { NEXT_BIN, REPO_ROOT, startNextServer } from "./server";

// Vitest globalSetup for the e2e project: builds the dashboard when the build is missing or older
// than the sources, starts `next start` on E2E_BASE_URL's port (3100 by default) with a fresh
// database, and stops it afterwards. With E2E_BASE_URL set, the tests use that server as it is.

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

export function buildIsStale(): boolean {
  const buildId = path.join(REPO_ROOT, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtimeMs(path.join(REPO_ROOT, input)) > built);
}

export default async function setup() {
  if (process.env.E2E_BASE_URL) return;
  if (buildIsStale()) {
    const started = Date.now();
    console.log("[e2e] .next is missing or older than the sources: running next build");
    await execa(NEXT_BIN, ["build"], { cwd: REPO_ROOT, stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1" } });
    console.log(`[e2e] next build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    console.log("[e2e] .next is up to date: skipping next build");
  }
  const port = Number(new URL(e2eBaseUrl()).port || 80);
  const started = Date.now();
  const server = await startNextServer({ port, keepDataDir: process.env.E2E_KEEP_DATA === "1" });
  console.log(`[e2e] next start on ${server.url} (pid ${server.pid}, data in ${server.dataDir}) ready in ${Date.now() - started} ms`);
  return () => server.stop();
}
