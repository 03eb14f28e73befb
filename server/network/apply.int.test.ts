import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimNetWorld, type NetWorld } from "@/server/testing/netns";
import { ApplyError, applyPlan, ensureBridge, ensureNamespace, removeNamespace } from "./apply";
import { CommandError, run } from "./command";
import { assertLocalPath, checkPrivileges, checkRanges } from "./host-guard";
import { hostLinks, ip, ipJson, ipv4Addresses, listNamespaces, type IpLink } from "./iproute";
import { bridgeName, hostVethName, namespaceName, routerGatewayIfname, routerInterfaceIfname } from "./names";
import type { BridgePlan, HostNetworkPlan, NamespacePlan } from "./plan";

// The engine on this host's real kernel: bridges, namespaces, veth pairs, routes and nftables.
// The world is an external bridge with the host's address, and two tenants that both use
// 10.0.0.0/24, each behind a router that SNATs the subnet and DNATs a floating IP to an
// instance running a small HTTP server. Everything the test makes carries the world's prefix
// and is removed in afterAll, whatever happened.

const EXTERNAL_NET = randomUUID();
const SERVER = `require("http").createServer((q, s) => s.end(process.argv[1])).listen(8080, "0.0.0.0", () => console.log("ready"))`;

let world: NetWorld;
const servers: ChildProcess[] = [];

interface Tenant {
  router: NamespacePlan;
  instance: NamespacePlan;
  bridge: BridgePlan;
  floating: string;
  gateway: string;
}

function mac(n: number) {
  return `fa:16:3e:00:00:${n.toString(16).padStart(2, "0")}`;
}

/** A tenant network with a router (gateway `gatewayHost`, floating IP `floatingHost` on the external /24) and one instance. */
function tenant(prefix: string, external: string, gatewayHost: number, floatingHost: number, n: number): Tenant {
  const ext = (host: number) => external.replace(/0\/24$/, String(host));
  const bridge = { name: bridgeName(prefix, randomUUID()) };
  const routerNs = namespaceName(prefix, "router", randomUUID());
  const instanceNs = namespaceName(prefix, "instance", randomUUID());
  const qg = routerGatewayIfname(randomUUID());
  const qr = routerInterfaceIfname(randomUUID());
  const gateway = ext(gatewayHost);
  const floating = ext(floatingHost);
  return {
    bridge,
    gateway,
    floating,
    router: {
      name: routerNs,
      kind: "router",
      ports: [
        { ifname: qg, hostIfname: hostVethName(prefix, routerNs, qg), bridge: bridgeName(prefix, EXTERNAL_NET), addresses: [`${gateway}/24`, `${floating}/32`], mac: mac(n) },
        { ifname: qr, hostIfname: hostVethName(prefix, routerNs, qr), bridge: bridge.name, addresses: ["10.0.0.1/24"], mac: mac(n + 1) },
      ],
      routes: [],
      forwarding: true,
      nftables: [
        "table ip nat {",
        "  chain prerouting {",
        "    type nat hook prerouting priority dstnat; policy accept;",
        `    ip daddr ${floating} dnat to 10.0.0.5`,
        "  }",
        "  chain postrouting {",
        "    type nat hook postrouting priority srcnat; policy accept;",
        `    oifname "${qg}" ip saddr 10.0.0.0/24 snat to ${gateway}`,
        "  }",
        "}",
        "",
      ].join("\n"),
    },
    instance: {
      name: instanceNs,
      kind: "instance",
      ports: [{ ifname: "eth0", hostIfname: hostVethName(prefix, instanceNs, "eth0"), bridge: bridge.name, addresses: ["10.0.0.5/24"], mac: mac(n + 2) }],
      routes: [{ destination: "default", via: "10.0.0.1" }],
      forwarding: false,
      nftables: null,
    },
  };
}

let a: Tenant;
let b: Tenant;
let plan: HostNetworkPlan;

/**
 * GET over a fresh connection (no pooled socket survives a repair), the body or the error. Only
 * through the world's external bridge: with the bridge's address gone, the host's route to the
 * floating IPs would be the default route out of eth0.
 */
