import { DEFAULT_LISTENER_PORT, freeListenerPort, type ListenerFormValues, newListenerValues, type UsedPort } from "@/components/forms/listener-form";
import { defaultMonitorType, type MonitorFormValues, monitorTypesFor, newMonitorValues } from "@/components/forms/monitor-form";
import { newPoolValues, persistenceFor, POOL_PROTOCOL_FOR_LISTENER, type PoolFormValues } from "@/components/forms/pool-form";
import type { HealthMonitorType, ListenerProtocol } from "@/server/services/schemas/enums";

// The wizard's form state: what the user typed, as typed (numbers stay strings until
// buildGraph), one section per resource in the shape of that resource's form (the same fields
// as Create/Edit dialogs), plus the pure updaters that keep the defaults following each other
// (listener port follows the protocol, the pool protocol and member ports follow the listener,
// the monitor type follows the pool protocol) until the user sets a value of their own.

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
    /** An availability zone's name; "" places the amphora on any host. */
    availability_zone: string;
    /** A flavor's id; "" takes the cloud's defaults (one amphora). */
    flavor_id: string;
    admin_state_up: boolean;
  };
  listener: ListenerFormValues & { enabled: boolean; portTouched: boolean };
  /** The listener's default pool; its protocol follows the listener's. */
  pool: PoolFormValues & { enabled: boolean };
  members: MemberDraft[];
  /** The subnet the members step lists instances of; null follows the VIP's subnet. */
  memberSubnetId: string | null;
  monitor: MonitorFormValues & { enabled: boolean; typeTouched: boolean };
}

/**
 * What the wizard creates: a whole load balancer (steps 1–5, `loadBalancer.create`), or a
 * listener with its pool tree on an existing one (steps 2–5, `listener.create`).
 */
export type WizardMode =
  | { kind: "loadbalancer" }
  | { kind: "listener"; loadbalancer: { id: string; vip_subnet_id: string }; usedPorts: readonly UsedPort[] };

export const LOAD_BALANCER_MODE: WizardMode = { kind: "loadbalancer" };

/** The ports taken on the load balancer the wizard adds to (none for a new one). */
export const usedPortsOf = (mode: WizardMode): readonly UsedPort[] => (mode.kind === "listener" ? mode.usedPorts : []);

export function initialWizardState(mode: WizardMode = LOAD_BALANCER_MODE): WizardState {
  // A listener goes on a load balancer that exists: its VIP subnet is where instances are listed.
  const vip_subnet: SubnetChoice | null =
    mode.kind === "listener" ? { id: mode.loadbalancer.vip_subnet_id, name: "", cidr: "", network_name: "" } : null;
  const listener = newListenerValues(usedPortsOf(mode));
  const poolProtocol = POOL_PROTOCOL_FOR_LISTENER[listener.protocol] ?? "HTTP";
  return {
    lb: { name: "", description: "", vip_address: "", vip_subnet, availability_zone: "", flavor_id: "", admin_state_up: true },
    listener: { ...listener, enabled: true, portTouched: false },
    pool: { ...newPoolValues(poolProtocol), enabled: true },
    members: [],
    memberSubnetId: null,
    monitor: { ...newMonitorValues(poolProtocol), enabled: true, typeTouched: false },
  };
}

/** What the wizard will create: a pool needs a listener, members and a monitor need a pool. */
export function effectiveParts(state: WizardState) {
  const listener = state.listener.enabled;
  const pool = listener && state.pool.enabled && POOL_PROTOCOL_FOR_LISTENER[state.listener.protocol] !== null;
  return { listener, pool, monitor: pool && state.monitor.enabled, poolProtocol: state.pool.protocol };
}

/** The subnet whose instances the members step lists. */
export const memberSubnetOf = (state: WizardState): string | null => state.memberSubnetId ?? state.lb.vip_subnet?.id ?? null;

/**
 * The port new members get: the listener's when it is a valid port, else 80. A TERMINATED_HTTPS
 * listener ends TLS and sends plain HTTP to its pool, so its members' default is 80, not 443
 * (where the demo instances speak HTTPS and an HTTP pool's checks would fail).
 */
