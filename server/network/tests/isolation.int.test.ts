import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncInstanceServers } from "@/server/cloud/instances";
import { namespaceName } from "@/server/network/names";
import { httpGraph } from "@/server/testing/fixtures";
import { curlFrom } from "@/server/testing/probe";
import { eventually, fetchBodies, type Stack, startStack } from "@/server/testing/stack";

// The network's isolation through real load balancers and real HTTP: a project's amphora reaches
// only its own networks (another project's identical 10.0.0.0/24 included), no amphora or
// instance opens a connection to the host (its 127.0.0.1 nor its address on the external
// network), and two projects may each hold the same VIP address, each serving its own instances.

let stack: Stack;
let other: Awaited<ReturnType<Stack["otherProject"]>>;
let otherProjectId: string;
let otherSelfservice: { id: string; network_id: string; name: string; cidr: string };
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  stack = await startStack();
  other = await stack.otherProject();
  const subnet = (await other.subnet.list()).find((s) => s.name === "selfservice-subnet");
  if (!subnet) throw new Error("the other project has no selfservice-subnet");
  otherSelfservice = subnet;
  otherProjectId = subnet.project_id;
  // Its instances' namespaces and servers, as the reconciler's next pass makes them.
  await stack.network.pass();
}, 180_000); // a whole stack's start on a host other test runs keep busy
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await stack?.close();
});

/** An HTTP server answering `body`, counting the requests it sees. */
function countingServer(body: string) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.socket.remoteAddress ?? "?");
    req.resume();
    res.end(`${body}\n`);
  });
  return { server, seen };
}

/** A server of the test's own in `project_id`'s instance on `subnet`, closed after the file. */
async function tenant(subnet: typeof otherSelfservice, name: string, ip_address: string, body: string, project_id?: string) {
  const { server, seen } = countingServer(body);
  const handle = await stack.tenantServer({ subnet, name, port: 8080, server, ip_address, ...(project_id && { project_id }) });
  closers.push(handle.close);
  return { ...handle, seen };
}

/** An address in no subnet of the cloud, and never routed anywhere (RFC 5737). */
const NOWHERE = "192.0.2.10";

describe("another project's load balancer", () => {
  it("reaches nothing of demo's through members at demo's addresses, nor anything through a member on no subnet: they go ERROR, demo's servers see no request", async () => {
    const otherWeb1 = (await other.instance.list()).find((i) => i.name === "web1")!;
    // The premise: both projects' web1 have the same address, each on its own 10.0.0.0/24.
    expect(otherWeb1.fixed_ip).toBe(stack.web1.fixed_ip);
    // The other project's own web1 is off, so nothing of its own answers at that address.
    await other.instance.stop({ id: otherWeb1.id });
    await syncInstanceServers(stack.db, stack.compute);
    const demoOnly = await tenant(stack.selfservice, "demo-only", "10.0.0.200", "demo-secret");
    // Demo's server answers inside demo's network (from web3's namespace): it is up.
    const web3 = namespaceName(stack.net.prefix, "instance", stack.web3.id);
    expect(await curlFrom(web3, `http://${demoOnly.address}:8080/`)).toEqual({ status: 200, body: "demo-secret\n" });
    expect((await curlFrom(web3, `http://${stack.web1.fixed_ip}/`)).body).toBe("web1\n");
    demoOnly.seen.length = 0;

    const graph = httpGraph("alt-reaching", otherSelfservice.id, []);
    const pool = graph.listeners[0]!.default_pool;
    const lb = await other.loadBalancer.create({
      ...graph,
      listeners: [
        {
          ...graph.listeners[0]!,
          default_pool: {
            ...pool,
            members: [
              { address: stack.web1.fixed_ip, protocol_port: 80, subnet_id: otherSelfservice.id },
              { address: demoOnly.address, protocol_port: 8080, subnet_id: otherSelfservice.id },
              // In no subnet of the cloud (TEST-NET-1, as Octavia's own suite uses): accepted as
              // Octavia does, on no subnet, so it is sought through the VIP subnet's router,
              // which routes nothing beyond the external subnet.
              { address: NOWHERE, protocol_port: 80 },
            ],
            healthmonitor: { type: "HTTP" as const, delay: 1, timeout: 1, max_retries: 1 },
          },
        },
      ],
    });
    await stack.untilActive(lb.id, 30_000, other);
    const fip = await stack.reach(lb, other);
    const members = await eventually(async () => {
      const tree = await other.loadBalancer.statusTree({ id: lb.id });
      const ms = tree.loadbalancer.listeners[0]!.pools[0]!.members;
      return ms.every((m) => m.operating_status === "ERROR") ? ms : undefined;
    }, 20_000, "every member ERROR");
    expect(members).toHaveLength(3);
    const [onNoSubnet] = (await other.member.list({ pool_id: lb.pools[0]!.id })).items.filter((m) => m.address === NOWHERE);
    expect(onNoSubnet?.subnet_id).toBeNull();
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(`http://${fip}/`, { headers: { connection: "close" }, signal: AbortSignal.timeout(5000) })));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(503));
    for (const a of answers) expect(await a.text()).not.toMatch(/web1|demo-secret/);
    // Nothing of the other project's reached demo's server: no health check, no request.
    expect(demoOnly.seen).toEqual([]);
    // From inside its amphora too, demo's server is not there (the address is the other project's own).
    const amphora = await stack.amphoraNamespace(lb.id);
    expect((await curlFrom(amphora, `http://${demoOnly.address}:8080/`)).status).toBe(0);
    expect((await curlFrom(amphora, `http://${NOWHERE}/`)).status).toBe(0);
    expect(demoOnly.seen).toEqual([]);
  });
});

