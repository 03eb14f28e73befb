import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";

// A throwaway PostgreSQL server for the integration suite: Debian's `postgresql` binaries, a
// temporary cluster on a loopback port, stopped (by its own pg_ctl) when the suite ends.

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => path.join(root, v, "bin")).find((dir) => fs.existsSync(path.join(dir, "initdb")));
  if (!found) throw new Error("PostgreSQL is not installed (apt-get install postgresql); needed for TEST_DB=postgres");
  return found;
}

/** Postgres refuses to run as root: run its tools as the `postgres` user then. */
function asServerUser(bin: string, args: string[]) {
  return process.getuid?.() === 0 ? execa("runuser", ["-u", "postgres", "--", bin, ...args]) : execa(bin, args);
}

export interface PostgresServer {
  url: string;
  /** Stops the server (fast: open connections are cut) and starts it again on the same data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPostgres(port: number): Promise<PostgresServer> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lbaas-pg-"));
  const data = path.join(dir, "data");
  if (process.getuid?.() === 0) await execa("chown", ["-R", "postgres:postgres", dir]);
  await asServerUser(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const pgCtl = (...args: string[]) =>
    asServerUser(path.join(bin, "pg_ctl"), ["-D", data, "-w", "-l", path.join(dir, "log"), "-o", `-h 127.0.0.1 -p ${port} -k ${dir} -F -c max_connections=300`, ...args]);
  await pgCtl("start");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => {
      await pgCtl("-m", "fast", "restart");
    },
    stop: async () => {
      await asServerUser(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
