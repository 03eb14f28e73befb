import {
  HTTP_MONITOR_TYPES,
  type HealthMonitorType,
  INSERT_HEADER_KEYS,
  type LbAlgorithm,
  type ListenerProtocol,
  MONITOR_TYPES_FOR_POOL,
  type PoolProtocol,
  SESSION_PERSISTENCE_TYPES,
} from "@/server/services/schemas/enums";

// The wizard's form state: what the user typed, as typed (numbers stay strings until
// buildGraph), plus the pure updaters that keep the defaults following each other (listener
// port follows the protocol, member ports follow the listener port, the monitor type follows
// the pool protocol) until the user sets a value of their own.

export type InsertHeaderKey = (typeof INSERT_HEADER_KEYS)[number];
export type SessionPersistenceChoice = "" | (typeof SESSION_PERSISTENCE_TYPES)[number];

export interface SubnetChoice {
  id: string;
  name: string;
  cidr: string;
  network_name: string;
}

export interface MemberDraft {
  /** Stable key for the row (and its errors) while others are added and removed. */
  key: string;
  /** The instance it was added from, or null for an external member. */
  instance_id: string | null;
  name: string;
  address: string;
  subnet_id: string | null;
  protocol_port: string;
  /** Set once the user typed a port: it then no longer follows the listener's. */
  portTouched: boolean;
  weight: string;
}

export interface WizardState {
  lb: {
    name: string;
    description: string;
    vip_address: string;
    vip_subnet: SubnetChoice | null;
    admin_state_up: boolean;
  };
  listener: {
    enabled: boolean;
    name: string;
    description: string;
    protocol: ListenerProtocol;
    protocol_port: string;
    portTouched: boolean;
    connection_limit: string;
    timeout_client_data: string;
    timeout_member_connect: string;
    timeout_member_data: string;
    timeout_tcp_inspect: string;
    insert_headers: Record<InsertHeaderKey, boolean>;
  };
  pool: {
    enabled: boolean;
    name: string;
    description: string;
    lb_algorithm: LbAlgorithm;
    session_persistence: SessionPersistenceChoice;
    cookie_name: string;
  };
  members: MemberDraft[];
  monitor: {
    enabled: boolean;
    type: HealthMonitorType;
    typeTouched: boolean;
    delay: string;
    timeout: string;
    max_retries: string;
    max_retries_down: string;
    http_method: string;
    expected_codes: string;
    url_path: string;
  };
}

/** A listener already on the load balancer: its port is taken for listeners of the same family. */
export interface UsedPort {
  protocol: string;
  protocol_port: number;
}

/**
 * What the wizard creates: a whole load balancer (steps 1–5, `loadBalancer.create`), or a
 * listener with its pool tree on an existing one (steps 2–5, `listener.create`).
 */
export type WizardMode =
  | { kind: "loadbalancer" }
  | { kind: "listener"; loadbalancer: { id: string; vip_subnet_id: string }; usedPorts: readonly UsedPort[] };

export const LOAD_BALANCER_MODE: WizardMode = { kind: "loadbalancer" };

/** UDP and SCTP ports are their own; every other protocol shares the TCP ports (Octavia's rule). */
export const portFamily = (protocol: string) => (protocol === "UDP" || protocol === "SCTP" ? protocol : "TCP");

/** The listener protocols this wizard offers, in Horizon's order. */
export const WIZARD_LISTENER_PROTOCOLS = ["HTTP", "TCP", "HTTPS", "TERMINATED_HTTPS", "UDP"] as const satisfies readonly ListenerProtocol[];

export const DEFAULT_LISTENER_PORT: Partial<Record<ListenerProtocol, number>> = { HTTP: 80, HTTPS: 443, TERMINATED_HTTPS: 443 };

/** The pool protocol that follows from the listener's (the wizard does not offer PROXY). */
export const POOL_PROTOCOL_FOR_LISTENER: Record<ListenerProtocol, PoolProtocol | null> = {
  HTTP: "HTTP",
  TERMINATED_HTTPS: "HTTP",
  HTTPS: "HTTPS",
  TCP: "TCP",
  UDP: "UDP",
  SCTP: "SCTP",
  PROMETHEUS: null,
};

/** Monitor types offered for a pool protocol; UDP-CONNECT and SCTP only for UDP/SCTP pools. */
export function monitorTypesFor(pool: PoolProtocol): HealthMonitorType[] {
  const udpFamily = pool === "UDP" || pool === "SCTP";
  return MONITOR_TYPES_FOR_POOL[pool].filter((t) => udpFamily || (t !== "UDP-CONNECT" && t !== "SCTP"));
}

/** The monitor type a new monitor starts with for a pool protocol. */
export function defaultMonitorType(pool: PoolProtocol): HealthMonitorType {
  const preferred: Partial<Record<PoolProtocol, HealthMonitorType>> = { HTTP: "HTTP", HTTPS: "HTTPS", TCP: "TCP", UDP: "UDP-CONNECT" };
  const allowed = monitorTypesFor(pool);
  const choice = preferred[pool];
  return choice && allowed.includes(choice) ? choice : (allowed[0] ?? "TCP");
}

export function isHttpMonitor(type: HealthMonitorType): boolean {
  return HTTP_MONITOR_TYPES.includes(type);
}

