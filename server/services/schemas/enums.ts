// Octavia's enumerations, in one place for schemas, services, the renderer's model and the UI.

export const LISTENER_PROTOCOLS = ["HTTP", "HTTPS", "TCP", "TERMINATED_HTTPS", "UDP", "SCTP", "PROMETHEUS"] as const;
export type ListenerProtocol = (typeof LISTENER_PROTOCOLS)[number];

export const POOL_PROTOCOLS = ["HTTP", "HTTPS", "TCP", "PROXY", "PROXYV2", "UDP", "SCTP"] as const;
export type PoolProtocol = (typeof POOL_PROTOCOLS)[number];

export const LB_ALGORITHMS = ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"] as const;
export type LbAlgorithm = (typeof LB_ALGORITHMS)[number];

export const SESSION_PERSISTENCE_TYPES = ["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"] as const;
export type SessionPersistenceType = (typeof SESSION_PERSISTENCE_TYPES)[number];

export const HEALTH_MONITOR_TYPES = ["HTTP", "HTTPS", "PING", "TCP", "TLS-HELLO", "UDP-CONNECT", "SCTP"] as const;
export type HealthMonitorType = (typeof HEALTH_MONITOR_TYPES)[number];

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PATCH"] as const;

export const INSERT_HEADER_KEYS = [
  "X-Forwarded-For",
  "X-Forwarded-Port",
  "X-Forwarded-Proto",
  // The client certificate's details, TERMINATED_HTTPS only.
  "X-SSL-Client-Verify",
  "X-SSL-Client-Has-Cert",
  "X-SSL-Client-DN",
  "X-SSL-Client-CN",
  "X-SSL-Issuer",
  "X-SSL-Client-SHA1",
  "X-SSL-Client-Not-Before",
  "X-SSL-Client-Not-After",
] as const;

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
