import { describe, expect, it } from "vitest";
import { amphoraPaths } from "./layout";

const ID = "6c1f0a8e-4a55-4f0e-9d7e-0d6f1b2c3a4b";

describe("amphoraPaths", () => {
  it("keeps every file of a load balancer in <baseDir>/<id>/, absolute", () => {
    const p = amphoraPaths("/var/lib/lbaas/amphorae", ID);
    expect(p.dir).toBe(`/var/lib/lbaas/amphorae/${ID}`);
    for (const file of [p.config, p.statsSocket, p.masterSocket, p.pidFile, p.serverStateFile, p.pingScript]) {
      expect(file.startsWith(`${p.dir}/`)).toBe(true);
    }
    expect(amphoraPaths("relative/dir", ID).dir).toMatch(/^\/.*\/relative\/dir\//);
  });

  it.each(["../../etc", `${ID}/..`, ID.toUpperCase(), ""])("refuses %j as a load balancer id", (id) => {
    expect(() => amphoraPaths("/var/lib/lbaas/amphorae", id)).toThrow(/not a load balancer id/);
  });

  it("refuses a base directory HAProxy could not bind sockets in, or could not parse", () => {
    expect(() => amphoraPaths(`/tmp/${"x".repeat(60)}`, ID)).toThrow(/too long/);
    expect(() => amphoraPaths("/tmp/with space", ID)).toThrow(/characters/);
    expect(() => amphoraPaths("/tmp/with,comma", ID)).toThrow(/characters/);
  });
});