async function get(url: string): Promise<string> {
  await assertLocalPath(new URL(url).hostname, world.prefix);
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 5000 }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c)).on("end", () => resolve(body));
    });
    req.on("timeout", () => req.destroy(new Error(`${url}: no answer in 5 s`))).on("error", reject);
  });
}

/** Starts the HTTP server inside an instance namespace; resolves once it listens. */
function serveIn(ns: string, label: string): Promise<void> {
  // `ip netns exec` execs node in place: the child's pid is the server's.
  const child = spawn("ip", ["netns", "exec", ns, process.execPath, "-e", SERVER, label], { stdio: ["ignore", "pipe", "pipe"] });
  servers.push(child);
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c));
    child.stdout!.on("data", (c: Buffer) => c.toString().includes("ready") && resolve());
    child.on("exit", (code) => reject(new Error(`server in ${ns} exited (${code}): ${stderr}`)));
  });
}

const namespaceExists = async (name: string) => (await listNamespaces()).some((n) => n.name === name);
const linkExists = async (name: string) => (await hostLinks()).some((l) => l.ifname === name);

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error("the network engine's tests need root (CI runs as root): run them with sudo");
  world = await claimNetWorld();
  a = tenant(world.prefix, world.externalCidr, 2, 10, 0x10);
  b = tenant(world.prefix, world.externalCidr, 3, 11, 0x20);
  plan = {
    prefix: world.prefix,
    bridges: [{ name: bridgeName(world.prefix, EXTERNAL_NET), hostAddress: `${world.external(1)}/24` }, a.bridge, b.bridge],
    namespaces: [a.router, a.instance, b.router, b.instance],
  };
});

afterAll(async () => {
  for (const s of servers) if (s.exitCode === null && s.pid) process.kill(s.pid, "SIGKILL");
  await world?.close();
});

