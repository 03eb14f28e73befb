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
    listeners: refs(children.listenerIds),
    pools: refs(children.poolIds),
    tags: row.tags,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
export type LoadBalancerView = ReturnType<typeof loadBalancerView>;

export function listenerView(row: ListenerRow) {
  const { port_family: _family, ...fields } = row;
  return { ...fields, loadbalancers: refs([row.loadbalancer_id]) };
}
export type ListenerView = ReturnType<typeof listenerView>;

export function poolView(row: PoolRow, children: { listenerIds: string[]; memberIds: string[]; healthmonitorId: string | null }) {
  return {
    ...row,
    listeners: refs(children.listenerIds),
    loadbalancers: refs([row.loadbalancer_id]),
    members: refs(children.memberIds),
    healthmonitor_id: children.healthmonitorId,
  };
}
export type PoolView = ReturnType<typeof poolView>;

export function memberView(row: MemberRow) {
  return row;
}
export type MemberView = ReturnType<typeof memberView>;

export function healthMonitorView(row: HealthMonitorRow) {
  return { ...row, pools: refs([row.pool_id]) };
}
export type HealthMonitorView = ReturnType<typeof healthMonitorView>;

/** Octavia's L7 policy: its rules as [{id}]. */
export function l7PolicyView(row: typeof l7policies.$inferSelect, ruleIds: string[]) {
  return { ...row, rules: refs(ruleIds) };
}
export type L7PolicyView = ReturnType<typeof l7PolicyView>;

export function l7RuleView(row: typeof l7rules.$inferSelect) {
  return row;
}
export type L7RuleView = ReturnType<typeof l7RuleView>;
