import { randomUUID } from "node:crypto";
import { amphoraPaths } from "../layout";
import type { AmphoraPaths, HealthMonitorModel, ListenerModel, LoadBalancerModel, MemberModel, PoolModel } from "../model";

// Builders for amphora models in tests: Octavia's defaults, overridable field by field.

export const id = () => randomUUID();

export function member(over: Partial<MemberModel> = {}): MemberModel {
  return {
    id: id(),
    address: "127.77.0.10",
    protocol_port: 8080,
    weight: 1,
    backup: false,
    admin_state_up: true,
    monitor_address: null,
    monitor_port: null,
    provisioning_status: "ACTIVE",
    ...over,
  };
}

export function monitor(over: Partial<HealthMonitorModel> = {}): HealthMonitorModel {
  const http = over.type === undefined || over.type === "HTTP" || over.type === "HTTPS";
  return {
    id: id(),
    type: "HTTP",
    delay: 5,
    timeout: 3,
    max_retries: 3,
    max_retries_down: 3,
    http_method: http ? "GET" : null,
    url_path: http ? "/" : null,
    expected_codes: http ? "200" : null,
    http_version: null,
    domain_name: null,
    admin_state_up: true,
    provisioning_status: "ACTIVE",
    ...over,
  };
}

export function pool(over: Partial<PoolModel> = {}): PoolModel {
  return {
    id: id(),
    protocol: "HTTP",
    lb_algorithm: "ROUND_ROBIN",
    session_persistence: null,
    admin_state_up: true,
    provisioning_status: "ACTIVE",
    members: [member()],
    healthmonitor: null,
    ...over,
  };
}

export function listener(over: Partial<ListenerModel> = {}): ListenerModel {
  return {
    id: id(),
    protocol: "HTTP",
    protocol_port: 80,
    connection_limit: -1,
    timeout_client_data: 50000,
    timeout_member_connect: 5000,
    timeout_member_data: 50000,
    timeout_tcp_inspect: 0,
    insert_headers: {},
    allowed_cidrs: [],
    default_pool_id: null,
    admin_state_up: true,
    provisioning_status: "ACTIVE",
    ...over,
  };
}

/** A load balancer with one listener per given pool, each pool the listener's default. */
export function loadBalancer(over: Partial<LoadBalancerModel> = {}): LoadBalancerModel {
  return {
    id: id(),
    vip_address: "127.77.0.1",
    admin_state_up: true,
    listeners: [],
    pools: [],
    ...over,
  };
}

/** One listener -> one pool: the shape most tests need. */
export function simpleLb(opts: { listener?: Partial<ListenerModel>; pool?: Partial<PoolModel>; lb?: Partial<LoadBalancerModel> } = {}) {
  const p = pool(opts.pool);
  const l = listener({ default_pool_id: p.id, ...opts.listener });
  const lb = loadBalancer({ listeners: [l], pools: [p], ...opts.lb });
  return { lb, listener: l, pool: p };
}

/** Where the local driver would keep this load balancer's files (pure: nothing is created). */
export function testPaths(lbId: string, baseDir = "/var/lib/lbaas/amphorae"): AmphoraPaths {
  return amphoraPaths(baseDir, lbId);
}
