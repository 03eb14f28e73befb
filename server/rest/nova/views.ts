import { FLAVOR } from "@/server/cloud/compute-flavor";
import { macOf } from "../neutron/views";

// Nova's shapes (API v2.1, no microversion) over the instances procedure's rows: what
// `openstack server list/show` and Horizon's instance tables read. Instances here have one port,
// no image, no volumes, no key pair and one flavor.

export interface InstanceRow {
  id: string;
  name: string;
  status: "ACTIVE" | "SHUTOFF";
  port_id: string;
  network_id: string;
  fixed_ip: string;
  created_at: string | Date;
}

export { FLAVOR };

export const flavorLinks = (base: string) => [{ rel: "self", href: `${base}/flavors/${FLAVOR.id}` }];

export function novaFlavor(base: string) {
  return {
    ...FLAVOR,
    "OS-FLV-EXT-DATA:ephemeral": 0,
    "OS-FLV-DISABLED:disabled": false,
    swap: "",
    rxtx_factor: 1.0,
    "os-flavor-access:is_public": true,
    links: flavorLinks(base),
  };
}

/** Nova's power states: 1 running, 4 shut down. */
const POWER = { ACTIVE: { vm_state: "active", power_state: 1 }, SHUTOFF: { vm_state: "stopped", power_state: 4 } } as const;

const iso = (t: string | Date) => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");

export const serverLinks = (base: string, id: string) => [{ rel: "self", href: `${base}/servers/${id}` }];

/** `servers` (not detail): id, name, links. */
export const novaServerRef = (base: string, i: InstanceRow) => ({ id: i.id, name: i.name, links: serverLinks(base, i.id) });

/** `servers/detail` and show; `networkName` keys `addresses` as Nova does. */
export function novaServer(base: string, i: InstanceRow, projectId: string, networkName: string) {
  return {
    id: i.id,
    name: i.name,
    status: i.status,
    tenant_id: projectId,
    user_id: "",
    metadata: {},
    hostId: "",
    image: "",
    flavor: { id: FLAVOR.id, links: flavorLinks(base) },
    created: iso(i.created_at),
    updated: iso(i.created_at),
    addresses: {
      [networkName]: [{ addr: i.fixed_ip, version: 4, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": macOf(i.port_id) }],
    },
    accessIPv4: "",
    accessIPv6: "",
    links: serverLinks(base, i.id),
    key_name: null,
    config_drive: "",
    progress: 0,
    "OS-DCF:diskConfig": "MANUAL",
    "OS-EXT-AZ:availability_zone": "nova",
    "OS-EXT-STS:task_state": null,
    "OS-EXT-STS:vm_state": POWER[i.status].vm_state,
    "OS-EXT-STS:power_state": POWER[i.status].power_state,
    "OS-SRV-USG:launched_at": iso(i.created_at).replace("Z", ".000000"),
    "OS-SRV-USG:terminated_at": null,
    "os-extended-volumes:volumes_attached": [] as unknown[],
  };
}
