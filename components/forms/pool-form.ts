import type { Pool } from "@/components/api-types";
import type { FormErrors } from "@/components/ui/form-errors";
import {
  LB_ALGORITHMS,
  type LbAlgorithm,
  LISTENER_PROTOCOLS,
  type ListenerProtocol,
  POOL_PROTOCOLS,
  type PoolProtocol,
  SESSION_PERSISTENCE_TYPES,
  UNSUPPORTED_LISTENER_PROTOCOLS,
} from "@/server/services/schemas/enums";
import { poolProtocolRule, sessionPersistenceRule } from "@/server/services/schemas/rules";
import type { FieldLabels } from "./messages";
import { compact, optionalText } from "./values";

// The pool form, one for the wizard's pool step, Create Pool and Edit Pool. What it offers is
// asked of the API's own rules (rules.ts), so the form never offers what the API refuses: pool
// protocols a listener can use, the session persistence types a pool protocol allows.

export type SessionPersistenceType = (typeof SESSION_PERSISTENCE_TYPES)[number];
export type SessionPersistenceChoice = "" | SessionPersistenceType;

export interface PoolFormValues extends Record<string, unknown> {
  name: string;
  description: string;
  /** Create Pool only: the listener it becomes the default pool of, or "" for none. */
  listener_id: string;
  protocol: PoolProtocol;
  lb_algorithm: LbAlgorithm;
  session_persistence: SessionPersistenceChoice;
  cookie_name: string;
  admin_state_up: boolean;
}

export const POOL_LABELS: FieldLabels = {
  name: "Name",
  description: "Description",
  listener_id: "Listener",
  protocol: "Protocol",
  lb_algorithm: "Algorithm",
  session_persistence: "Session Persistence",
  "session_persistence.type": "Session Persistence",
  cookie_name: "Cookie Name",
  "session_persistence.cookie_name": "Cookie Name",
  admin_state_up: "Admin State Up",
};

export const POOL_FORM_FIELDS = ["name", "description", "listener_id", "protocol", "lb_algorithm", "session_persistence", "cookie_name", "admin_state_up"];

/** Algorithms the HAProxy amphorae cannot run, with the reason shown beside them. */
export const UNSUPPORTED_ALGORITHMS: Partial<Record<LbAlgorithm, string>> = {
  SOURCE_IP_PORT: "not supported by the amphora provider",
};

export const ALGORITHM_CHOICES = LB_ALGORITHMS.map((a) => ({ value: a, reason: UNSUPPORTED_ALGORITHMS[a] }));

/** The pool protocol a listener's default pool gets unless another is chosen (the wizard does not offer PROXY). */
export const POOL_PROTOCOL_FOR_LISTENER: Record<ListenerProtocol, PoolProtocol | null> = {
  HTTP: "HTTP",
  TERMINATED_HTTPS: "HTTP",
  HTTPS: "HTTPS",
  TCP: "TCP",
  UDP: "UDP",
  SCTP: "SCTP",
  PROMETHEUS: null,
};

const servedListenerProtocols = LISTENER_PROTOCOLS.filter((l) => !UNSUPPORTED_LISTENER_PROTOCOLS[l]);

/** Pool protocols offered: those the listener allows, or with no listener those some listener this provider serves could use. */
export function poolProtocolsFor(listener: ListenerProtocol | null): PoolProtocol[] {
  return POOL_PROTOCOLS.filter((p) =>
    listener ? poolProtocolRule(listener, p) === null : servedListenerProtocols.some((l) => poolProtocolRule(l, p) === null),
  );
}

/** A cookie name the rules accept, to ask them about the type alone. */
const SAMPLE_COOKIE = "SESSIONID";

/** The session persistence types the API accepts on a pool of this protocol. */
export function persistenceTypesFor(protocol: PoolProtocol): SessionPersistenceType[] {
  return SESSION_PERSISTENCE_TYPES.filter(
    (type) => sessionPersistenceRule(protocol, { type, cookie_name: type === "APP_COOKIE" ? SAMPLE_COOKIE : null }) === null,
  );
}

