import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ip } from "@/server/network/iproute";
import { claimNetWorld, type NetWorld } from "@/server/testing/netns";
import { curlFrom } from "@/server/testing/probe";
import { buildVrrpPair, type PairAmphora, type VrrpPair } from "@/server/testing/vrrp-pair";
import { renderKeepalived } from "./keepalived";
import { installKeepalivedConfig, KeepalivedConfigError, keepalivedPid, runKeepalived, stopKeepalived, type VrrpState, vrrpState } from "./keepalived-process";
import { poll, sleep } from "./process-table";

// Two amphorae of an ACTIVE_STANDBY pair, each a namespace on one bridge with a real HAProxy
// bound to the VIP and a real keepalived rendered by keepalived.ts, and a client namespace that
// asks the VIP who answers. The VIP moves when the master's HAProxy is killed, when its link
// goes down and when its keepalived stops; a reload takes effect without a restart; keepalived's
// own config check guards what is installed. Each step waits for the state keepalived reports
// through its notify script.

let world: NetWorld;
let pair: VrrpPair;

/** Who answers the VIP from the client's namespace ("" while nobody does). */
const answerer = async () => (await curlFrom(pair.client, `http://${pair.vip}/`, [], 1)).body.trim();
const servedBy = (name: string) => poll(async () => ((await answerer()) === name ? true : undefined), 15_000);
const reaches = (amphora: PairAmphora, state: VrrpState) => poll(async () => ((await vrrpState(amphora.paths)) === state ? true : undefined), 15_000);

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
    expect(await reaches(a, "MASTER")).toBe(true);
    expect(await servedBy("a")).toBe(true);
    await runKeepalived(b.paths, b.ns);
    expect(await reaches(b, "BACKUP")).toBe(true);
    // A backup that heard no advert would be MASTER after 3 adverts and the skew (0.4 s): it
    // is still BACKUP well after, and the VIP is where it was.
    await sleep(1_000);
    expect(await vrrpState(b.paths)).toBe("BACKUP");
    expect(await pair.holdsVip(a)).toBe(true);
    expect(await pair.holdsVip(b)).toBe(false);
  });

  it("the master's HAProxy killed, it gives the VIP up and the backup takes it", async () => {
    const [a, b] = pair.amphorae;
    pair.killHaproxy(a);
    expect(await reaches(a, "FAULT")).toBe(true);
    expect(await reaches(b, "MASTER")).toBe(true);
    expect(await servedBy("b")).toBe(true);
    expect(await pair.holdsVip(a)).toBe(false);
  });

  it("the new master's link down, the VIP goes back to the first, whose HAProxy was restarted", async () => {
    const [a, b] = pair.amphorae;
    await pair.startHaproxy(a);
    // Its check passes again: back as backup, without taking the VIP (nopreempt).
    expect(await reaches(a, "BACKUP")).toBe(true);
    expect(await pair.holdsVip(b)).toBe(true);
    await ip(["link", "set", b.hostEnd, "down"]);
    expect(await reaches(a, "MASTER")).toBe(true);
    expect(await servedBy("a")).toBe(true);
    // Back on the link, the two masters hear each other: the lower priority yields.
    await ip(["link", "set", b.hostEnd, "up"]);
    expect(await reaches(b, "BACKUP")).toBe(true);
    expect(await pair.holdsVip(b)).toBe(false);
  });

  it("a config keepalived refuses is not installed, and a reload takes effect without a restart", async () => {
    const [a, b] = pair.amphorae;
    const before = fs.readFileSync(a.paths.config, "utf8");
    await expect(installKeepalivedConfig(a.paths, before.replace("virtual_router_id 7", "virtual_router_id 0"), a.ns)).rejects.toThrow(KeepalivedConfigError);
    expect(fs.readFileSync(a.paths.config, "utf8")).toBe(before);
    const pid = await keepalivedPid(a.paths);
    // Reloaded with its adverts sent to an address nobody has, the backup hears none and takes over.
    await installKeepalivedConfig(a.paths, renderKeepalived({ ...a.settings, peers: [world.external(13)] }, a.paths), a.ns);
    expect(await runKeepalived(a.paths, a.ns)).toBe(pid);
    expect(await reaches(b, "MASTER")).toBe(true);
    // Reloaded with it again, the two masters hear each other, and the lower priority yields.
    await installKeepalivedConfig(a.paths, before, a.ns);
    expect(await runKeepalived(a.paths, a.ns)).toBe(pid);
    expect(await reaches(b, "BACKUP")).toBe(true);
    expect(await servedBy("a")).toBe(true);
    expect(await keepalivedPid(a.paths)).toBe(pid);
  });

  it("stopped, keepalived takes the VIP with it and the peer takes over", async () => {
    const [a, b] = pair.amphorae;
    await stopKeepalived(a.paths);
    expect(await keepalivedPid(a.paths)).toBeNull();
    expect(await pair.holdsVip(a)).toBe(false);
    expect(await reaches(b, "MASTER")).toBe(true);
    expect(await servedBy("b")).toBe(true);
  });
});
