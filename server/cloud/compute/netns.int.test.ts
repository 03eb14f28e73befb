import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ip } from "@/server/network/iproute";
import { claimNetWorld, type NetWorld } from "@/server/testing/netns";
import { type ComputeAgent, startComputeAgent } from "./agent";
import { demoCa, INSTANCE_HTTPS_PORT, instanceCertificate } from "./demo-ca";
import type { InstanceServer } from "./protocol";

// Instance servers inside their own network namespaces, with real namespaces (root): each
// instance namespace is paired by a veth with a "client" namespace (10.0.0.1/24 there, the
// instance's 10.0.0.5/24 inside), and every request is made from the client with curl. Two
// instances share the address 10.0.0.5, each in its own namespace, as two tenant networks may.

if (process.getuid?.() !== 0) throw new Error("these tests make network namespaces: run them as root");

let net: NetWorld;
const ADDRESS = "10.0.0.5";
let compute: ComputeAgent;
let caFile: string;

/**
 * An instance namespace (a new name unless given) and its client, joined by a veth made inside
 * them, so no link ever appears on the host.
 */
async function instanceNamespace(netns = `${net.prefix}-instance-${randomUUID()}`): Promise<{ netns: string; client: string }> {
  const client = `${net.prefix}-client-${randomUUID().slice(0, 8)}`;
  await ip(["netns", "add", netns]);
  await ip(["netns", "add", client]);
  await ip(["link", "add", "eth0", "netns", netns, "type", "veth", "peer", "name", "eth0", "netns", client]);
  for (const [ns, cidr] of [[netns, `${ADDRESS}/24`], [client, "10.0.0.1/24"]] as const) {
    await ip(["addr", "add", cidr, "dev", "eth0"], ns);
    await ip(["link", "set", "eth0", "up"], ns);
    await ip(["link", "set", "lo", "up"], ns);
  }
  return { netns, client };
}

/** What the instance answers a request made from `client`, or curl's exit code when nothing does (7: refused). */
async function curl(client: string, url: string): Promise<string | number> {
  const r = await execa("ip", ["netns", "exec", client, "curl", "-sS", "--max-time", "5", "--cacert", caFile, url], { reject: false });
  return r.exitCode === 0 ? r.stdout.trim() : (r.exitCode ?? -1);
}

function server(name: string, netns: string): InstanceServer {
  return { name, address: ADDRESS, port: 80, netns, tls: { port: INSTANCE_HTTPS_PORT, ...instanceCertificate(name, ADDRESS) } };
}

beforeAll(async () => {
  net = await claimNetWorld();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netns-ca-"));
  caFile = path.join(dir, "ca.pem");
  fs.writeFileSync(caFile, demoCa().cert);
  compute = await startComputeAgent();
});

afterAll(async () => {
  try {
    await compute?.stop(); // first: its sockets keep deleted namespaces alive
  } finally {
    if (caFile) fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
    await net?.close();
  }
});

