import type { FloatingIp, Instance, LoadBalancer, Network } from "@/components/api-types";
import type { SelectGroup } from "@/components/ui/field";

// Pure helpers behind the floating IP views: which address belongs to which port, what a port
// belongs to, and the grouped choices of the Associate dialog. Select values carry their kind
// ("fip:<id>" or "net:<id>") so one select can offer both an address and a pool.

type LoadBalancerLike = Pick<LoadBalancer, "id" | "name" | "vip_address" | "vip_port_id">;
type InstanceLike = Pick<Instance, "id" | "name" | "fixed_ip" | "port_id">;
type FloatingIpLike = Pick<FloatingIp, "id" | "floating_ip_address" | "port_id" | "floating_network_id">;
type NetworkLike = Pick<Network, "id" | "name" | "router:external">;

/** The floating IP associated with a port (a VIP or an instance's), if any. */
export function floatingIpOfPort<F extends FloatingIpLike>(floatingIps: readonly F[] | undefined, portId: string | null | undefined): F | undefined {
  if (!portId || !floatingIps) return undefined;
  return floatingIps.find((f) => f.port_id === portId);
}

export type PortOwner =
  | { kind: "loadbalancer"; id: string; name: string; address: string }
  | { kind: "instance"; id: string; name: string; address: string };

/** Port id -> what holds it: a load balancer (its VIP) or an instance. */
export function portOwners(loadBalancers: readonly LoadBalancerLike[] = [], instances: readonly InstanceLike[] = []): Map<string, PortOwner> {
  const owners = new Map<string, PortOwner>();
  for (const lb of loadBalancers) {
    if (lb.vip_port_id) owners.set(lb.vip_port_id, { kind: "loadbalancer", id: lb.id, name: lb.name || lb.id, address: lb.vip_address });
  }
  for (const i of instances) owners.set(i.port_id, { kind: "instance", id: i.id, name: i.name, address: i.fixed_ip });
  return owners;
}

export type FloatingIpChoice = { kind: "existing"; floatingIpId: string } | { kind: "allocate"; networkId: string };

const FIP = "fip:";
const NET = "net:";

export function choiceValue(choice: FloatingIpChoice): string {
  return choice.kind === "existing" ? `${FIP}${choice.floatingIpId}` : `${NET}${choice.networkId}`;
}

export function parseChoice(value: string): FloatingIpChoice | null {
  if (value.startsWith(FIP) && value.length > FIP.length) return { kind: "existing", floatingIpId: value.slice(FIP.length) };
  if (value.startsWith(NET) && value.length > NET.length) return { kind: "allocate", networkId: value.slice(NET.length) };
  return null;
}

/**
 * Horizon's "Floating IP address or pool": the project's unassociated addresses, then the
 * external networks a new one can be allocated from. Preselected when there is one choice only.
 */
export function floatingIpChoices(floatingIps: readonly FloatingIpLike[], networks: readonly NetworkLike[]): { groups: SelectGroup[]; preselected: string } {
  const networkName = (id: string) => networks.find((n) => n.id === id)?.name ?? id;
  const free = floatingIps
    .filter((f) => !f.port_id)
    .map((f) => ({ value: choiceValue({ kind: "existing", floatingIpId: f.id }), label: `${f.floating_ip_address} (${networkName(f.floating_network_id)})` }));
  const pools = networks
    .filter((n) => n["router:external"])
    .map((n) => ({ value: choiceValue({ kind: "allocate", networkId: n.id }), label: `Allocate a new address from ${n.name}` }));
  const groups = [
    { label: "Floating IP addresses", options: free },
    { label: "Pools", options: pools },
  ];
  const all = [...free, ...pools];
  return { groups, preselected: all.length === 1 && all[0] ? all[0].value : "" };
}

/** The ports a floating IP may go to: VIPs and instance ports that have none yet. */
export function portChoices(
  loadBalancers: readonly LoadBalancerLike[],
  instances: readonly InstanceLike[],
  floatingIps: readonly FloatingIpLike[],
): { groups: SelectGroup[]; preselected: string } {
  const taken = new Set(floatingIps.map((f) => f.port_id).filter(Boolean));
  const lbOptions = loadBalancers
    .filter((lb) => lb.vip_port_id && !taken.has(lb.vip_port_id))
    .map((lb) => ({ value: lb.vip_port_id as string, label: `${lb.name || lb.id}: ${lb.vip_address}` }));
  const instanceOptions = instances
    .filter((i) => !taken.has(i.port_id))
    .map((i) => ({ value: i.port_id, label: `${i.name}: ${i.fixed_ip}` }));
  const all = [...lbOptions, ...instanceOptions];
  return {
    groups: [
      { label: "Load balancers", options: lbOptions },
      { label: "Instances", options: instanceOptions },
    ],
    preselected: all.length === 1 && all[0] ? all[0].value : "",
  };
}
