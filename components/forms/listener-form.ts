import type { Listener } from "@/components/api-types";
import { listOf, textOf } from "@/components/ui/form-values";
import { HTTP_LISTENER_PROTOCOLS, INSERT_HEADER_KEYS, type ListenerProtocol, portFamily } from "@/server/services/schemas/enums";
import type { FieldLabels } from "./messages";
import { clearableNumber, compact, optionalText, parseNumber } from "./values";

// The listener form, one for the wizard's listener step, Create Listener and Edit Listener: its
// values as typed, the labels its fields and messages use, and the inputs it makes (create: the
// listener part of a graph; edit: listener.update, where protocol and port never change).

export type InsertHeaderKey = (typeof INSERT_HEADER_KEYS)[number];

export interface ListenerFormValues extends Record<string, unknown> {
  name: string;
  description: string;
  protocol: ListenerProtocol;
  protocol_port: string;
  connection_limit: string;
  /** Edit only: a pool of the load balancer, or "" for none. */
  default_pool_id: string;
  allowed_cidrs: string;
  admin_state_up: boolean;
  insert_headers: InsertHeaderKey[];
  timeout_client_data: string;
  timeout_member_connect: string;
  timeout_member_data: string;
  timeout_tcp_inspect: string;
  /** TERMINATED_HTTPS: secret_refs of the key manager (Horizon's "SSL Certificates"). */
  default_tls_container_ref: string;
  sni_container_refs: string[];
}

export const LISTENER_LABELS: FieldLabels = {
  name: "Name",
  description: "Description",
  protocol: "Protocol",
  protocol_port: "Port",
  connection_limit: "Connection Limit",
  default_pool_id: "Default Pool",
  allowed_cidrs: "Allowed CIDRs",
  admin_state_up: "Admin State Up",
  insert_headers: "Insert Headers",
  "insert-headers": "Insert Headers",
  timeout_client_data: "Client Data Timeout",
  timeout_member_connect: "Member Connect Timeout",
  timeout_member_data: "Member Data Timeout",
  timeout_tcp_inspect: "TCP Inspect Timeout",
  default_tls_container_ref: "Default Certificate",
  sni_container_refs: "SNI Certificates",
  client_authentication: "Client Authentication",
};

export const LISTENER_FORM_FIELDS = Object.keys(LISTENER_LABELS).filter((k) => !k.includes("-"));

/** Octavia's timeouts (ms) when none is given: what an empty field means. */
export const LISTENER_TIMEOUT_DEFAULTS = {
  timeout_client_data: 50000,
  timeout_member_connect: 5000,
  timeout_member_data: 50000,
  timeout_tcp_inspect: 0,
} as const;
export type TimeoutKey = keyof typeof LISTENER_TIMEOUT_DEFAULTS;
export const TIMEOUT_KEYS = Object.keys(LISTENER_TIMEOUT_DEFAULTS) as TimeoutKey[];

/** The listener protocols the forms offer, in Horizon's order (the unsupported ones shown disabled). */
export const FORM_LISTENER_PROTOCOLS = ["HTTP", "TCP", "HTTPS", "TERMINATED_HTTPS", "UDP"] as const satisfies readonly ListenerProtocol[];

export const DEFAULT_LISTENER_PORT: Partial<Record<ListenerProtocol, number>> = { HTTP: 80, HTTPS: 443, TERMINATED_HTTPS: 443 };

export const supportsInsertHeaders = (protocol: string) => HTTP_LISTENER_PROTOCOLS.includes(protocol as ListenerProtocol);

/** The headers a listener of `protocol` may insert: the X-SSL-* ones only where TLS ends. */
export const insertHeaderOptions = (protocol: string): InsertHeaderKey[] =>
  INSERT_HEADER_KEYS.filter((k) => protocol === "TERMINATED_HTTPS" || !k.startsWith("X-SSL-"));

export const terminatesTls = (protocol: string) => protocol === "TERMINATED_HTTPS";

/** A listener already on the load balancer: its port is taken for listeners of the same family. */
export interface UsedPort {
  protocol: string;
  protocol_port: number;
}

/** The listener already using `port` in `protocol`'s family, if any. */
export const listenerOnPort = (used: readonly UsedPort[], protocol: string, port: number) =>
  used.find((u) => u.protocol_port === port && portFamily(u.protocol) === portFamily(protocol));

/**
 * A port a new `protocol` listener can have: `preferred` when free, else the same port in the
 * 8000s (8080 beside 80, 8443 beside 443), else the next free one above.
 */
export function freeListenerPort(protocol: string, used: readonly UsedPort[], preferred: number): number {
  if (!listenerOnPort(used, protocol, preferred)) return preferred;
  const start = preferred < 8000 ? 8000 + preferred : preferred + 1;
  for (let i = 0; i < 65535; i++) {
    const port = ((start - 1 + i) % 65535) + 1;
    if (!listenerOnPort(used, protocol, port)) return port;
  }
  return preferred;
}

