import fs from "node:fs/promises";
import path from "node:path";
import { FILE_PATH, ID } from "./allow-list";
import type { AmphoraPaths } from "./model";

// One directory per load balancer, `<baseDir>/<lb id>/`, holding everything of its amphora.
// The master runs as root and reads the config itself; the workers run as the haproxy user and
// only ever need to reach the PING wrapper, hence 0755/0644 here. For PING monitors to work,
// baseDir and every directory above it must be traversable by that user too (a mkdtemp'd
// 0700 directory is not: the check then fails as PROCERR and the member reads DOWN).

const MAX_SOCKET_PATH = 97;

export function amphoraPaths(baseDir: string, lbId: string): AmphoraPaths {
  // The id becomes a path component: anything but a UUID could walk out of baseDir.
  if (!ID.test(lbId)) throw new Error(`not a load balancer id: ${JSON.stringify(lbId)}`);
  const dir = path.join(path.resolve(baseDir), lbId);
  // These paths go into the config and into `-S <socket>,mode,600`: no spaces, quotes or commas.
  if (!FILE_PATH.test(dir)) throw new Error(`amphora base directory has characters HAProxy's config cannot take: ${JSON.stringify(dir)}`);
  const paths: AmphoraPaths = {
    dir,
    config: path.join(dir, "haproxy.cfg"),
    statsSocket: path.join(dir, "stats.sock"),
    masterSocket: path.join(dir, "master.sock"),
    pidFile: path.join(dir, "haproxy.pid"),
    serverStateFile: path.join(dir, "servers.state"),
    pingScript: path.join(dir, "ping-check.sh"),
  };
  // sun_path holds 108 bytes and HAProxy binds through `<path>.<pid>.tmp`, so it refuses socket
  // paths over 97 bytes; say so here, not as a rejected config at the first apply.
  if (paths.masterSocket.length > MAX_SOCKET_PATH) {
    throw new Error(`amphora base directory too long: ${paths.masterSocket} exceeds HAProxy's ${MAX_SOCKET_PATH} bytes for a socket path`);
  }
  return paths;
}

/** Beside the config: the sha256 of the config the running HAProxy was last given successfully. */
export const hashFile = (p: AmphoraPaths) => `${p.config}.sha256`;
export const candidateFile = (p: AmphoraPaths) => `${p.config}.new`;
export const failedFile = (p: AmphoraPaths) => `${p.config}.failed`;

/**
 * HAProxy hands an external check `<proxy addr> <proxy port> <server addr> <server port>` and
 * the server in HAPROXY_SERVER_ADDR; one ICMP echo with a 1 s deadline decides. The environment
 * of external checks has no PATH, hence the absolute paths. Without iputils-ping installed every
 * PING-monitored member reads DOWN, which is the truth about what was checked.
 */
export const PING_SCRIPT = `#!/bin/sh
# Written by amphora/layout.ts: the external check of PING health monitors.
exec /bin/ping -q -n -c 1 -W 1 "$HAPROXY_SERVER_ADDR" >/dev/null 2>&1
`;

export async function prepareDir(p: AmphoraPaths): Promise<void> {
  await fs.mkdir(p.dir, { recursive: true, mode: 0o755 });
  await fs.chmod(p.dir, 0o755); // mkdir's mode is filtered by the umask
  const current = await fs.readFile(p.pingScript, "utf8").catch(() => null);
  if (current !== PING_SCRIPT) await writeAtomic(p.pingScript, PING_SCRIPT, 0o755);
}

/** Readers see the old file or the new one, never half of one: write aside, then rename. */
export async function writeAtomic(file: string, content: string, mode = 0o644): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(tmp, content, { mode });
  await fs.chmod(tmp, mode);
  await fs.rename(tmp, file);
}

export async function readOptional(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}
