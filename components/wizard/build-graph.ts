import type { z } from "zod";
import { HTTP_LISTENER_PROTOCOLS } from "@/server/services/schemas/enums";
import type { listenerCreateInput } from "@/server/services/schemas/listener";
import type { loadBalancerCreateInput } from "@/server/services/schemas/loadBalancer";
import { effectiveParts, isHttpMonitor, type WizardMode, type WizardState } from "./state";

// The form state as the one graph-create input `loadBalancer.create` takes. Pure: the same
// object is validated inline (validate.ts) and sent. The yes/no toggles decide what is in it.

export type LoadBalancerGraph = z.input<typeof loadBalancerCreateInput>;
export type ListenerGraphInput = z.input<typeof listenerCreateInput>;
type ListenerGraph = NonNullable<LoadBalancerGraph["listeners"]>[number];
type PoolGraph = NonNullable<ListenerGraph["default_pool"]>;
type MemberGraph = NonNullable<PoolGraph["members"]>[number];
type MonitorGraph = NonNullable<PoolGraph["healthmonitor"]>;

/**
 * A typed number: "" is absent (undefined: the API's default, or "is required"), a decimal
 * is its value (the schema then says whether it is whole and in range), anything else NaN
 * (the schema says "must be a number").
 */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  return /^[-+]?\d+(?:\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** Optional text: empty means "not given", so the key is left out. */
const optionalText = (text: string) => (text.trim() === "" ? undefined : text);

/** Drops keys whose value is undefined, so the graph holds only what the user gave. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function buildMonitor(state: WizardState): MonitorGraph {
  const m = state.monitor;
  const http = isHttpMonitor(m.type);
  return compact({
    type: m.type,
    delay: parseNumber(m.delay) as number,
    timeout: parseNumber(m.timeout) as number,
    max_retries: parseNumber(m.max_retries) as number,
    max_retries_down: parseNumber(m.max_retries_down),
    http_method: http ? (m.http_method as MonitorGraph["http_method"]) : undefined,
    expected_codes: http ? m.expected_codes : undefined,
    url_path: http ? m.url_path : undefined,
  });
}

function buildMember(member: WizardState["members"][number]): MemberGraph {
  return compact({
    name: optionalText(member.name),
    address: member.address,
    protocol_port: parseNumber(member.protocol_port) as number,
    weight: parseNumber(member.weight),
    subnet_id: member.subnet_id ?? undefined,
  });
}

function buildPool(state: WizardState, protocol: PoolGraph["protocol"], withMonitor: boolean): PoolGraph {
  const p = state.pool;
  return compact({
    protocol,
    name: optionalText(p.name),
    description: optionalText(p.description),
    lb_algorithm: p.lb_algorithm,
    session_persistence:
      p.session_persistence === ""
        ? undefined
        : p.session_persistence === "APP_COOKIE"
          ? { type: p.session_persistence, cookie_name: p.cookie_name }
          : { type: p.session_persistence },
    members: state.members.length > 0 ? state.members.map(buildMember) : undefined,
    healthmonitor: withMonitor ? buildMonitor(state) : undefined,
  });
}

function buildListener(state: WizardState, parts: ReturnType<typeof effectiveParts>): ListenerGraph {
  const l = state.listener;
  const headers = Object.entries(l.insert_headers).filter(([, on]) => on);
  return compact({
    protocol: l.protocol,
    protocol_port: parseNumber(l.protocol_port) as number,
    name: optionalText(l.name),
    description: optionalText(l.description),
    connection_limit: parseNumber(l.connection_limit),
    timeout_client_data: parseNumber(l.timeout_client_data),
    timeout_member_connect: parseNumber(l.timeout_member_connect),
    timeout_member_data: parseNumber(l.timeout_member_data),
    timeout_tcp_inspect: parseNumber(l.timeout_tcp_inspect),
    insert_headers:
      HTTP_LISTENER_PROTOCOLS.includes(l.protocol) && headers.length > 0
        ? Object.fromEntries(headers.map(([key]) => [key, true]))
        : undefined,
    default_pool: parts.pool && parts.poolProtocol ? buildPool(state, parts.poolProtocol, parts.monitor) : undefined,
  });
}

export function buildGraph(state: WizardState): LoadBalancerGraph {
  const parts = effectiveParts(state);
  return compact({
    name: optionalText(state.lb.name),
    description: optionalText(state.lb.description),
    admin_state_up: state.lb.admin_state_up,
    vip_subnet_id: state.lb.vip_subnet?.id,
    vip_address: optionalText(state.lb.vip_address.trim()),
    listeners: parts.listener ? [buildListener(state, parts)] : undefined,
  });
}

/**
 * The listener-mode input of `listener.create`: the listener step's fields at the top level and
 * the pool tree as Octavia's inline default_pool. The listener is always created in this mode.
 */
export function buildListenerGraph(state: WizardState, mode: Extract<WizardMode, { kind: "listener" }>): ListenerGraphInput {
  const forced = { ...state, listener: { ...state.listener, enabled: true } };
  return { loadbalancer_id: mode.loadbalancer.id, ...buildListener(forced, effectiveParts(forced)) };
}
