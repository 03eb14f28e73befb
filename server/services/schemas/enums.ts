// Which of Octavia's values go together (listener and pool protocols, monitor types, session
// persistence). The value lists themselves live in db/schema/enums.ts, the leaf every layer may
// import, and are re-exported here for the schemas, services and UI.
import {
  type HealthMonitorType,
  type LbAlgorithm,
  type ListenerProtocol,
  type PoolProtocol,
  type SessionPersistenceType,
  SESSION_PERSISTENCE_TYPES,
} from "@/db/schema/enums";

export * from "@/db/schema/enums";

/** Octavia's listener protocol -> allowed pool protocols table. */
export const POOL_PROTOCOLS_FOR_LISTENER: Record<ListenerProtocol, readonly PoolProtocol[]> = {
  TCP: ["HTTP", "HTTPS", "PROXY", "PROXYV2", "TCP"],
  HTTP: ["HTTP", "PROXY", "PROXYV2"],
  HTTPS: ["HTTPS", "PROXY", "PROXYV2", "TCP"],
  TERMINATED_HTTPS: ["HTTP", "PROXY", "PROXYV2"],
  UDP: ["UDP"],
  SCTP: ["SCTP"],
  PROMETHEUS: [],
};

/**
 * Listener protocols this provider (HAProxy amphorae on one host) cannot serve, with the reason.
 * UDP and SCTP need LVS in Octavia; TERMINATED_HTTPS needs certificates from a key manager.
 */
export const UNSUPPORTED_LISTENER_PROTOCOLS: Partial<Record<ListenerProtocol, string>> = {
  UDP: "UDP listeners need an LVS data plane, which this provider does not run",
  SCTP: "SCTP listeners need an LVS data plane, which this provider does not run",
  PROMETHEUS: "PROMETHEUS listeners are not supported by this provider yet",
};

/**
 * Load-balancing algorithms this provider cannot run, with the reason: HAProxy has no balance
 * on the client's address and port together.
 */
export const UNSUPPORTED_ALGORITHMS: Partial<Record<LbAlgorithm, string>> = {
  SOURCE_IP_PORT: "not supported by HAProxy amphorae",
};

/** Health monitor types allowed on a pool of each protocol. */
export const MONITOR_TYPES_FOR_POOL: Record<PoolProtocol, readonly HealthMonitorType[]> = {
  HTTP: ["HTTP", "HTTPS", "PING", "TCP", "TLS-HELLO"],
  HTTPS: ["HTTP", "HTTPS", "PING", "TCP", "TLS-HELLO"],
  TCP: ["HTTP", "HTTPS", "PING", "TCP", "TLS-HELLO"],
  PROXY: ["HTTP", "HTTPS", "PING", "TCP", "TLS-HELLO"],
  PROXYV2: ["HTTP", "HTTPS", "PING", "TCP", "TLS-HELLO"],
  UDP: ["UDP-CONNECT", "SCTP", "TCP", "HTTP"],
  SCTP: ["UDP-CONNECT", "SCTP", "TCP", "HTTP"],
};

/**
 * Session persistence types a pool of each protocol can have. Cookies live in HTTP: HAProxy reads
 * and sets them only in an HTTP backend, and every pool protocol but HTTP is proxied as a byte
 * stream (HTTPS is passed through encrypted; PROXY pools follow their listener, which may be TCP).
 */
export const SESSION_PERSISTENCE_FOR_POOL: Record<PoolProtocol, readonly SessionPersistenceType[]> = {
  HTTP: SESSION_PERSISTENCE_TYPES,
  HTTPS: ["SOURCE_IP"],
  TCP: ["SOURCE_IP"],
  PROXY: ["SOURCE_IP"],
  PROXYV2: ["SOURCE_IP"],
  UDP: ["SOURCE_IP"],
  SCTP: ["SOURCE_IP"],
};

export const HTTP_MONITOR_TYPES: readonly HealthMonitorType[] = ["HTTP", "HTTPS"];
export const HTTP_LISTENER_PROTOCOLS: readonly ListenerProtocol[] = ["HTTP", "TERMINATED_HTTPS"];
