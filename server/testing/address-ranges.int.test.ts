import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { claimOctet } from "./address-ranges";

// Test worlds take their 127.<octet>.0.0/16 from a host-wide pool. It once was 100 + worker * 16,
// which ran past 255 with more vitest workers than cores; now any number of workers and runs
// share 155 ranges, each held only while its world is open.

describe("test address ranges", () => {
  // A private pool, so these tests never take ranges other test files are about to need.
  const pool = () => ({ dir: fs.mkdtempSync(path.join(os.tmpdir(), "octets-")), first: 100, last: 254 });

  it("hands out distinct valid octets far beyond sixteen per worker, and takes released ones back", () => {
    const p = pool();
    const claims = Array.from({ length: 60 }, () => claimOctet(p));
    const octets = claims.map((c) => c.octet);
    expect(new Set(octets).size).toBe(60);
    expect(octets.every((o) => Number.isInteger(o) && o >= 100 && o <= 254)).toBe(true);
    for (const c of claims) c.release();
    expect(fs.readdirSync(p.dir)).toEqual([]);
    fs.rmSync(p.dir, { recursive: true });
  });

  it("takes back a range whose claimer is gone", () => {
    const p = { ...pool(), last: 104 };
    const held = Array.from({ length: 5 }, () => claimOctet(p));
    expect(() => claimOctet(p)).toThrow(/in use by live processes/);
    // One claimer dies (a pid that cannot exist): its range is free again.
    const victim = held[2]!;
    fs.writeFileSync(path.join(p.dir, String(victim.octet)), "999999999");
    expect(claimOctet(p).octet).toBe(victim.octet);
    fs.rmSync(p.dir, { recursive: true });
  });
});
