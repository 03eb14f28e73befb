import { eq, inArray } from "drizzle-orm";
import type {
  HealthMonitorModel,
  L7PolicyModel,
  ListenerModel,
  LoadBalancerModel,
  MemberModel,
  PoolModel,
} from "@/amphora/model";
import type { Db } from "@/db/client";
import { tlsModels } from "./tree-tls";
import { healthMonitors, l7policies, l7rules, listeners, loadBalancers, members, pools } from "@/db/schema";

// Flattens a load balancer's rows into the plain model the amphora renderer takes. Rows keep
// their provisioning_status: the renderer leaves out what is PENDING_DELETE. A child in ERROR is
// left out here: HAProxy refused it (or its apply failed), and rendering it again would make
// every later change to the load balancer fail too. It comes back when it is changed (which
// sets it PENDING_UPDATE) and is gone when it is deleted.

export type LoadBalancerRow = typeof loadBalancers.$inferSelect;

export interface LoadedTree {
  lb: LoadBalancerRow;
  model: LoadBalancerModel;
  rows: {
    listeners: (typeof listeners.$inferSelect)[];
    pools: (typeof pools.$inferSelect)[];
    members: (typeof members.$inferSelect)[];
    healthMonitors: (typeof healthMonitors.$inferSelect)[];
    l7policies: (typeof l7policies.$inferSelect)[];
    l7rules: (typeof l7rules.$inferSelect)[];
  };
}

export async function loadTree(db: Db, lbId: string): Promise<LoadedTree | null> {
  const [lb] = await db.select().from(loadBalancers).where(eq(loadBalancers.id, lbId));
  if (!lb) return null;
  const ls = await db.select().from(listeners).where(eq(listeners.loadbalancer_id, lbId)).orderBy(listeners.created_at);
  const ps = await db.select().from(pools).where(eq(pools.loadbalancer_id, lbId)).orderBy(pools.created_at);
  const poolIds = ps.map((p) => p.id);
  const ms = poolIds.length ? await db.select().from(members).where(inArray(members.pool_id, poolIds)).orderBy(members.created_at) : [];
  const hms = poolIds.length ? await db.select().from(healthMonitors).where(inArray(healthMonitors.pool_id, poolIds)) : [];
  const listenerIds = ls.map((l) => l.id);
  const l7ps = listenerIds.length ? await db.select().from(l7policies).where(inArray(l7policies.listener_id, listenerIds)).orderBy(l7policies.position) : [];
  const l7ids = l7ps.map((p) => p.id);
  const l7rs = l7ids.length ? await db.select().from(l7rules).where(inArray(l7rules.l7policy_id, l7ids)).orderBy(l7rules.created_at) : [];

  const usable = <T extends { provisioning_status: string }>(row: T) => row.provisioning_status !== "ERROR";
  const monitor = (poolId: string): HealthMonitorModel | null => {
    const hm = hms.filter(usable).find((h) => h.pool_id === poolId);
    if (!hm) return null;
    return {
      id: hm.id,
      type: hm.type,
      delay: hm.delay,
      timeout: hm.timeout,
      max_retries: hm.max_retries,
      max_retries_down: hm.max_retries_down,
      http_method: hm.http_method,
      url_path: hm.url_path,
      expected_codes: hm.expected_codes,
      http_version: hm.http_version === null ? null : Number(hm.http_version),
      domain_name: hm.domain_name,
      admin_state_up: hm.admin_state_up,
      provisioning_status: hm.provisioning_status,
    };
  };
  const memberModels = (poolId: string): MemberModel[] =>
    ms
      .filter((m) => m.pool_id === poolId && usable(m))
      .map((m) => ({
        id: m.id,
        address: m.address,
        protocol_port: m.protocol_port,
        weight: m.weight,
        backup: m.backup,
        admin_state_up: m.admin_state_up,
        monitor_address: m.monitor_address,
        monitor_port: m.monitor_port,
        provisioning_status: m.provisioning_status,
      }));
  const tls = await tlsModels(db, ls, ps);
  const poolModels: PoolModel[] = ps.filter(usable).map((p) => ({
    id: p.id,
    protocol: p.protocol,
    lb_algorithm: p.lb_algorithm,
    session_persistence: p.session_persistence,
    admin_state_up: p.admin_state_up,
    provisioning_status: p.provisioning_status,
    members: memberModels(p.id),
    healthmonitor: monitor(p.id),
    tls: tls.pool(p),
  }));
  const policyModels = (listenerId: string): L7PolicyModel[] =>
    l7ps
      .filter((p) => p.listener_id === listenerId && usable(p))
      .map((p) => ({
        id: p.id,
        action: p.action,
        position: p.position,
        redirect_pool_id: p.redirect_pool_id,
        redirect_url: p.redirect_url,
        redirect_prefix: p.redirect_prefix,
        redirect_http_code: p.redirect_http_code,
        admin_state_up: p.admin_state_up,
        provisioning_status: p.provisioning_status,
        rules: l7rs
          .filter((r) => r.l7policy_id === p.id && usable(r))
          .map((r) => ({
            id: r.id,
            type: r.type,
            compare_type: r.compare_type,
            key: r.key,
            value: r.value,
            invert: r.invert,
            admin_state_up: r.admin_state_up,
            provisioning_status: r.provisioning_status,
          })),
      }));
  const listenerModels: ListenerModel[] = ls.filter(usable).map((l) => ({
    id: l.id,
    protocol: l.protocol,
    protocol_port: l.protocol_port,
    connection_limit: l.connection_limit,
    timeout_client_data: l.timeout_client_data,
    timeout_member_connect: l.timeout_member_connect,
    timeout_member_data: l.timeout_member_data,
    timeout_tcp_inspect: l.timeout_tcp_inspect,
    insert_headers: l.insert_headers,
    allowed_cidrs: l.allowed_cidrs,
    // A default pool left out leaves its listener without one: HAProxy answers 503 there.
    default_pool_id: poolModels.some((p) => p.id === l.default_pool_id) ? l.default_pool_id : null,
    l7policies: policyModels(l.id),
    tls: tls.listener(l),
    admin_state_up: l.admin_state_up,
    provisioning_status: l.provisioning_status,
  }));
  return {
    lb,
    model: {
      id: lb.id,
      vip_address: lb.vip_address,
      admin_state_up: lb.admin_state_up,
      listeners: listenerModels,
      pools: poolModels,
    },
    rows: { listeners: ls, pools: ps, members: ms, healthMonitors: hms, l7policies: l7ps, l7rules: l7rs },
  };
}