describe("the network engine on real namespaces", () => {
  it("makes the plan real: the host reaches each tenant's instance through its floating IP, though both tenants use 10.0.0.0/24", async () => {
    expect(await checkPrivileges(world.prefix)).toEqual({ ok: true });
    await checkRanges({ EXTERNAL_CIDR: world.externalCidr }, world.prefix);

    const hostForwarding = fs.readFileSync("/proc/sys/net/ipv4/ip_forward", "utf8");
    const report = await applyPlan(plan);
    expect(report).toMatchObject({ created: 7, changed: 0, removed: 0, unchanged: 0 });
    expect(fs.readFileSync("/proc/sys/net/ipv4/ip_forward", "utf8")).toBe(hostForwarding);
    // The host's side of the cloud: the bridges and veth ends, up, with no IPv6 link-local
    // address (the host is on no tenant segment) and an IPv4 address on the external bridge only.
    const mine = (await hostLinks()).filter((l) => l.ifname.startsWith(`${world.prefix}-`));
    expect(mine).toHaveLength(3 + 6);
    for (const link of mine) {
      expect(link.flags, link.ifname).toContain("UP");
      const addresses = (link.addr_info ?? []).map((x) => `${x.local}/${x.prefixlen}`);
      expect(addresses, link.ifname).toEqual(link.ifname === plan.bridges[0]!.name ? [plan.bridges[0]!.hostAddress] : []);
    }

    await Promise.all([serveIn(a.instance.name, "instance-a"), serveIn(b.instance.name, "instance-b")]);
    await assertLocalPath(a.floating, world.prefix);
    expect(await get(`http://${a.floating}:8080/`)).toBe("instance-a");
    expect(await get(`http://${b.floating}:8080/`)).toBe("instance-b");
    // Forwarding is the router namespace's own: the host's stays as it was.
    expect((await run("ip", ["netns", "exec", a.router.name, "sysctl", "-n", "net.ipv4.ip_forward"])).trim()).toBe("1");
    expect((await run("ip", ["netns", "exec", a.instance.name, "sysctl", "-n", "net.ipv4.ip_forward"])).trim()).toBe("0");
  });

  it("SNATs what an instance opens towards the external network to its router's gateway address", async () => {
    const seen = http.createServer((req, res) => res.end(req.socket.remoteAddress));
    await new Promise<void>((resolve) => seen.listen(0, world.external(1), resolve));
    try {
      const { port } = seen.address() as AddressInfo;
      const from = await run("ip", ["netns", "exec", b.instance.name, "curl", "-s", "--max-time", "5", `http://${world.external(1)}:${port}/`]);
      expect(from).toBe(b.gateway);
    } finally {
      seen.close();
    }
  });

  it("changes nothing on a second pass", async () => {
    expect(await applyPlan(plan)).toMatchObject({ created: 0, changed: 0, removed: 0, unchanged: 7 });
  });

  it("repairs drift: a deleted veth, a deleted floating IP address, flushed rules, forwarding off, the host's address on the external bridge, routes nobody planned", async () => {
    await ip(["link", "del", a.instance.ports[0]!.hostIfname]);
    await ip(["addr", "del", `${b.floating}/32`, "dev", b.router.ports[0]!.ifname], b.router.name);
    await run("ip", ["netns", "exec", a.router.name, "nft", "flush", "ruleset"]);
    await run("ip", ["netns", "exec", b.router.name, "sysctl", "-qw", "net.ipv4.ip_forward=0"]);
    await ip(["addr", "del", plan.bridges[0]!.hostAddress!, "dev", plan.bridges[0]!.name]);
    // Routes nobody planned, in an instance that was otherwise right.
    await ip(["route", "add", "blackhole", "10.66.0.0/16"], b.instance.name);
    await ip(["route", "add", "10.67.0.0/16", "via", "10.0.0.1"], b.instance.name);
    // A link and an address nobody planned.
    await ip(["link", "add", "stray0", "type", "veth", "peer", "name", "stray1"], b.instance.name);
    await ip(["addr", "add", "10.0.0.99/24", "dev", "eth0"], b.instance.name);
    // Without its veth, instance A is cut off; without its rules, router A forwards nothing.
    await expect(get(`http://${a.floating}:8080/`)).rejects.toThrow();

    expect(await applyPlan(plan)).toMatchObject({ created: 0, changed: 5, removed: 0, unchanged: 2 });
    const inside = await ipJson<IpLink>(["addr", "show"], b.instance.name);
    expect(inside.map((l) => [l.ifname, ipv4Addresses(l)])).toEqual([["lo", ["127.0.0.1/8"]], ["eth0", ["10.0.0.5/24"]]]);
    expect(await ip(["route", "show"], b.instance.name)).toBe(`default via 10.0.0.1 dev eth0 \n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5 \n`);
    expect(await linkExists(a.instance.ports[0]!.hostIfname)).toBe(true);
    expect(await ip(["-br", "addr", "show", "dev", b.router.ports[0]!.ifname], b.router.name)).toContain(`${b.floating}/32`);
    expect((await run("ip", ["netns", "exec", b.router.name, "sysctl", "-n", "net.ipv4.ip_forward"])).trim()).toBe("1");
    expect(await get(`http://${a.floating}:8080/`)).toBe("instance-a");
    expect(await get(`http://${b.floating}:8080/`)).toBe("instance-b");
    expect(await applyPlan(plan)).toMatchObject({ changed: 0 });
  });

  it("replaces a ruleset a rule was added to by hand", async () => {
    await run("ip", ["netns", "exec", b.router.name, "nft", "insert", "rule", "ip", "nat", "prerouting", "tcp", "dport", "8080", "drop"]);
    const rules = () => run("ip", ["netns", "exec", b.router.name, "nft", "list", "ruleset"]);
    expect(await rules()).toContain("tcp dport 8080 drop");
    expect(await applyPlan(plan)).toMatchObject({ created: 0, changed: 1, removed: 0, unchanged: 6 });
    expect(await rules()).not.toContain("tcp dport 8080 drop");
    expect(await get(`http://${b.floating}:8080/`)).toBe("instance-b");
  });

  it("removes a namespace and a link of its prefix that the plan does not hold, and nothing of another prefix nor an amphora host's", async () => {
    const other = await claimNetWorld();
    try {
      const strayNs = namespaceName(world.prefix, "instance", randomUUID());
      // An amphora's namespace is its host agent's, made and removed there; a host's is its runner's.
      const agentsNs = namespaceName(world.prefix, "amphora", randomUUID());
      const hostsNs = namespaceName(world.prefix, "host", randomUUID());
      const strayBridge = bridgeName(world.prefix, randomUUID());
      const theirNs = namespaceName(other.prefix, "amphora", randomUUID());
      const theirBridge = bridgeName(other.prefix, randomUUID());
      const strayVeth = hostVethName(world.prefix, strayNs, "eth1");
      await ip(["netns", "add", strayNs]);
      await ip(["link", "add", strayBridge, "type", "bridge"]);
      await ip(["link", "add", strayVeth, "master", strayBridge, "type", "veth", "peer", "name", "eth1", "netns", strayNs]);
      await ip(["netns", "add", theirNs]);
      await ip(["link", "add", theirBridge, "type", "bridge"]);
      await ip(["netns", "add", agentsNs]);
      await ip(["netns", "add", hostsNs]);

      expect(await applyPlan(plan)).toMatchObject({ created: 0, changed: 0, removed: 2 });
      expect(await namespaceExists(agentsNs)).toBe(true);
      expect(await namespaceExists(hostsNs)).toBe(true);
      expect(await namespaceExists(strayNs)).toBe(false);
      expect(await linkExists(strayBridge)).toBe(false);
      expect(await linkExists(strayVeth)).toBe(false);
      expect(await namespaceExists(theirNs)).toBe(true);
      expect(await linkExists(theirBridge)).toBe(true);
      await expect(removeNamespace(world.prefix, theirNs)).rejects.toThrow(/does not carry the prefix/);
      expect(await namespaceExists(theirNs)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("adds and removes one namespace without a full pass, veth ends included", async () => {
    const ns = namespaceName(world.prefix, "instance", randomUUID());
    const extra: NamespacePlan = {
      ...a.instance,
      name: ns,
      ports: [{ ...a.instance.ports[0]!, hostIfname: hostVethName(world.prefix, ns, "eth0"), addresses: ["10.0.0.6/24"], mac: mac(0x40) }],
    };
    expect(await ensureNamespace(world.prefix, extra, plan.bridges)).toMatchObject({ created: 1, changed: 0, unchanged: 1 });
    expect(await ensureNamespace(world.prefix, extra, plan.bridges)).toMatchObject({ created: 0, changed: 0, unchanged: 2 });
    // The new instance is on tenant A's segment: it reaches A's instance directly.
    expect(await run("ip", ["netns", "exec", ns, "curl", "-s", "--max-time", "5", "http://10.0.0.5:8080/"])).toBe("instance-a");

    expect(await removeNamespace(world.prefix, ns)).toBe(true);
    expect(await namespaceExists(ns)).toBe(false);
    expect(await linkExists(extra.ports[0]!.hostIfname)).toBe(false);
    expect(await removeNamespace(world.prefix, ns)).toBe(false);
  });

  it("makes namespaces side by side, on a bridge that none of them found, and a full pass waits for them", async () => {
    const bridge = { name: bridgeName(world.prefix, randomUUID()) };
    const plans: NamespacePlan[] = [0, 1, 2, 3].map((i) => {
      const name = namespaceName(world.prefix, "instance", randomUUID());
      return { ...a.instance, name, routes: [], ports: [{ ifname: "eth0", hostIfname: hostVethName(world.prefix, name, "eth0"), bridge: bridge.name, addresses: [`10.9.0.${10 + i}/24`], mac: mac(0x50 + i) }] };
    });
    const made = await Promise.all(plans.map((p) => ensureNamespace(world.prefix, p, [bridge])));
    // The bridge was made once, by whichever change came first; the others found it made.
    expect(made.reduce((n, r) => n + r.created, 0)).toBe(5);
    expect(await run("ip", ["netns", "exec", plans[0]!.name, "ping", "-c", "1", "-W", "2", "10.9.0.13"])).toContain("1 received");
    // A full pass queued among removals runs alone: it finds them gone or not yet begun, never half-removed.
    const removed = plans.map((p) => removeNamespace(world.prefix, p.name));
    expect(await applyPlan(plan)).toMatchObject({ changed: 0 });
    expect(await Promise.all(removed)).toEqual([true, true, true, true]);
    for (const p of plans) expect(await namespaceExists(p.name)).toBe(false);
    expect(await linkExists(bridge.name)).toBe(false);
  });

  it("makes one bridge without a full pass, and leaves it alone once it is right", async () => {
    const bridge = { name: bridgeName(world.prefix, randomUUID()) };
    expect(await ensureBridge(world.prefix, bridge)).toMatchObject({ created: 1, changed: 0, unchanged: 0 });
    expect(await ensureBridge(world.prefix, bridge)).toMatchObject({ created: 0, changed: 0, unchanged: 1 });
    await ip(["link", "set", bridge.name, "down"]);
    expect(await ensureBridge(world.prefix, bridge)).toMatchObject({ created: 0, changed: 1, unchanged: 0 });
    await expect(ensureBridge(world.prefix, { name: "eth0" })).rejects.toThrow(/does not carry the prefix/);
    // Not in the plan: the next full pass removes it.
    expect(await applyPlan(plan)).toMatchObject({ changed: 0, removed: 1 });
    expect(await linkExists(bridge.name)).toBe(false);
  });

  it("rolls back a namespace it could not finish making: no namespace, no veth end left", async () => {
    const ns = namespaceName(world.prefix, "amphora", randomUUID());
    const broken: NamespacePlan = {
      name: ns,
      kind: "amphora",
      ports: [{ ifname: "eth1", hostIfname: hostVethName(world.prefix, ns, "eth1"), bridge: a.bridge.name, addresses: ["10.0.0.7/24"] }],
      // A gateway on no connected subnet: the kernel refuses the route after the port is made.
      routes: [{ destination: "default", via: "10.77.0.1" }],
      forwarding: false,
      nftables: null,
    };
    const failure = await ensureNamespace(world.prefix, broken, plan.bridges).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(CommandError);
    expect((failure as CommandError).message).toMatch(/route replace default via 10\.77\.0\.1[\s\S]*invalid gateway/i);
    expect(await namespaceExists(ns)).toBe(false);
    expect(await linkExists(broken.ports[0]!.hostIfname)).toBe(false);
  });

  it("goes on past a namespace a full pass cannot make, rolls that one back and names it", async () => {
    const brokenNs = namespaceName(world.prefix, "amphora", randomUUID());
    const goodNs = namespaceName(world.prefix, "instance", randomUUID());
    const broken: NamespacePlan = {
      name: brokenNs,
      kind: "amphora",
      ports: [{ ifname: "eth1", hostIfname: hostVethName(world.prefix, brokenNs, "eth1"), bridge: a.bridge.name, addresses: ["10.0.0.8/24"] }],
      routes: [{ destination: "default", via: "10.77.0.1" }],
      forwarding: false,
      nftables: null,
    };
    const good: NamespacePlan = { ...broken, name: goodNs, kind: "instance", ports: [{ ...broken.ports[0]!, hostIfname: hostVethName(world.prefix, goodNs, "eth1"), addresses: ["10.0.0.9/24"] }], routes: [] };
    const failure = await applyPlan({ ...plan, namespaces: [broken, ...plan.namespaces, good] }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplyError);
    const { report, failures } = failure as ApplyError;
    expect(report).toMatchObject({ created: 1, changed: 0, removed: 0, unchanged: 7 });
    expect(failures.map((f) => f.namespace)).toEqual([brokenNs]);
    expect(failures[0]!.error.message).toMatch(/invalid gateway/i);
    expect(await namespaceExists(brokenNs)).toBe(false);
    expect(await linkExists(broken.ports[0]!.hostIfname)).toBe(false);
    expect(await namespaceExists(goodNs)).toBe(true);
    // The next pass without them removes the one that was made.
    expect(await applyPlan(plan)).toMatchObject({ created: 0, changed: 0, removed: 1 });
  });

  it("refuses ranges the host already routes elsewhere and paths that leave by eth0", async () => {
    const [onEth0] = (await hostLinks()).filter((l) => l.ifname === "eth0").flatMap((l) => l.addr_info ?? []).filter((i) => i.family === "inet");
    if (onEth0) {
      const cidr = `${onEth0.local}/${onEth0.prefixlen}`;
      await expect(checkRanges({ UNDERLAY_CIDR: cidr }, world.prefix)).rejects.toThrow(/UNDERLAY_CIDR .* overlaps the host's route ".*dev eth0/);
    }
    await expect(assertLocalPath("192.0.2.77", world.prefix)).rejects.toThrow(/not through loopback or a t\d+- bridge/);
    await assertLocalPath("127.0.0.1", world.prefix);
  });
});
