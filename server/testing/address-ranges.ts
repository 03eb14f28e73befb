import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Test worlds each take a whole 127.<octet>.0.0/16. The octet is claimed with an exclusive file
// in a directory every test run on this host shares, holding the claimer's pid: any number of
// vitest workers (and several runs at once) get distinct ranges, and a range whose claimer died
// is taken back. Ranges are released when their world closes, so a run needs as many as it has
// worlds open at once, not as many as it ever opened.

export interface RangePool {
  dir: string;
  first: number;
  last: number;
}

/** The pool every test run on this host shares. */
const HOST_POOL: RangePool = { dir: path.join(os.tmpdir(), "lbaas-test-octets"), first: 100, last: 254 };

/** Whether a process with this pid exists (one of another user counts). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Creates `file` holding this process's pid, unless a live process holds it already; a file left
 * by a dead process is taken over. True when this process now holds it (remove it to let go).
 */
export function tryClaim(file: string): boolean {
  try {
    fs.writeFileSync(file, String(process.pid), { flag: "wx" });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const owner = Number(fs.readFileSync(file, "utf8"));
  if (Number.isInteger(owner) && owner > 0 && alive(owner)) return false;
  // The claimer is gone: remove its file and race for it like anyone else.
  fs.rmSync(file, { force: true });
  return tryClaim(file);
}

/** A free second octet for a test world; call `release` when the world closes. */
export function claimOctet(pool: RangePool = HOST_POOL): { octet: number; release: () => void } {
  fs.mkdirSync(pool.dir, { recursive: true });
  // Start at a spot that differs per process, so parallel workers rarely contend for one file.
  const span = pool.last - pool.first + 1;
  const start = process.pid % span;
  for (let i = 0; i < span; i++) {
    const octet = pool.first + ((start + i) % span);
    const file = path.join(pool.dir, String(octet));
    if (tryClaim(file)) return { octet, release: () => fs.rmSync(file, { force: true }) };
  }
  throw new Error(`every test address range 127.${pool.first}-${pool.last}.0.0/16 is in use by live processes`);
}