export function newListenerValues(used: readonly UsedPort[] = []): ListenerFormValues {
  return {
    name: "",
    description: "",
    protocol: "HTTP",
    protocol_port: String(freeListenerPort("HTTP", used, 80)),
    connection_limit: "-1",
    default_pool_id: "",
    allowed_cidrs: "",
    admin_state_up: true,
    insert_headers: [],
    timeout_client_data: String(LISTENER_TIMEOUT_DEFAULTS.timeout_client_data),
    timeout_member_connect: String(LISTENER_TIMEOUT_DEFAULTS.timeout_member_connect),
    timeout_member_data: String(LISTENER_TIMEOUT_DEFAULTS.timeout_member_data),
    timeout_tcp_inspect: String(LISTENER_TIMEOUT_DEFAULTS.timeout_tcp_inspect),
    default_tls_container_ref: "",
    sni_container_refs: [],
  };
}

export function listenerFormValues(l: Listener): ListenerFormValues {
  return {
    name: l.name,
    description: l.description,
    protocol: l.protocol,
    protocol_port: String(l.protocol_port),
    connection_limit: textOf(l.connection_limit),
    default_pool_id: l.default_pool_id ?? "",
    allowed_cidrs: l.allowed_cidrs.join(", "),
    admin_state_up: l.admin_state_up,
    insert_headers: INSERT_HEADER_KEYS.filter((k) => l.insert_headers[k] === true),
    timeout_client_data: textOf(l.timeout_client_data),
    timeout_member_connect: textOf(l.timeout_member_connect),
    timeout_member_data: textOf(l.timeout_member_data),
    timeout_tcp_inspect: textOf(l.timeout_tcp_inspect),
    default_tls_container_ref: l.default_tls_container_ref ?? "",
    sni_container_refs: l.sni_container_refs,
  };
}

/** Whether a timeout differs from Octavia's default: the advanced fields then start open. */
export const hasCustomTimeouts = (v: ListenerFormValues) =>
  TIMEOUT_KEYS.some((k) => v[k].trim() !== "" && parseNumber(v[k]) !== LISTENER_TIMEOUT_DEFAULTS[k]);

const headersOf = (v: ListenerFormValues) =>
  Object.fromEntries(v.insert_headers.filter((k) => insertHeaderOptions(v.protocol).includes(k)).map((k) => [k, true]));

/** The certificate refs of a TERMINATED_HTTPS listener; nothing for other protocols. */
const certificatesOf = (v: ListenerFormValues) =>
  terminatesTls(v.protocol)
    ? { default_tls_container_ref: v.default_tls_container_ref || null, sni_container_refs: v.sni_container_refs }
    : {};

/** The listener's own fields of a create (a graph's listener, or listener.create): empty means Octavia's default. */
export function listenerCreateFields(v: ListenerFormValues) {
  const cidrs = listOf(v.allowed_cidrs);
  return compact({
    name: optionalText(v.name),
    description: optionalText(v.description),
    protocol: v.protocol,
    protocol_port: parseNumber(v.protocol_port) as number,
    admin_state_up: v.admin_state_up,
    connection_limit: parseNumber(v.connection_limit),
    timeout_client_data: parseNumber(v.timeout_client_data),
    timeout_member_connect: parseNumber(v.timeout_member_connect),
    timeout_member_data: parseNumber(v.timeout_member_data),
    timeout_tcp_inspect: parseNumber(v.timeout_tcp_inspect),
    insert_headers: supportsInsertHeaders(v.protocol) && v.insert_headers.length > 0 ? headersOf(v) : undefined,
    allowed_cidrs: cidrs.length > 0 ? cidrs : undefined,
    ...certificatesOf(v),
  });
}

/** listener.update: everything Octavia lets change; a cleared limit is unlimited, a cleared timeout its default. */
export function listenerUpdateFromForm(id: string, v: ListenerFormValues) {
  return {
    id,
    name: v.name.trim(),
    description: v.description.trim(),
    admin_state_up: v.admin_state_up,
    connection_limit: parseNumber(v.connection_limit) ?? -1,
    timeout_client_data: clearableNumber(v.timeout_client_data),
    timeout_member_connect: clearableNumber(v.timeout_member_connect),
    timeout_member_data: clearableNumber(v.timeout_member_data),
    timeout_tcp_inspect: clearableNumber(v.timeout_tcp_inspect),
    default_pool_id: v.default_pool_id === "" ? null : v.default_pool_id,
    ...(supportsInsertHeaders(v.protocol) ? { insert_headers: headersOf(v) } : {}),
    allowed_cidrs: listOf(v.allowed_cidrs),
    // A new default certificate here is a rotation: the amphora reloads hitlessly.
    ...certificatesOf(v),
  };
}
