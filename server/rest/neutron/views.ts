import { createHash } from "node:crypto";
import type { networkView, subnetView } from "@/server/cloud/inventory";
import type { FloatingIpView } from "@/server/cloud/floatingIps";
import type { RouterView } from "@/server/cloud/routerLookup";

// Neutron's shapes over the cloud's own views: the fields Neutron clients read, with the values
// this cloud has (one fixed IP per port, no DHCP, no static routes, no security groups). Rows keep no
// update time and no revision, so updated_at is the creation time and revision_number 0.

type Network = ReturnType<typeof networkView>;
type Subnet = ReturnType<typeof subnetView>;

export interface PortRow {
  id: string;
  project_id: string;
  network_id: string;
  subnet_id: string;
  ip_address: string;
  name: string;
  device_owner: string;
  device_id: string | null;
  created_at: string | Date;
}

/** Neutron's timestamps: seconds, UTC, "Z". */
const neutronTime = (t: string | Date) => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The standard attributes every Neutron resource carries. */
const common = (row: { project_id: string; created_at: string | Date }) => ({
  tenant_id: row.project_id,
  project_id: row.project_id,
  description: "",
  tags: [] as string[],
  revision_number: 0,
  created_at: neutronTime(row.created_at),
  updated_at: neutronTime(row.created_at),
});

export function neutronNetwork(n: Network) {
  return {
    ...n,
    ...common(n),
    admin_state_up: true,
    mtu: 1500,
    availability_zones: [] as string[],
    availability_zone_hints: [] as string[],
    port_security_enabled: false,
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    is_default: false,
    qos_policy_id: null,
  };
}

export function neutronSubnet(s: Subnet) {
  return {
    id: s.id,
    name: s.name,
    ...common(s),
    network_id: s.network_id,
    ip_version: s.ip_version,
    cidr: s.cidr,
    gateway_ip: s.gateway_ip,
    allocation_pools: s.allocation_pools,
    enable_dhcp: false,
    dns_nameservers: [] as string[],
    host_routes: [] as unknown[],
    ipv6_address_mode: null,
    ipv6_ra_mode: null,
    subnetpool_id: null,
    service_types: [] as string[],
    segment_id: null,
  };
}

/** A stable locally administered MAC per port (Neutron's fa:16:3e prefix): ports here have no NIC. */
export const macOf = (id: string) => `fa:16:3e:${createHash("sha256").update(id).digest("hex").slice(0, 6).match(/../g)?.join(":")}`;

export function neutronPort(p: PortRow) {
  return {
    id: p.id,
    name: p.name,
    ...common(p),
    network_id: p.network_id,
    fixed_ips: [{ subnet_id: p.subnet_id, ip_address: p.ip_address }],
    mac_address: macOf(p.id),
    device_owner: p.device_owner,
    device_id: p.device_id ?? "",
    status: "ACTIVE",
    admin_state_up: true,
    security_groups: [] as string[],
    allowed_address_pairs: [] as unknown[],
    port_security_enabled: false,
    "binding:vnic_type": "normal",
    qos_policy_id: null,
  };
}

export function neutronFloatingIp(f: FloatingIpView) {
  return { ...f, ...common(f), port_details: null, port_forwardings: [] as unknown[], qos_policy_id: null };
}

/** Neutron's router: its interfaces are ports (device_owner network:router_interface), not a field. */
export function neutronRouter(r: RouterView) {
  const { interfaces: _interfaces, ...router } = r;
  return {
    ...router,
    ...common(r),
    description: r.description,
    updated_at: neutronTime(r.updated_at),
    routes: [] as unknown[],
    distributed: false,
    ha: false,
    flavor_id: null,
    availability_zones: [] as string[],
    availability_zone_hints: [] as string[],
  };
}