export function initialWizardState(mode: WizardMode = LOAD_BALANCER_MODE): WizardState {
  // A listener goes on a load balancer that exists: its VIP subnet is where instances are listed.
  const vip_subnet: SubnetChoice | null =
    mode.kind === "listener" ? { id: mode.loadbalancer.vip_subnet_id, name: "", cidr: "", network_name: "" } : null;
  return {
    lb: { name: "", description: "", vip_address: "", vip_subnet, admin_state_up: true },
    listener: {
      enabled: true,
      name: "",
      description: "",
      protocol: "HTTP",
      protocol_port: "80",
      portTouched: false,
      connection_limit: "-1",
      timeout_client_data: "50000",
      timeout_member_connect: "5000",
      timeout_member_data: "50000",
      timeout_tcp_inspect: "0",
      insert_headers: { "X-Forwarded-For": false, "X-Forwarded-Port": false, "X-Forwarded-Proto": false },
    },
    pool: { enabled: true, name: "", description: "", lb_algorithm: "ROUND_ROBIN", session_persistence: "", cookie_name: "" },
    members: [],
    monitor: {
      enabled: true,
      type: "HTTP",
      typeTouched: false,
      delay: "5",
      timeout: "5",
      max_retries: "3",
      max_retries_down: "3",
      http_method: "GET",
      expected_codes: "200",
      url_path: "/",
    },
  };
}

/** What the wizard will create: a pool needs a listener, members and a monitor need a pool. */
export function effectiveParts(state: WizardState) {
  const listener = state.listener.enabled;
  const pool = listener && state.pool.enabled;
  const poolProtocol = POOL_PROTOCOL_FOR_LISTENER[state.listener.protocol];
  return { listener, pool: pool && poolProtocol !== null, monitor: pool && poolProtocol !== null && state.monitor.enabled, poolProtocol };
}

/** The port new members get: the listener's when it is a valid port, else 80. */
export function defaultMemberPort(state: WizardState): string {
  const port = Number(state.listener.protocol_port);
  return /^\d+$/.test(state.listener.protocol_port.trim()) && port >= 1 && port <= 65535 ? String(port) : "80";
}

/** Members whose port the user has not typed follow the listener's port. */
function syncMemberPorts(state: WizardState): WizardState {
  const port = defaultMemberPort(state);
  if (state.members.every((m) => m.portTouched || m.protocol_port === port)) return state;
  return { ...state, members: state.members.map((m) => (m.portTouched ? m : { ...m, protocol_port: port })) };
}

/** The monitor type follows the pool protocol until chosen, and never stays one the pool refuses. */
function syncMonitorType(state: WizardState): WizardState {
  const poolProtocol = POOL_PROTOCOL_FOR_LISTENER[state.listener.protocol];
  if (!poolProtocol) return state;
  const allowed = monitorTypesFor(poolProtocol);
  const keep = state.monitor.typeTouched && allowed.includes(state.monitor.type);
  const type = keep ? state.monitor.type : defaultMonitorType(poolProtocol);
  return type === state.monitor.type ? state : { ...state, monitor: { ...state.monitor, type, typeTouched: keep } };
}

export function setListenerProtocol(state: WizardState, protocol: ListenerProtocol): WizardState {
  const defaultPort = DEFAULT_LISTENER_PORT[protocol];
  const protocol_port = !state.listener.portTouched && defaultPort !== undefined ? String(defaultPort) : state.listener.protocol_port;
  return syncMonitorType(syncMemberPorts({ ...state, listener: { ...state.listener, protocol, protocol_port } }));
}

export function setListenerPort(state: WizardState, protocol_port: string): WizardState {
  return syncMemberPorts({ ...state, listener: { ...state.listener, protocol_port, portTouched: true } });
}

export function setMonitorType(state: WizardState, type: HealthMonitorType): WizardState {
  return { ...state, monitor: { ...state.monitor, type, typeTouched: true } };
}

let memberSeq = 0;
const nextMemberKey = () => `m${++memberSeq}`;

export function addInstanceMember(
  state: WizardState,
  instance: { id: string; name: string; fixed_ip: string; subnet_id: string },
): WizardState {
  if (state.members.some((m) => m.instance_id === instance.id)) return state;
  const member: MemberDraft = {
    key: nextMemberKey(),
    instance_id: instance.id,
    name: instance.name,
    address: instance.fixed_ip,
    subnet_id: instance.subnet_id,
    protocol_port: defaultMemberPort(state),
    portTouched: false,
    weight: "1",
  };
  return { ...state, members: [...state.members, member] };
}

export function addExternalMember(state: WizardState, address: string, protocol_port: string): WizardState {
  const port = protocol_port.trim();
  const member: MemberDraft = {
    key: nextMemberKey(),
    instance_id: null,
    name: "",
    address: address.trim(),
    subnet_id: null,
    protocol_port: port === "" ? defaultMemberPort(state) : port,
    portTouched: port !== "",
    weight: "1",
  };
  return { ...state, members: [...state.members, member] };
}

export function updateMember(state: WizardState, key: string, patch: Partial<Pick<MemberDraft, "protocol_port" | "weight">>): WizardState {
  return {
    ...state,
    members: state.members.map((m) =>
      m.key !== key ? m : { ...m, ...patch, portTouched: m.portTouched || patch.protocol_port !== undefined },
    ),
  };
}

export function removeMember(state: WizardState, key: string): WizardState {
  return { ...state, members: state.members.filter((m) => m.key !== key) };
}
