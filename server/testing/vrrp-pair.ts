import fs from "node:fs";
import path from "node:path";
import { ip } from "@/server/network/iproute";
import { namespaceName } from "@/server/network/names";
import type { NetWorld } from "@/server/testing/netns";
import { DEFAULT_VRRP_TIMING, type KeepalivedPaths, keepalivedPaths, renderKeepalived, VRRP_PRIORITY, type VrrpSettings } from "@/amphora/keepalived";
import { installKeepalivedConfig, stopKeepalived } from "@/amphora/keepalived-process";
import { signal } from "@/amphora/process-table";
import { execute } from "@/amphora/spawner";
import { id } from "@/amphora/testing/models";

// An ACTIVE_STANDBY pair as the keepalived tests and the VRRP benchmark build it: two amphora
// namespaces and a client namespace on one bridge of a test world, each amphora with a real
// HAProxy bound to the VIP (answering its own name) and keepalived's config installed. The
// addresses are the world's external range (a load balancer on the public network), and the
// bridge holds the host's one address there, so the host reaches the VIP as it reaches a
// floating IP. Every name carries the world's prefix, so the world's close() removes all of it.

export interface PairAmphora {
  name: "a" | "b";
  ns: string;
  /** Its port's end on the bridge, in the host's namespace: set down to cut the amphora off. */
  hostEnd: string;
  vrrpIp: string;
  dir: string;
  paths: KeepalivedPaths;
  settings: VrrpSettings;
}

export interface VrrpPair {
  vip: string;
  amphorae: [PairAmphora, PairAmphora];
  /** A namespace on the same network, where requests to the VIP come from. */
  client: string;
  startHaproxy(amphora: PairAmphora): Promise<void>;
  killHaproxy(amphora: PairAmphora): void;
  holdsVip(amphora: PairAmphora): Promise<boolean>;
  close(): Promise<void>;
}

async function run(file: string, args: string[]): Promise<string> {
  const result = await execute(file, args, { timeoutMs: 10_000 });
  if (result.code !== 0) throw new Error(`${file} ${args.join(" ")}: ${result.stderr || result.message}`);
  return result.stdout;
}

/** A namespace on the bridge with `address` on its eth1. */
async function plug(ns: string, hostEnd: string, bridge: string, address: string): Promise<void> {
  await ip(["netns", "add", ns]);
  await ip(["link", "add", hostEnd, "type", "veth", "peer", "name", "eth1", "netns", ns]);
  await ip(["link", "set", hostEnd, "master", bridge, "up"]);
  await ip(["link", "set", "lo", "up"], ns);
  await ip(["link", "set", "eth1", "up"], ns);
  await ip(["addr", "add", `${address}/24`, "dev", "eth1"], ns);
}

/** Builds the pair in `world`, its files under `baseDir` (which keepalived's script security wants root's and not writable by others). */
export async function buildVrrpPair(world: NetWorld, baseDir: string): Promise<VrrpPair> {
  const bridge = `${world.prefix}-kabr`;
  await ip(["link", "add", bridge, "type", "bridge"]);
  await ip(["addr", "add", `${world.external(1)}/24`, "dev", bridge]);
  await ip(["link", "set", bridge, "up"]);
  const vip = world.external(10);
  const base = fs.mkdtempSync(path.join(baseDir, "vrrp-"));
  fs.chmodSync(base, 0o755);
  const lbId = id();
  const amphorae = (["a", "b"] as const).map((name, i): PairAmphora => {
    const dir = path.join(base, name);
    fs.mkdirSync(dir, { mode: 0o755 });
    const vrrpIp = world.external(11 + i);
    return {
      name,
      ns: namespaceName(world.prefix, "amphora", id()),
      hostEnd: `${world.prefix}-ka${name}`,
      vrrpIp,
      dir,
      paths: keepalivedPaths(dir, path.join(dir, "haproxy.pid")),
      settings: {
        loadbalancerId: lbId,
        amphoraId: id(),
        interface: "eth1",
        vrrpId: 7,
        priority: name === "a" ? VRRP_PRIORITY.MASTER : VRRP_PRIORITY.BACKUP,
        vrrpIp,
        peers: [world.external(12 - i)],
        vip: { address: vip, prefixLength: 24 },
        ...DEFAULT_VRRP_TIMING,
      },
    };
  }) as [PairAmphora, PairAmphora];

  const haproxyPid = (amphora: PairAmphora) => Number(fs.readFileSync(amphora.paths.haproxyPidFile, "utf8").trim());
  const pair: VrrpPair = {
    vip,
    amphorae,
    client: namespaceName(world.prefix, "instance", id()),
    async startHaproxy(amphora) {
      const config = path.join(amphora.dir, "haproxy.cfg");
      fs.writeFileSync(
        config,
        `global\n    daemon\ndefaults\n    mode http\n    timeout client 5s\n    timeout server 5s\n    timeout connect 1s\nfrontend vip\n    bind ${vip}:80\n    http-request return status 200 content-type text/plain string "${amphora.name}"\n`,
      );
      await run("ip", ["netns", "exec", amphora.ns, "haproxy", "-D", "-f", config, "-p", amphora.paths.haproxyPidFile]);
    },
    killHaproxy: (amphora) => signal(haproxyPid(amphora), "SIGKILL"),
    holdsVip: async (amphora) => (await ip(["-o", "addr", "show", "dev", "eth1"], amphora.ns)).includes(` ${vip}/24 `),
    async close() {
      for (const amphora of amphorae) {
        await stopKeepalived(amphora.paths).catch(() => undefined);
        if (fs.existsSync(amphora.paths.haproxyPidFile)) pair.killHaproxy(amphora);
      }
    },
  };
  await plug(pair.client, `${world.prefix}-kac`, bridge, world.external(20));
  for (const amphora of amphorae) {
    await plug(amphora.ns, amphora.hostEnd, bridge, amphora.vrrpIp);
    // HAProxy binds the VIP on the backup too, where the address is not (Octavia's amphorae do the same).
    await run("ip", ["netns", "exec", amphora.ns, "sysctl", "-qw", "net.ipv4.ip_nonlocal_bind=1"]);
    await pair.startHaproxy(amphora);
    await installKeepalivedConfig(amphora.paths, renderKeepalived(amphora.settings, amphora.paths), amphora.ns);
  }
  return pair;
}
