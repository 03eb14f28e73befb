import type { HealthMonitorModel, ListenerModel, LoadBalancerModel, MemberModel, PoolModel } from "./model";

// Which parts of a load balancer end up in its HAProxy config. The renderer builds the config
// from these and the status reader expects stats rows for exactly these, so the two can never
// disagree about what "rendered" means.

export const isGone = (status: string) => status === "PENDING_DELETE" || status === "DELETED";
const gone = isGone;

/** Enabled, on an enabled load balancer, and not being deleted: it should carry traffic. */
export function isEnabled(lb: LoadBalancerModel, listener: ListenerModel): boolean {
  return lb.admin_state_up && listener.admin_state_up && !gone(listener.provisioning_status);
}

/** A frontend exists for it. UDP and SCTP need another data plane (Octavia uses keepalived/LVS). */
export function isServed(lb: LoadBalancerModel, listener: ListenerModel): boolean {
  return isEnabled(lb, listener) && listener.protocol !== "UDP" && listener.protocol !== "SCTP";
}

/** The enabled pool a listener sends to, if any; its backend is named `<pool id>:<listener id>`. */
export function defaultPool(lb: LoadBalancerModel, listener: ListenerModel): PoolModel | null {
  if (listener.default_pool_id === null || listener.protocol === "PROMETHEUS") return null;
  const pool = lb.pools.find((p) => p.id === listener.default_pool_id);
  return pool && pool.admin_state_up && !gone(pool.provisioning_status) ? pool : null;
}

export function activeMonitor(pool: PoolModel): HealthMonitorModel | null {
  const hm = pool.healthmonitor;
  return hm && hm.admin_state_up && !gone(hm.provisioning_status) ? hm : null;
}

export function renderedMembers(pool: PoolModel): MemberModel[] {
  return pool.members.filter((m) => !gone(m.provisioning_status));
}

export const backendName = (pool: PoolModel, listener: ListenerModel) => `${pool.id}:${listener.id}`;
