import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import type { Api } from "./api";
import type { E2EUser } from "./config";

// The demo cloud as the specs set it up through the API: its instances and subnets, and load
// balancers made for a test (names carry a random suffix, so tests never collide on one server).

export interface Instance {
  id: string;
  name: string;
  fixed_ip: string;
  status: string;
  subnet_id: string;
}
export interface Subnet {
  id: string;
  name: string;
  cidr: string;
}
export interface LoadBalancer {
  id: string;
  name: string;
  description: string;
  project_id: string;
  vip_address: string;
  vip_port_id: string;
  availability_zone: string | null;
  provisioning_status: string;
  operating_status: string;
  listeners: Array<{ id: string }>;
  pools: Array<{ id: string }>;
}
export interface FloatingIp {
  id: string;
  floating_ip_address: string;
  port_id: string | null;
  status: string;
}
export interface LoadBalancerPage {
  items: LoadBalancer[];
  next_marker: string | null;
  previous_marker: string | null;
}

/** A name unique to this test: `prefix-` and eight random hex digits. */
export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function instanceNamed(api: Api, name: string): Promise<Instance> {
  const instance = (await api.query<Instance[]>("instance.list")).find((i) => i.name === name);
  expect(instance, `the demo cloud has ${name}`).toBeDefined();
  return instance as Instance;
}

export async function subnetNamed(api: Api, name: string, as: E2EUser = "demo"): Promise<Subnet> {
  const subnet = (await api.query<Subnet[]>("subnet.list", undefined, { as })).find((s) => s.name === name);
  expect(subnet, `${as} sees ${name}`).toBeDefined();
  return subnet as Subnet;
}

/** The tenant subnet of the user's project: alt-subnet in alt, selfservice-subnet in demo. */
const projectSubnetOf = (user: E2EUser) => (user === "alt" ? "alt-subnet" : "selfservice-subnet");

/** A load balancer without listeners (the cheapest kind: its HAProxy has nothing to serve) in `as`'s project. */
export async function createBare(api: Api, prefix: string, as: E2EUser = "demo"): Promise<LoadBalancer> {
  const subnet = await subnetNamed(api, projectSubnetOf(as), as);
  return api.mutation<LoadBalancer>("loadBalancer.create", { name: uniqueName(prefix), vip_subnet_id: subnet.id }, { as });
}

export interface WebListenerOptions {
  /** Name the listener http-in, the pool web-pool and the members after their instances. */
  named?: boolean;
  /** An HTTP health monitor (delay 1 s), so the members go ONLINE. */
  monitor?: boolean;
}

/** An HTTP:80 listener with a round-robin pool over web1 and web2, as loadBalancer.create takes it. */
export async function webListener(api: Api, opts: WebListenerOptions = {}) {
  const [web1, web2] = [await instanceNamed(api, "web1"), await instanceNamed(api, "web2")];
  const member = (web: Instance) => ({ address: web.fixed_ip, protocol_port: 80, ...(opts.named && { name: web.name, subnet_id: web.subnet_id }) });
  return {
    ...(opts.named && { name: "http-in" }),
    protocol: "HTTP",
    protocol_port: 80,
    default_pool: {
      ...(opts.named && { name: "web-pool" }),
      protocol: "HTTP",
      lb_algorithm: "ROUND_ROBIN",
      members: [member(web1), member(web2)],
      ...(opts.monitor && { healthmonitor: { type: "HTTP", delay: 1, timeout: 1, max_retries: 1, max_retries_down: 2 } }),
    },
  };
}

/**
 * A load balancer of demo on selfservice-subnet (web1's) with the given listeners, once ACTIVE
 * (and ONLINE, when asked: its members passed their checks): as loadBalancer.get shows it then.
 */
export async function createLoadBalancer(
  api: Api,
  prefix: string,
  spec: { description?: string; listeners?: unknown[] } = {},
  opts: { online?: boolean } = {},
): Promise<LoadBalancer> {
  const web1 = await instanceNamed(api, "web1");
  const created = await api.mutation<LoadBalancer>("loadBalancer.create", { name: uniqueName(prefix), vip_subnet_id: web1.subnet_id, ...spec });
  return loadBalancerOnceActive(api, created.id, opts);
}

/** The load balancer once it is ACTIVE (and ONLINE, when asked), within 30 s. */
export async function loadBalancerOnceActive(api: Api, id: string, opts: { online?: boolean; as?: E2EUser } = {}): Promise<LoadBalancer> {
  let lb: LoadBalancer | undefined;
  await expect
    .poll(
      async () => {
        lb = await api.query<LoadBalancer>("loadBalancer.get", { id }, { as: opts.as });
        return opts.online ? `${lb.provisioning_status} ${lb.operating_status}` : lb.provisioning_status;
      },
      { message: `load balancer ${id} ${opts.online ? "ACTIVE and ONLINE" : "ACTIVE"}`, timeout: 30_000 },
    )
    .toBe(opts.online ? "ACTIVE ONLINE" : "ACTIVE");
  return lb as LoadBalancer;
}

/** Load balancers of demo until there are at least `count`, so the list has more than one page. */
export async function ensureLoadBalancers(api: Api, count: number): Promise<void> {
  const present = (await api.query<LoadBalancerPage>("loadBalancer.list", { limit: count })).items.length;
  await Promise.all(Array.from({ length: Math.max(0, count - present) }, (_, i) => createBare(api, `e2e-page${i}`)));
}

/** The floating IP at `address` once the project's router carries it (ACTIVE), within 30 s. */
export async function floatingIpOnceActive(api: Api, address: string, as: E2EUser = "demo"): Promise<FloatingIp> {
  let fip: FloatingIp | undefined;
  await expect
    .poll(
      async () => {
        fip = (await api.query<FloatingIp[]>("floatingIp.list", undefined, { as })).find((f) => f.floating_ip_address === address);
        return fip?.status;
      },
      { message: `floating IP ${address} ACTIVE`, timeout: 30_000 },
    )
    .toBe("ACTIVE");
  return fip as FloatingIp;
}

/**
 * The address the test process sends to for `lb`'s VIP. The VIP is on a tenant subnet, which the
 * host cannot reach (only the namespaces on that network do), as in a real cloud: a client
 * outside comes in through a floating IP. So this allocates one from `public`, associates it with
 * the VIP port (both through the API: for specs where the floating IP is only the means) and
 * returns it once ACTIVE. A load balancer's VIP port takes one floating IP: a spec that associates
 * its own does not call this too.
 */
export async function reach(api: Api, lb: Pick<LoadBalancer, "vip_port_id">, as: E2EUser = "demo"): Promise<string> {
  const pub = (await api.query<Array<{ id: string; name: string }>>("network.list", undefined, { as })).find((n) => n.name === "public");
  expect(pub, "the demo cloud has the external network public").toBeDefined();
  const fip = await api.mutation<FloatingIp>("floatingIp.allocate", { floating_network_id: pub?.id }, { as });
  await api.mutation("floatingIp.associate", { id: fip.id, port_id: lb.vip_port_id }, { as });
  return (await floatingIpOnceActive(api, fip.floating_ip_address, as)).floating_ip_address;
}
