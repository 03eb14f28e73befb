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
  UNSUPPORTED_ALGORITHMS,
  UNSUPPORTED_LISTENER_PROTOCOLS,
} from "@/server/services/schemas/enums";
import { poolProtocolRule, sessionPersistenceRule } from "@/server/services/schemas/rules";
import { DEFAULT_TLS } from "@/server/services/schemas/tls";
import { ALPN_PROTOCOLS, TLS_VERSIONS } from "@/amphora/patterns";
import type { FieldLabels } from "./messages";
import { compact, optionalText } from "./values";

// The pool form, one for the wizard's pool step, Create Pool and Edit Pool. What it offers is
// asked of the API's own rules (rules.ts), so the form never offers what the API refuses: pool
// protocols a listener can use, the session persistence types a pool protocol allows. Its TLS
// fields (re-encryption to the members) pick certificates from the key manager.

export type SessionPersistenceType = (typeof SESSION_PERSISTENCE_TYPES)[number];
export type TlsVersion = (typeof TLS_VERSIONS)[number];
export type AlpnProtocol = (typeof ALPN_PROTOCOLS)[number];
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
  /** Re-encryption to the members; the fields below count only while it is on. */
  tls_enabled: boolean;
  /** secret_refs of the key manager: a client certificate, the CA that signs the members', a CRL. */
  tls_container_ref: string;
  ca_tls_container_ref: string;
  crl_container_ref: string;
  /** None checked, or an empty cipher string: Octavia's default. */
  tls_versions: TlsVersion[];
  tls_ciphers: string;
  alpn_protocols: AlpnProtocol[];
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
  tls_enabled: "TLS Enabled",
  tls_container_ref: "Client Certificate",
  ca_tls_container_ref: "CA Certificate",
  crl_container_ref: "Revocation List",
  tls_versions: "TLS Versions",
  tls_ciphers: "TLS Ciphers",
  alpn_protocols: "ALPN Protocols",
};

export const POOL_TLS_FIELDS = [
  "tls_enabled",
  "tls_container_ref",
  "ca_tls_container_ref",
  "crl_container_ref",
  "tls_versions",
  "tls_ciphers",
  "alpn_protocols",
] as const satisfies readonly (keyof PoolFormValues)[];

export const POOL_FORM_FIELDS = ["name", "description", "listener_id", "protocol", "lb_algorithm", "session_persistence", "cookie_name", "admin_state_up", ...POOL_TLS_FIELDS];

/** HAProxy speaks TLS to servers over TCP only: UDP and SCTP pools are not offered it. */
export const supportsPoolTls = (protocol: PoolProtocol) => protocol !== "UDP" && protocol !== "SCTP";

/** The versions and ALPN protocols a form starts with: Octavia's defaults, checked. */
const DEFAULT_TLS_VERSIONS = TLS_VERSIONS.filter((t) => DEFAULT_TLS.tls_versions.includes(t));
const DEFAULT_ALPN = ALPN_PROTOCOLS.filter((a) => DEFAULT_TLS.alpn_protocols.includes(a));

/** Every algorithm, those the HAProxy amphorae cannot run with the API's reason shown beside them. */
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
    tls_enabled: false,
    tls_container_ref: "",
    ca_tls_container_ref: "",
    crl_container_ref: "",
    tls_versions: DEFAULT_TLS_VERSIONS,
    tls_ciphers: "",
    alpn_protocols: DEFAULT_ALPN,
  };
}

export function poolFormValues(p: Pool): PoolFormValues {
  const sp = p.session_persistence;
  return {
    name: p.name,
    description: p.description,
    listener_id: "",
    protocol: p.protocol,
    lb_algorithm: p.lb_algorithm,
    session_persistence: (sp?.type ?? "") as SessionPersistenceChoice,
    cookie_name: sp?.cookie_name ?? "",
    admin_state_up: p.admin_state_up,
    tls_enabled: p.tls_enabled,
    tls_container_ref: p.tls_container_ref ?? "",
    ca_tls_container_ref: p.ca_tls_container_ref ?? "",
    crl_container_ref: p.crl_container_ref ?? "",
    tls_versions: TLS_VERSIONS.filter((t) => (p.tls_versions ?? DEFAULT_TLS.tls_versions).includes(t)),
    // The default cipher string is long and says nothing typed: it shows as the empty field.
    tls_ciphers: p.tls_ciphers && p.tls_ciphers !== DEFAULT_TLS.tls_ciphers ? p.tls_ciphers : "",
    alpn_protocols: ALPN_PROTOCOLS.filter((a) => (p.alpn_protocols ?? DEFAULT_TLS.alpn_protocols).includes(a)),
  };
}

/**
 * The TLS fields as the API takes them. Off: nothing on create; on update, TLS off and every ref
 * cleared (a secret a pool names cannot be deleted). On: each ref, list and cipher string, where
 * empty is Octavia's default (left out on create, null on update).
 */
function poolTlsOf(v: PoolFormValues, empty: undefined | null) {
  if (!supportsPoolTls(v.protocol)) return {};
  if (!v.tls_enabled) {
    return empty === undefined
      ? {}
      : { tls_enabled: false, tls_container_ref: null, ca_tls_container_ref: null, crl_container_ref: null, tls_versions: null, tls_ciphers: null, alpn_protocols: null };
  }
  const or = <T>(value: T, given: boolean) => (given ? value : empty);
  return {
    tls_enabled: true,
    tls_container_ref: or(v.tls_container_ref, v.tls_container_ref !== ""),
    ca_tls_container_ref: or(v.ca_tls_container_ref, v.ca_tls_container_ref !== ""),
    // A revocation list needs the CA it revokes for; the form hides it without one.
    crl_container_ref: or(v.crl_container_ref, v.crl_container_ref !== "" && v.ca_tls_container_ref !== ""),
    tls_versions: or(v.tls_versions, v.tls_versions.length > 0),
    tls_ciphers: or(v.tls_ciphers.trim(), v.tls_ciphers.trim() !== ""),
    alpn_protocols: or(v.alpn_protocols, v.alpn_protocols.length > 0),
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
    ...poolTlsOf(v, undefined),
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
    ...poolTlsOf(v, null),
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
