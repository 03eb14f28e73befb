import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ip } from "@/server/network/iproute";
import { namespaceName } from "@/server/network/names";
import { type NetWorld, claimNetWorld } from "@/server/testing/netns";
import { curlFrom } from "@/server/testing/probe";
import { DEFAULT_VRRP_TIMING, keepalivedPaths, renderKeepalived, VRRP_PRIORITY, type VrrpSettings } from "./keepalived";
import { installKeepalivedConfig, KeepalivedConfigError, keepalivedPid, runKeepalived, stopKeepalived } from "./keepalived-process";
import { poll, signal } from "./process-table";
import { execute } from "./spawner";
import { id } from "./testing/models";

// Two amphorae of an ACTIVE_STANDBY pair, each a namespace on one bridge with a real HAProxy
// bound to the VIP and a real keepalived rendered by keepalived.ts, and a client namespace that
// asks the VIP who answers. The VIP moves when the master's HAProxy is killed and when its link
// goes down, and keepalived's own config check guards what is installed.

let world: NetWorld;
const LB = id();
const SUBNET = "10.61.0";
const VIP = `${SUBNET}.10`;

interface Amphora {
  name: "a" | "b";
  ns: string;
  hostEnd: string;
  vrrpIp: string;
  dir: string;
  paths: ReturnType<typeof keepalivedPaths>;
  settings: VrrpSettings;
}

let amphorae: Amphora[];
let client: string;

const run = async (file: string, args: string[]) => {
  const result = await execute(file, args, { timeoutMs: 10_000 });
  if (result.code !== 0) throw new Error(`${file} ${args.join(" ")}: ${result.stderr || result.message}`);
  return result.stdout;
};

/** A namespace on the test's bridge with `address` on its eth1. */
async function plug(ns: string, hostEnd: string, bridge: string, address: string) {
  await ip(["netns", "add", ns]);
  await ip(["link", "add", hostEnd, "type", "veth", "peer", "name", "eth1", "netns", ns]);
  await ip(["link", "set", hostEnd, "master", bridge, "up"]);
  await ip(["link", "set", "lo", "up"], ns);
  await ip(["link", "set", "eth1", "up"], ns);
  await ip(["addr", "add", `${address}/24`, "dev", "eth1"], ns);
}

/** A real HAProxy in the amphora's namespace answering its own name on the VIP, bound before the VIP is there (as an amphora's is). */
async function startHaproxy(amphora: Amphora) {
  const config = path.join(amphora.dir, "haproxy.cfg");
  fs.writeFileSync(
    config,
    `global\n    daemon\ndefaults\n    mode http\n    timeout client 5s\n    timeout server 5s\n    timeout connect 1s\nfrontend vip\n    bind ${VIP}:80\n    http-request return status 200 content-type text/plain string "${amphora.name}"\n`,
  );
  await run("ip", ["netns", "exec", amphora.ns, "haproxy", "-D", "-f", config, "-p", amphora.paths.haproxyPidFile]);
}

const haproxyPid = (amphora: Amphora) => Number(fs.readFileSync(amphora.paths.haproxyPidFile, "utf8").trim());

/** Who answers the VIP from the client's namespace ("" while nobody does). */
const answerer = async () => (await curlFrom(client, `http://${VIP}/`, [], 1)).body.trim();
const servedBy = (name: string) => poll(async () => ((await answerer()) === name ? true : undefined), 15_000);

async function holdsVip(amphora: Amphora): Promise<boolean> {
  return (await ip(["-o", "addr", "show", "dev", "eth1"], amphora.ns)).includes(` ${VIP}/24 `);
}

beforeAll(async () => {
  world = await claimNetWorld();
  const bridge = `${world.prefix}-kabr`;
  await ip(["link", "add", bridge, "type", "bridge"]);
  await ip(["link", "set", bridge, "up"]);
  const base = fs.mkdtempSync(path.join(inject("amphoraRoot"), "vrrp-"));
  fs.chmodSync(base, 0o755);
  amphorae = (["a", "b"] as const).map((name, i) => {
    const dir = path.join(base, name);
    fs.mkdirSync(dir, { mode: 0o755 });
    const paths = keepalivedPaths(dir, path.join(dir, "haproxy.pid"));
    const vrrpIp = `${SUBNET}.${11 + i}`;
    const settings: VrrpSettings = {
      loadbalancerId: LB,
      amphoraId: id(),
      interface: "eth1",
      vrrpId: 7,
      priority: name === "a" ? VRRP_PRIORITY.MASTER : VRRP_PRIORITY.BACKUP,
      vrrpIp,
      peers: [`${SUBNET}.${12 - i}`],
      vip: { address: VIP, prefixLength: 24 },
      ...DEFAULT_VRRP_TIMING,
    };
    return { name, ns: namespaceName(world.prefix, "amphora", id()), hostEnd: `${world.prefix}-ka${name}`, vrrpIp, dir, paths, settings };
  });
  client = namespaceName(world.prefix, "instance", id());
  await plug(client, `${world.prefix}-kac`, bridge, `${SUBNET}.20`);
  for (const amphora of amphorae) {
    await plug(amphora.ns, amphora.hostEnd, bridge, amphora.vrrpIp);
    // HAProxy binds the VIP on the backup too, where the address is not (Octavia's amphorae do the same).
    await run("ip", ["netns", "exec", amphora.ns, "sysctl", "-qw", "net.ipv4.ip_nonlocal_bind=1"]);
    await startHaproxy(amphora);
    await installKeepalivedConfig(amphora.paths, renderKeepalived(amphora.settings, amphora.paths), amphora.ns);
  }
}, 60_000);

afterAll(async () => {
  for (const amphora of amphorae ?? []) {
    await stopKeepalived(amphora.paths).catch(() => undefined);
    if (fs.existsSync(amphora.paths.haproxyPidFile)) signal(haproxyPid(amphora), "SIGKILL");
  }
  await world?.close();
}, 60_000);

describe("an ACTIVE_STANDBY pair's keepalived", { timeout: 60_000 }, () => {
  it("the first amphora up takes the VIP; the second stays backup", async () => {
    const [a, b] = amphorae as [Amphora, Amphora];
    await runKeepalived(a.paths, a.ns);
    expect(await servedBy("a")).toBe(true);
    await runKeepalived(b.paths, b.ns);
    expect(await holdsVip(a)).toBe(true);
    expect(await holdsVip(b)).toBe(false);
  });

  it("the master's HAProxy killed, the backup takes the VIP", async () => {
    const [a, b] = amphorae as [Amphora, Amphora];
    signal(haproxyPid(a), "SIGKILL");
    expect(await servedBy("b")).toBe(true);
    expect(await holdsVip(b)).toBe(true);
    expect(await holdsVip(a)).toBe(false);
  });

  it("the new master's link down, the VIP goes back to the first, whose HAProxy was restarted", async () => {
    const [a, b] = amphorae as [Amphora, Amphora];
    await startHaproxy(a);
    await ip(["link", "set", b.hostEnd, "down"]);
    expect(await servedBy("a")).toBe(true);
    await ip(["link", "set", b.hostEnd, "up"]);
  });

  it("a config keepalived refuses is not installed, and a reload keeps the VIP where it is", async () => {
    const [a] = amphorae as [Amphora, Amphora];
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
    const [a] = amphorae as [Amphora, Amphora];
    await stopKeepalived(a.paths);
    expect(await keepalivedPid(a.paths)).toBeNull();
    expect(await holdsVip(a)).toBe(false);
    expect(await servedBy("b")).toBe(true);
  });
});
