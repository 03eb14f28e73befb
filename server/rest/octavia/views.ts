// Octavia's shapes for what the tRPC API answers in its own: quotas carry the deprecated spellings
// too (the CLI prints load_balancer and health_monitor), amphorae every field Octavia's has
// (compute_id is the amphora host's id, compute_flavor the one compute flavor, ha_ip and
// ha_port_id its load balancer's VIP; the VRRP fields stay null until there is a standby).

import { FLAVOR } from "@/server/cloud/compute-flavor";

export function quotaView<Q extends { loadbalancer: number; healthmonitor: number }>(quota: Q) {
  return { ...quota, load_balancer: quota.loadbalancer, health_monitor: quota.healthmonitor };
}

export interface AmphoraRow {
  id: string;
  loadbalancer_id: string;
  status: string;
  role: string;
  compute_id: string | null;
  lb_network_ip: string | null;
  ha_ip: string;
  ha_port_id: string | null;
  created_at: string;
  updated_at: string | null;
}

export function amphoraView(row: AmphoraRow) {
  return {
    id: row.id,
    loadbalancer_id: row.loadbalancer_id,
    compute_id: row.compute_id,
    lb_network_ip: row.lb_network_ip,
    vrrp_ip: null,
    ha_ip: row.ha_ip,
    vrrp_port_id: null,
    ha_port_id: row.ha_port_id,
    cert_expiration: null,
    cert_busy: false,
    role: row.role,
    status: row.status,
    vrrp_interface: null,
    vrrp_id: null,
    vrrp_priority: null,
    cached_zone: null,
    created_at: row.created_at,
    updated_at: row.updated_at,
    image_id: null,
    compute_flavor: FLAVOR.id,
  };
}

/** The root version document (GET /load-balancer/): the one API version this serves. */
export function versionsDocument(base: string) {
  return {
    versions: [{ id: "v2.0", status: "CURRENT", updated: "2016-12-11T00:00:00Z", links: [{ href: `${base}/load-balancer/v2`, rel: "self" }] }],
  };
}