/** The choice kept when the protocol changes: the same type if the new protocol allows it, else none. */
export function persistenceFor(protocol: PoolProtocol, choice: SessionPersistenceChoice): SessionPersistenceChoice {
  return choice !== "" && persistenceTypesFor(protocol).includes(choice) ? choice : "";
}

/**
 * What changes when Create Pool's listener is chosen: the protocol follows it when the old one
 * is not allowed there, and the persistence follows the protocol.
 */
export function poolForListener(v: PoolFormValues, listener: { id: string; protocol: ListenerProtocol } | null): Partial<PoolFormValues> {
  const allowed = poolProtocolsFor(listener?.protocol ?? null);
  const protocol = allowed.includes(v.protocol) ? v.protocol : ((listener && POOL_PROTOCOL_FOR_LISTENER[listener.protocol]) ?? allowed[0] ?? v.protocol);
  return { listener_id: listener?.id ?? "", protocol, session_persistence: persistenceFor(protocol, v.session_persistence) };
}

export function newPoolValues(protocol: PoolProtocol = "HTTP"): PoolFormValues {
  return {
    name: "",
    description: "",
    listener_id: "",
    protocol,
    lb_algorithm: "ROUND_ROBIN",
    session_persistence: "",
    cookie_name: "",
    admin_state_up: true,
  };
}

export function poolFormValues(p: Pool): PoolFormValues {
  const sp = p.session_persistence;
  return {
    name: p.name,
    description: p.description,
    listener_id: "",
    protocol: p.protocol as PoolProtocol,
    lb_algorithm: p.lb_algorithm as LbAlgorithm,
    session_persistence: (sp?.type ?? "") as SessionPersistenceChoice,
    cookie_name: sp?.cookie_name ?? "",
    admin_state_up: p.admin_state_up,
  };
}

/** The chosen persistence as the API takes it: the cookie name only with APP_COOKIE. */
export function sessionPersistenceOf(v: Pick<PoolFormValues, "session_persistence" | "cookie_name">) {
  if (v.session_persistence === "") return null;
  return v.session_persistence === "APP_COOKIE" ? { type: v.session_persistence, cookie_name: v.cookie_name.trim() } : { type: v.session_persistence };
}

/** The pool's own fields of a create (a graph's default pool, or pool.create). */
export function poolCreateFields(v: PoolFormValues) {
  return compact({
    protocol: v.protocol,
    name: optionalText(v.name),
    description: optionalText(v.description),
    lb_algorithm: v.lb_algorithm,
    session_persistence: sessionPersistenceOf(v) ?? undefined,
    admin_state_up: v.admin_state_up,
  });
}

/** pool.create from Create Pool: on the load balancer, or as a listener's default pool. */
export function poolCreateFromForm(loadbalancerId: string, v: PoolFormValues) {
  return { loadbalancer_id: loadbalancerId, ...(v.listener_id ? { listener_id: v.listener_id } : {}), ...poolCreateFields(v) };
}

/** pool.update: what Octavia lets change (never the protocol); no persistence is sent as null, which removes it. */
export function poolUpdateFromForm(id: string, v: PoolFormValues) {
  return {
    id,
    name: v.name.trim(),
    description: v.description.trim(),
    lb_algorithm: v.lb_algorithm,
    session_persistence: sessionPersistenceOf(v),
    admin_state_up: v.admin_state_up,
  };
}

/** The API's paths for the persistence ("session_persistence.cookie_name") as the form's fields. */
export function poolFormErrors(errors: FormErrors): FormErrors {
  const out: FormErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const field = key === "session_persistence.cookie_name" ? "cookie_name" : key.startsWith("session_persistence.") ? "session_persistence" : key;
    out[field] ??= message;
  }
  return out;
}

/** The persistence rule for the pool's protocol (the update input does not know the protocol; the API checks it against the row). */
export function persistenceErrors(v: PoolFormValues): FormErrors {
  const sp = sessionPersistenceOf(v);
  const broken = sp && sessionPersistenceRule(v.protocol, sp);
  return broken ? { [broken.field === "type" ? "session_persistence" : "cookie_name"]: broken.message } : {};
}
