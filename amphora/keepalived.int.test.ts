import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ip } from "@/server/network/iproute";
import { claimNetWorld, type NetWorld } from "@/server/testing/netns";
import { curlFrom } from "@/server/testing/probe";
import { renderKeepalived } from "./keepalived";
import { installKeepalivedConfig, KeepalivedConfigError, keepalivedPid, runKeepalived, stopKeepalived } from "./keepalived-process";
import { poll } from "./process-table";
import { buildVrrpPair, type VrrpPair } from "@/server/testing/vrrp-pair";

// Two amphorae of an ACTIVE_STANDBY pair, each a namespace on one bridge with a real HAProxy
// bound to the VIP and a real keepalived rendered by keepalived.ts, and a client namespace that
// asks the VIP who answers. The VIP moves when the master's HAProxy is killed and when its link
// goes down, and keepalived's own config check guards what is installed.

let world: NetWorld;
let pair: VrrpPair;

/** Who answers the VIP from the client's namespace ("" while nobody does). */
const answerer = async () => (await curlFrom(pair.client, `http://${pair.vip}/`, [], 1)).body.trim();
const servedBy = (name: string) => poll(async () => ((await answerer()) === name ? true : undefined), 15_000);

beforeAll(async () => {
  world = await claimNetWorld();
  pair = await buildVrrpPair(world, inject("amphoraRoot"));
}, 60_000);

afterAll(async () => {
  await pair?.close();
  await world?.close();
}, 60_000);

describe("an ACTIVE_STANDBY pair's keepalived", { timeout: 60_000 }, () => {
  it("the first amphora up takes the VIP; the second stays backup", async () => {
    const [a, b] = pair.amphorae;
    await runKeepalived(a.paths, a.ns);
    expect(await servedBy("a")).toBe(true);
    await runKeepalived(b.paths, b.ns);
    expect(await pair.holdsVip(a)).toBe(true);
    expect(await pair.holdsVip(b)).toBe(false);
  });

  it("the master's HAProxy killed, the backup takes the VIP", async () => {
    const [a, b] = pair.amphorae;
    pair.killHaproxy(a);
    expect(await servedBy("b")).toBe(true);
    expect(await pair.holdsVip(b)).toBe(true);
    expect(await pair.holdsVip(a)).toBe(false);
  });

  it("the new master's link down, the VIP goes back to the first, whose HAProxy was restarted", async () => {
    const [a, b] = pair.amphorae;
    await pair.startHaproxy(a);
    await ip(["link", "set", b.hostEnd, "down"]);
    expect(await servedBy("a")).toBe(true);
    await ip(["link", "set", b.hostEnd, "up"]);
  });

  it("a config keepalived refuses is not installed, and a reload keeps the VIP where it is", async () => {
    const [a] = pair.amphorae;
    const before = fs.readFileSync(a.paths.config, "utf8");
    const broken = before.replace("virtual_router_id 7", "virtual_router_id 0");
    await expect(installKeepalivedConfig(a.paths, broken, a.ns)).rejects.toThrow(KeepalivedConfigError);
    expect(fs.readFileSync(a.paths.config, "utf8")).toBe(before);
    const pid = await keepalivedPid(a.paths);
    await installKeepalivedConfig(a.paths, renderKeepalived({ ...a.settings, checkFall: 3 }, a.paths), a.ns);
    expect(await runKeepalived(a.paths, a.ns)).toBe(pid);
    expect(fs.readFileSync(a.paths.config, "utf8")).toContain("fall 3");
    expect(await answerer()).toBe("a");
  });

  it("stopped, keepalived takes the VIP with it and the peer takes over", async () => {
    const [a] = pair.amphorae;
    await stopKeepalived(a.paths);
    expect(await keepalivedPid(a.paths)).toBeNull();
    expect(await pair.holdsVip(a)).toBe(false);
    expect(await servedBy("b")).toBe(true);
  });
});
