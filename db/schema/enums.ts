// Octavia's enumerations: the one list of each, for the table columns, the API's schemas, the
// services, the renderer's model and the UI. It lives here, at the bottom layer, with no imports
// (like ./statuses), because every layer names these values: db/schema types its columns with
// them, and amphora/ (which knows nothing of the control plane) renders them. Nothing here knows
// about the database; the tables that say which values go together are in
// server/services/schemas/enums.ts.

export const LISTENER_PROTOCOLS = ["HTTP", "HTTPS", "TCP", "TERMINATED_HTTPS", "UDP", "SCTP", "PROMETHEUS"] as const;
export type ListenerProtocol = (typeof LISTENER_PROTOCOLS)[number];

export const POOL_PROTOCOLS = ["HTTP", "HTTPS", "TCP", "PROXY", "PROXYV2", "UDP", "SCTP"] as const;
export type PoolProtocol = (typeof POOL_PROTOCOLS)[number];

export const LB_ALGORITHMS = ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"] as const;
export type LbAlgorithm = (typeof LB_ALGORITHMS)[number];

/** Octavia's load balancer topologies: one amphora, or a MASTER and a BACKUP. */
export const LB_TOPOLOGIES = ["SINGLE", "ACTIVE_STANDBY"] as const;
export type LbTopology = (typeof LB_TOPOLOGIES)[number];

export const SESSION_PERSISTENCE_TYPES = ["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"] as const;
export type SessionPersistenceType = (typeof SESSION_PERSISTENCE_TYPES)[number];

export const HEALTH_MONITOR_TYPES = ["HTTP", "HTTPS", "PING", "TCP", "TLS-HELLO", "UDP-CONNECT", "SCTP"] as const;
export type HealthMonitorType = (typeof HEALTH_MONITOR_TYPES)[number];

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PATCH"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

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
export type InsertHeaderKey = (typeof INSERT_HEADER_KEYS)[number];

export const L7POLICY_ACTIONS = ["REDIRECT_TO_POOL", "REDIRECT_TO_URL", "REDIRECT_PREFIX", "REJECT"] as const;
export type L7PolicyAction = (typeof L7POLICY_ACTIONS)[number];

export const L7RULE_TYPES = [
  "HOST_NAME",
  "PATH",
  "FILE_TYPE",
  "HEADER",
  "COOKIE",
  "SSL_CONN_HAS_CERT",
  "SSL_VERIFY_RESULT",
  "SSL_DN_FIELD",
] as const;
export type L7RuleType = (typeof L7RULE_TYPES)[number];

export const L7RULE_COMPARE_TYPES = ["REGEX", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "EQUAL_TO"] as const;
export type L7RuleCompareType = (typeof L7RULE_COMPARE_TYPES)[number];

/** Whether a TERMINATED_HTTPS listener asks its clients for a certificate, and insists on one. */
export const CLIENT_AUTHENTICATIONS = ["NONE", "OPTIONAL", "MANDATORY"] as const;
export type ClientAuthentication = (typeof CLIENT_AUTHENTICATIONS)[number];

/**
 * Protocols with a port space of their own. Every other listener protocol shares the TCP ports
 * (Octavia's rule): a TCP and an HTTP listener cannot both take port 80, a UDP one can.
 */
export const OWN_PORT_SPACE_PROTOCOLS = ["UDP", "SCTP"] as const satisfies readonly ListenerProtocol[];

/** The port space a listener of `protocol` takes its port from: its own, or TCP's. */
export const portFamily = (protocol: string): string => ((OWN_PORT_SPACE_PROTOCOLS as readonly string[]).includes(protocol) ? protocol : "TCP");
