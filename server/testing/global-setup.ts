import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres-server";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
    amphoraRoot: string;
  }
}

/**
 * With TEST_DB=postgres the integration suite runs against a real PostgreSQL: the one at
 * TEST_DATABASE_URL, or one started here for the run. Otherwise every test file uses PGlite.
 * Every HAProxy a test starts lives under one directory of this run; whatever a crashed test
 * left there is stopped at the end, by the pid in its pidfile.
 */
export default async function setup(project: TestProject) {
  const amphoraRoot = fs.mkdtempSync(path.join(os.tmpdir(), "lbt-"));
  // HAProxy's workers (the haproxy user) reach the health log socket and PING's script below it.
  fs.chmodSync(amphoraRoot, 0o755);
  project.provide("amphoraRoot", amphoraRoot);
  const teardowns: (() => Promise<void>)[] = [async () => stopLeftoverHaproxies(amphoraRoot)];
  if (process.env.TEST_DB !== "postgres") {
    project.provide("postgresUrl", null);
  } else if (process.env.TEST_DATABASE_URL) {
    project.provide("postgresUrl", process.env.TEST_DATABASE_URL);
  } else {
    const server = await startPostgres(Number(process.env.TEST_PG_PORT ?? 55432));
    project.provide("postgresUrl", server.url);
    teardowns.push(() => server.stop());
  }
  return async () => {
    for (const teardown of teardowns) await teardown();
  };
}

function stopLeftoverHaproxies(root: string) {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? walk(full) : e.name.endsWith(".pid") ? [full] : [];
    });
  for (const file of walk(root)) {
    const pid = Number(fs.readFileSync(file, "utf8").trim().split("\n")[0]);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    let cmdline = "";
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue; // already gone
    }
    // Only an HAProxy started from this run's directory: a recycled pid is left alone.
    if (cmdline.includes("haproxy") && cmdline.includes(root)) {
      console.error(`test teardown: stopping leftover HAProxy ${pid} (${file})`);
      process.kill(pid, "SIGKILL");
    }
  }
  fs.rmSync(root, { recursive: true, force: true });
}
