import type { healthMonitors, l7policies, l7rules, listeners, loadBalancers, members, pools } from "@/db/schema";

// Row -> API shape, Octavia's (snake_case, child references as [{id}]). One place, so every
// front door (tRPC today, an Octavia REST API later) answers with the same fields.

type LoadBalancerRow = typeof loadBalancers.$inferSelect;
type ListenerRow = typeof listeners.$inferSelect;
type PoolRow = typeof pools.$inferSelect;
type MemberRow = typeof members.$inferSelect;
type HealthMonitorRow = typeof healthMonitors.$inferSelect;

const refs = (ids: string[]) => ids.map((id) => ({ id }));

/**
 * Octavia's updated_at: null until the resource is first changed. The column is stamped at
 * insert too (the controller orders its work by it), so a row never changed since its create
 * carries its created_at there, the same transaction's time to the microsecond.
 */
const updatedAt = (row: { created_at: string; updated_at: string }) => (row.updated_at === row.created_at ? null : row.updated_at);

/** Every view's timestamps, Octavia's way. */
const stamps = (row: { created_at: string; updated_at: string }) => ({ created_at: row.created_at, updated_at: updatedAt(row) });

/**
 * `status_reason` is ours, not Octavia's: why the load balancer is in ERROR (its status event's
 * reason), null when it is not or none was given, so a list can say it without reading events.
 */
export function loadBalancerView(row: LoadBalancerRow, children: { listenerIds: string[]; poolIds: string[] }, statusReason: string | null = null) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    project_id: row.project_id,
    admin_state_up: row.admin_state_up,
    provisioning_status: row.provisioning_status,
    operating_status: row.operating_status,
    status_reason: statusReason,
    vip_address: row.vip_address,
    vip_port_id: row.vip_port_id,
    vip_subnet_id: row.vip_subnet_id,
    vip_network_id: row.vip_network_id,
    provider: row.provider,
    flavor_id: row.flavor_id,
    availability_zone: row.availability_zone,
    // Octavia's VIP options this cloud has none of: no QoS, one VIP, a normal port.
    vip_qos_policy_id: null,
    additional_vips: [],
    vip_vnic_type: "normal",
    listeners: refs(children.listenerIds),
    pools: refs(children.poolIds),
    tags: row.tags,
    ...stamps(row),
  };
}
export type LoadBalancerView = ReturnType<typeof loadBalancerView>;

/** Octavia's listener: its load balancer and its L7 policies (in position order) as [{id}]. */
export function listenerView(row: ListenerRow, l7policyIds: string[]) {
  const { port_family: _family, ...fields } = row;
  return { ...fields, ...stamps(row), loadbalancers: refs([row.loadbalancer_id]), l7policies: refs(l7policyIds) };
}
export type ListenerView = ReturnType<typeof listenerView>;

export function poolView(row: PoolRow, children: { listenerIds: string[]; memberIds: string[]; healthmonitorId: string | null }) {
  return {
    ...row,
    ...stamps(row),
    listeners: refs(children.listenerIds),
    loadbalancers: refs([row.loadbalancer_id]),
    members: refs(children.memberIds),
    healthmonitor_id: children.healthmonitorId,
  };
}
export type PoolView = ReturnType<typeof poolView>;

export function memberView(row: MemberRow) {
  return { ...row, ...stamps(row) };
}
export type MemberView = ReturnType<typeof memberView>;

export function healthMonitorView(row: HealthMonitorRow) {
  return { ...row, ...stamps(row), pools: refs([row.pool_id]) };
}
export type HealthMonitorView = ReturnType<typeof healthMonitorView>;

/** Octavia's L7 policy: its rules as [{id}]. */
export function l7PolicyView(row: typeof l7policies.$inferSelect, ruleIds: string[]) {
  return { ...row, ...stamps(row), rules: refs(ruleIds) };
}
export type L7PolicyView = ReturnType<typeof l7PolicyView>;

export function l7RuleView(row: typeof l7rules.$inferSelect) {
  return { ...row, ...stamps(row) };
}
export type L7RuleView = ReturnType<typeof l7RuleView>;
