import type { Network, Subnet } from "@/components/api-types";
import type { SelectOption } from "@/components/ui/field";

// Pure helpers behind the Routers panel: what the selects offer and how a router's gateway and
// interfaces are named on screen. The API decides; these only keep the forms from offering what
// it is sure to refuse.

type NetworkLike = Pick<Network, "id" | "name" | "router:external">;
type SubnetLike = Pick<Subnet, "id" | "name" | "cidr" | "network_name" | "gateway_ip" | "router:external">;

/** The parts of a router (routers.get / routers.list) these helpers read. */
export interface RouterLike {
  id: string;
  name: string;
  external_gateway_info: { network_id: string } | null;
  interfaces: ReadonlyArray<{ subnet_id: string }>;
}

/** What a router is called on screen: its name, else the start of its id. */
export const routerName = (r: { id: string; name: string }) => r.name || r.id.slice(0, 8);

/** The networks a gateway can be set on: the external ones, as Horizon's "External Network". */
export function externalNetworkOptions(networks: readonly NetworkLike[]): SelectOption[] {
  return networks.filter((n) => n["router:external"]).map((n) => ({ value: n.id, label: n.name }));
}

/** The router's external network by name ("-" without a gateway; the id until networks load). */
export function externalNetworkName(router: Pick<RouterLike, "external_gateway_info">, networks: readonly NetworkLike[] | undefined): string {
  const id = router.external_gateway_info?.network_id;
  if (!id) return "-";
  return networks?.find((n) => n.id === id)?.name ?? id;
}

/** A subnet as Horizon's Add Interface names it: "selfservice: 10.0.0.0/24 (selfservice-subnet)". */
export const subnetLabel = (s: SubnetLike) => `${s.network_name}: ${s.cidr} (${s.name})`;

/**
 * Add Interface's subnets: the project's tenant subnets that have a gateway address (the
 * interface takes it) and are not on this router yet. One on another router stays in the list,
 * disabled and saying which, since its gateway address is taken.
 */
export function interfaceSubnetOptions(subnets: readonly SubnetLike[], router: RouterLike, routers: readonly RouterLike[]): SelectOption[] {
  const own = new Set(router.interfaces.map((i) => i.subnet_id));
  const holder = new Map<string, string>();
  for (const r of routers) if (r.id !== router.id) for (const i of r.interfaces) holder.set(i.subnet_id, routerName(r));
  return subnets
    .filter((s) => !s["router:external"] && s.gateway_ip && !own.has(s.id))
    .map((s) => {
      const other = holder.get(s.id);
      return other ? { value: s.id, label: `${subnetLabel(s)}, on router ${other}`, disabled: true } : { value: s.id, label: subnetLabel(s) };
    });
}