describe("instance servers in network namespaces", () => {
  it("serve HTTP and HTTPS (demo CA) on the fixed IP inside the namespace, and nothing on the host", async () => {
    const a = await instanceNamespace();
    expect(await compute.sync([server("web-a", a.netns)])).toEqual([]);
    expect(await curl(a.client, `http://${ADDRESS}/`)).toBe("web-a");
    expect(await curl(a.client, `https://${ADDRESS}/`)).toBe("web-a");
    // The sockets are the namespace's: the agent's own (the host's) namespace has no such listener.
    const { stdout } = await execa("ss", ["-Hltn", `src ${ADDRESS}`]);
    expect(stdout.trim()).toBe("");
    const inside = await ip(["netns", "exec", a.netns, "ss", "-Hltnp", `src ${ADDRESS}`]);
    expect(inside).toContain(`pid=${compute.pid},`);
  });

  it("serves two instances with the same address in two namespaces, each its own name", async () => {
    const a = await instanceNamespace();
    const b = await instanceNamespace();
    expect(await compute.sync([server("web-a", a.netns), server("web-b", b.netns)])).toEqual([]);
    expect(await curl(a.client, `http://${ADDRESS}/`)).toBe("web-a");
    expect(await curl(b.client, `http://${ADDRESS}/`)).toBe("web-b");
    expect(await curl(a.client, `https://${ADDRESS}/`)).toBe("web-a");
    expect(await curl(b.client, `https://${ADDRESS}/`)).toBe("web-b");
  });

  it("closes a stopped instance's servers (connection refused) and leaves the other serving", async () => {
    const a = await instanceNamespace();
    const b = await instanceNamespace();
    expect(await compute.sync([server("web-a", a.netns), server("web-b", b.netns)])).toEqual([]);
    expect(await compute.sync([server("web-b", b.netns)])).toEqual([]);
    expect(await curl(a.client, `http://${ADDRESS}/`)).toBe(7);
    expect(await curl(a.client, `https://${ADDRESS}/`)).toBe(7);
    expect(await curl(b.client, `http://${ADDRESS}/`)).toBe("web-b");
  });

  it("fails an instance whose namespace was deleted at the next sync, lets the namespace go, and serves in a new one", async () => {
    const a = await instanceNamespace();
    expect(await compute.sync([server("web-a", a.netns)])).toEqual([]);
    await ip(["netns", "del", a.netns]);

    expect(await compute.sync([server("web-a", a.netns)])).toEqual([{ name: "web-a", error: `network namespace ${a.netns} does not exist` }]);
    // Its sockets closed, the kernel frees the namespace, and its veth end goes with it: the
    // client's end of the pair disappears too.
    const clientLinks = async () => (await ip(["-o", "link", "show", "type", "veth"], a.client)).trim();
    await expect.poll(clientLinks, { timeout: 20_000 }).toBe(""); // the kernel frees namespaces from a work queue

    // Made again under the same name, the namespace is a new one: the next sync listens there.
    await ip(["netns", "del", a.client]);
    const again = await instanceNamespace(a.netns);
    expect(await compute.sync([server("web-a", a.netns)])).toEqual([]);
    expect(await curl(again.client, `http://${ADDRESS}/`)).toBe("web-a");
  });

  it("moves an instance into a namespace deleted and made again under the same name between two syncs", async () => {
    const a = await instanceNamespace();
    expect(await compute.sync([server("web-a", a.netns)])).toEqual([]);
    await ip(["netns", "del", a.netns]);
    await ip(["netns", "del", a.client]);
    const again = await instanceNamespace(a.netns);
    expect(await curl(again.client, `http://${ADDRESS}/`)).toBe(7); // the old sockets are not in the new namespace
    expect(await compute.sync([server("web-a", a.netns)])).toEqual([]);
    expect(await curl(again.client, `http://${ADDRESS}/`)).toBe("web-a");
  });

  it("gives a sync more time for each instance it must start in a namespace", async () => {
    // A timeout no child process can start within: the sync still succeeds on its allowance.
    const a = await instanceNamespace();
    const quick = await startComputeAgent({ requestTimeoutMs: 10, namespaceStartMs: 10_000 });
    try {
      expect(await quick.sync([server("web-a", a.netns)])).toEqual([]);
      expect(await curl(a.client, `http://${ADDRESS}/`)).toBe("web-a");
    } finally {
      await quick.stop();
    }
  });

  it("refuses a namespace name that is not an instance's before it reaches a command", async () => {
    const id = randomUUID();
    const names = ["lbq-instance-x; touch /tmp/pwned", "eth0", "-n lbq", `lbq-qrouter-${id}`, `lbq-instance-${id.toUpperCase()}`, `lbqlong-instance-${id}`, `lbq-instance-${id}-x`, `lbq-instance-${id.replace(/-/g, "a")}`];
    for (const netns of names) {
      const failed = await compute.sync([{ name: "evil", address: ADDRESS, port: 80, netns }]);
      expect(failed).toEqual([{ name: "evil", error: "refused: netns: not an instance namespace name" }]);
    }
  });

  it("fails an instance whose address is not in its namespace with the kernel's reason, and still serves the others", async () => {
    const a = await instanceNamespace();
    const b = await instanceNamespace();
    const failed = await compute.sync([{ ...server("web-a", a.netns), address: "10.0.0.99" }, server("web-b", b.netns)]);
    expect(failed).toEqual([{ name: "web-a", error: expect.stringContaining("EADDRNOTAVAIL") }]);
    expect(await curl(b.client, `http://${ADDRESS}/`)).toBe("web-b");
  });
});
