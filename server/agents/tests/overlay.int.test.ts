import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "@/server/network/command";
import { ipJson } from "@/server/network/iproute";
import { vxlanName } from "@/server/network/names";
import { httpGraph, webGraph } from "@/server/testing/fixtures";
import { curlFrom } from "@/server/testing/probe";
import { type Stack, startStack } from "@/server/testing/stack";

// A tenant network across two amphora hosts, each a namespace with its own underlay address: an
// amphora on one reaches an amphora on the other over the network's VXLAN segment (the frames
// between them never touch the network node's bridge), and each host's endpoint carries the
// network's VNI from its own address.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ hosts: 2 });
});
afterAll(() => stack?.close());

/** A load balancer on selfservice placed on `host`: the other host is disabled while it is placed. */
async function placedOn(host: Stack["hosts"][number], name: string) {
  const others = stack.hosts.filter((h) => h !== host);
  for (const other of others) await stack.api.amphoraHost.update.mutate({ id: other.id, enabled: false });
  try {
    const lb = await stack.api.loadBalancer.create.mutate(webGraph(stack, { name }));
    return await stack.untilActive(lb.id);
  } finally {
    for (const other of others) await stack.api.amphoraHost.update.mutate({ id: other.id, enabled: true });
  }
}

describe("the overlay between amphora hosts", () => {
  it("carries a tenant network between two hosts: an amphora on one reaches an amphora on the other, each host an endpoint of the network's VNI", async () => {
    const [one, two] = stack.hosts;
    const a = await placedOn(one!, "on-host-1");
    const b = await placedOn(two!, "on-host-2");
    expect((await stack.hostOf(a.id))?.id).toBe(one!.id);
    expect((await stack.hostOf(b.id))?.id).toBe(two!.id);

    type Vxlan = { ifname: string; mtu?: number; linkinfo?: { info_data?: { id?: number; local?: string } } };
    const endpoint = async (ns: string) => (await ipJson<Vxlan>(["-d", "link", "show", "dev", vxlanName(stack.net.prefix, stack.selfservice.network_id)], ns))[0];
    const [e1, e2] = [await endpoint(one!.namespace), await endpoint(two!.namespace)];
    expect(e1?.linkinfo?.info_data?.id).toBe(e2?.linkinfo?.info_data?.id);
    expect(e1?.linkinfo?.info_data?.local).not.toBe(e2?.linkinfo?.info_data?.local);
    // A whole 1500-byte frame fits inside VXLAN's 50 bytes on the underlay: no endpoint would
    // have to fragment what an amphora or an instance sends (the underlay runs jumbo frames).
    for (const e of [e1, e2]) expect(e?.mtu).toBeGreaterThanOrEqual(1500);

    // From inside the amphora on host 1, the VIP of the one on host 2: HTTP through its HAProxy.
    const fromA = await stack.amphoraNamespace(a.id);
    const answer = await curlFrom(fromA, `http://${b.vip_address}/`);
    expect(answer.status).toBe(200);
    expect(["web1\n", "web2\n"]).toContain(answer.body);
    await run("ip", ["netns", "exec", fromA, "ping", "-c", "2", "-i", "0.2", "-W", "2", b.vip_address!]);
  });

  it("carries a large upload and a large answer through a floating IP, across the overlay both ways", async () => {
    // Many full-size segments each way, through a member leg and the VIP's network, both overlay segments.
    const big = Buffer.alloc(2 * 1024 * 1024, "x");
    const server = http.createServer((req, res) => {
      let received = 0;
      req.on("data", (chunk: Buffer) => (received += chunk.length));
      req.on("end", () => {
        res.setHeader("x-received", String(received));
        res.end(big);
      });
    });
    // On backend: the amphora reaches it through its leg, over the overlay too.
    const member = await stack.tenantServer({ subnet: stack.backend, name: "big-answers", port: 80, server });
    try {
      const lb = await stack.api.loadBalancer.create.mutate(httpGraph("full-frames", stack.selfservice.id, [member.address]));
      await stack.untilActive(lb.id);
      const fip = await stack.reach(lb);
      const answer = await fetch(`http://${fip}/`, { method: "POST", body: Buffer.alloc(1024 * 1024, "y"), signal: AbortSignal.timeout(15_000) });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-received")).toBe(String(1024 * 1024));
      expect((await answer.arrayBuffer()).byteLength).toBe(big.length);
    } finally {
      await member.close();
    }
  });
});