describe("the host, from inside the cloud", () => {
  it("is not reachable from an amphora or an instance (its 127.0.0.1 nor its external address), while the floating IP serves", async () => {
    // The host's own address on the world's external network (the external bridge's).
    const host = { externalAddress: stack.net.external(1) };
    const onLoopback = countingServer("host-loopback");
    const onExternal = countingServer("host-external");
    const listen = (s: http.Server, address: string) => new Promise<number>((resolve) => s.listen(0, address, () => resolve((s.address() as AddressInfo).port)));
    const loopbackPort = await listen(onLoopback.server, "127.0.0.1");
    const externalPort = await listen(onExternal.server, host.externalAddress);
    closers.push(
      () => new Promise((resolve) => onLoopback.server.close(() => resolve())),
      () => new Promise((resolve) => onExternal.server.close(() => resolve())),
    );
    // Both answer the host itself: the servers are up.
    expect(await fetchBodies(`http://127.0.0.1:${loopbackPort}/`, 1)).toEqual(["host-loopback"]);
    expect(await fetchBodies(`http://${host.externalAddress}:${externalPort}/`, 1)).toEqual(["host-external"]);
    onLoopback.seen.length = 0;
    onExternal.seen.length = 0;

    // A load balancer on a tenant subnet (behind router1), and one whose VIP is on `public` itself.
    const tenantLb = await stack.api.loadBalancer.create.mutate(httpGraph("walled-tenant", stack.selfservice.id, [stack.web1.fixed_ip]));
    const publicLb = await stack.api.loadBalancer.create.mutate({
      ...httpGraph("walled-public", stack.publicSubnet.id, []),
      listeners: [
        {
          protocol: "HTTP" as const,
          protocol_port: 80,
          default_pool: { protocol: "HTTP" as const, lb_algorithm: "ROUND_ROBIN" as const, members: [{ address: stack.web2.fixed_ip, protocol_port: 80, subnet_id: stack.selfservice.id }] },
        },
      ],
    });
    await stack.untilActive(tenantLb.id);
    const publicVip = (await stack.untilActive(publicLb.id)).vip_address;
    const fip = await stack.reach(tenantLb);

    const places = [
      await stack.amphoraNamespace(tenantLb.id),
      await stack.amphoraNamespace(publicLb.id),
      namespaceName(stack.net.prefix, "instance", stack.web3.id),
      namespaceName(stack.net.prefix, "instance", stack.db1.id),
    ];
    for (const ns of places) {
      expect((await curlFrom(ns, `http://127.0.0.1:${loopbackPort}/`)).status, `${ns} to the host's 127.0.0.1`).toBe(0);
      expect((await curlFrom(ns, `http://${host.externalAddress}:${externalPort}/`)).status, `${ns} to the host's external address`).toBe(0);
    }
    expect(onLoopback.seen).toEqual([]);
    expect(onExternal.seen).toEqual([]);
    // Not for want of a route: the same instance opens connections on the external network
    // (to the VIP on `public`, through router1's SNAT); only the host's address is walled off.
    expect((await curlFrom(places[2]!, `http://${publicVip}/`)).body).toBe("web2\n");

    // The way in still works: the floating IP, and the VIP on `public`, each balancing to its member.
    expect(await fetchBodies(`http://${fip}/`, 3)).toEqual(["web1", "web1", "web1"]);
    expect(await fetchBodies(`http://${publicVip}/`, 3)).toEqual(["web2", "web2", "web2"]);
  });
});

describe("two projects on the same 10.0.0.0/24", () => {
  it("each hold a load balancer on the same VIP address, each serving its own instance through its own floating IP", async () => {
    const vip = "10.0.0.150";
    const member = "10.0.0.201";
    const demoServer = await tenant(stack.selfservice, "same-demo", member, "demo-behind-vip");
    const otherServer = await tenant(otherSelfservice, "same-other", member, "other-behind-vip", otherProjectId);
    const graph = (name: string, subnetId: string) => {
      const g = httpGraph(name, subnetId, []);
      return {
        ...g,
        vip_address: vip,
        listeners: [{ ...g.listeners[0]!, default_pool: { ...g.listeners[0]!.default_pool, members: [{ address: member, protocol_port: 8080, subnet_id: subnetId }] } }],
      };
    };
    const demoLb = await stack.api.loadBalancer.create.mutate(graph("same-vip-demo", stack.selfservice.id));
    const otherLb = await other.loadBalancer.create(graph("same-vip-other", otherSelfservice.id));
    expect([demoLb.vip_address, otherLb.vip_address]).toEqual([vip, vip]);
    await stack.untilActive(demoLb.id);
    await stack.untilActive(otherLb.id, 30_000, other);
    const demoFip = await stack.reach(demoLb);
    const otherFip = await stack.reach(otherLb, other);
    expect(demoFip).not.toBe(otherFip);

    expect(await fetchBodies(`http://${demoFip}/`, 4)).toEqual(Array(4).fill("demo-behind-vip"));
    expect(await fetchBodies(`http://${otherFip}/`, 4)).toEqual(Array(4).fill("other-behind-vip"));
    // From inside each network, the VIP address is that network's own load balancer.
    const demoInside = namespaceName(stack.net.prefix, "instance", stack.web3.id);
    const otherWeb3 = (await other.instance.list()).find((i) => i.name === "web3")!;
    const otherInside = namespaceName(stack.net.prefix, "instance", otherWeb3.id);
    expect((await curlFrom(demoInside, `http://${vip}/`)).body).toBe("demo-behind-vip\n");
    expect((await curlFrom(otherInside, `http://${vip}/`)).body).toBe("other-behind-vip\n");
    expect(demoServer.seen.length).toBeGreaterThanOrEqual(5);
    expect(otherServer.seen.length).toBeGreaterThanOrEqual(5);
  });
});