export function defaultMemberPort(state: WizardState): string {
  if (state.listener.protocol === "TERMINATED_HTTPS") return "80";
  const port = Number(state.listener.protocol_port);
  return /^\d+$/.test(state.listener.protocol_port.trim()) && port >= 1 && port <= 65535 ? String(port) : "80";
}

/** Members whose port the user has not typed follow the listener's port. */
function syncMemberPorts(state: WizardState): WizardState {
  const port = defaultMemberPort(state);
  if (state.members.every((m) => m.portTouched || m.protocol_port === port)) return state;
  return { ...state, members: state.members.map((m) => (m.portTouched ? m : { ...m, protocol_port: port })) };
}

/** The pool follows the listener's protocol, and keeps only a persistence that protocol allows. */
function syncPool(state: WizardState): WizardState {
  const protocol = POOL_PROTOCOL_FOR_LISTENER[state.listener.protocol];
  if (!protocol) return state;
  const session_persistence = persistenceFor(protocol, state.pool.session_persistence);
  if (protocol === state.pool.protocol && session_persistence === state.pool.session_persistence) return state;
  return { ...state, pool: { ...state.pool, protocol, session_persistence } };
}

/** The monitor type follows the pool protocol until chosen, and never stays one the pool refuses. */
function syncMonitorType(state: WizardState): WizardState {
  const poolProtocol = state.pool.protocol;
  const keep = state.monitor.typeTouched && monitorTypesFor(poolProtocol).includes(state.monitor.type);
  const type = keep ? state.monitor.type : defaultMonitorType(poolProtocol);
  return type === state.monitor.type ? state : { ...state, monitor: { ...state.monitor, type, typeTouched: keep } };
}

/** A new protocol: the port follows it (to a free one) until typed, and so do the pool and the monitor. */
export function setListenerProtocol(state: WizardState, protocol: ListenerProtocol, usedPorts: readonly UsedPort[] = []): WizardState {
  const typed = Number(state.listener.protocol_port);
  const preferred = DEFAULT_LISTENER_PORT[protocol] ?? (Number.isInteger(typed) && typed >= 1 && typed <= 65535 ? typed : 80);
  const protocol_port = state.listener.portTouched ? state.listener.protocol_port : String(freeListenerPort(protocol, usedPorts, preferred));
  return syncMonitorType(syncPool(syncMemberPorts({ ...state, listener: { ...state.listener, protocol, protocol_port } })));
}

export function setListenerPort(state: WizardState, protocol_port: string): WizardState {
  return syncMemberPorts({ ...state, listener: { ...state.listener, protocol_port, portTouched: true } });
}

export function setMonitorType(state: WizardState, type: HealthMonitorType): WizardState {
  return { ...state, monitor: { ...state.monitor, type, typeTouched: true } };
}

/** One listener field as the listener form sets it, with what follows from it. */
export function setListenerField<K extends keyof ListenerFormValues & string>(
  state: WizardState,
  key: K,
  value: ListenerFormValues[K],
  usedPorts: readonly UsedPort[],
): WizardState {
  if (key === "protocol") return setListenerProtocol(state, value as ListenerProtocol, usedPorts);
  if (key === "protocol_port") return setListenerPort(state, value as string);
  return { ...state, listener: { ...state.listener, [key]: value } };
}

/** One monitor field as the monitor form sets it; a chosen type stays chosen. */
export function setMonitorField<K extends keyof MonitorFormValues & string>(state: WizardState, key: K, value: MonitorFormValues[K]): WizardState {
  if (key === "type") return setMonitorType(state, value as HealthMonitorType);
  return { ...state, monitor: { ...state.monitor, [key]: value } };
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

/** A member by address; an empty port follows the listener's. */
export function addExternalMember(state: WizardState, external: { address: string; port: string; weight?: string }): WizardState {
  const port = external.port.trim();
  const member: MemberDraft = {
    key: nextMemberKey(),
    instance_id: null,
    name: "",
    address: external.address.trim(),
    subnet_id: null,
    protocol_port: port === "" ? defaultMemberPort(state) : port,
    portTouched: port !== "",
    weight: external.weight?.trim() || "1",
  };
  return { ...state, members: [...state.members, member] };
}

/** Whether the draft already has a member on this address and port. */
export const hasMemberAt = (state: WizardState, address: string, port: string) =>
  state.members.some((m) => m.address.trim() === address.trim() && m.protocol_port.trim() === port.trim());

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
