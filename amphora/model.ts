// The plain data an amphora is built from. The controller flattens a load balancer tree from the
// database into this shape; `amphora/` never sees rows, tRPC or HTTP. Field names are Octavia's.
// Names and descriptions are deliberately absent: they never reach a config.

// Octavia's vocabulary comes from db/schema/enums.ts and statuses.ts: leaves with no imports, the
// one list of each value that the API, the database and this renderer share (they hold no rows).
import type {
  ClientAuthentication,
  HealthMonitorType,
  HttpMethod,
  InsertHeaderKey,
  L7PolicyAction,
  L7RuleCompareType,
  L7RuleType,
  LbAlgorithm,
  ListenerProtocol,
  PoolProtocol,
  SessionPersistenceType,
} from "../db/schema/enums";
import type { ProvisioningStatus } from "../db/schema/statuses";
import type { ALPN_PROTOCOLS, TLS_VERSIONS } from "./patterns";

export type {
  HealthMonitorType,
  HttpMethod,
  L7PolicyAction,
  L7RuleCompareType,
  L7RuleType,
  LbAlgorithm,
  ListenerProtocol,
  PoolProtocol,
  ProvisioningStatus,
  SessionPersistenceType,
};

// TLS: what a TERMINATED_HTTPS listener serves and what a re-encrypting pool presents and checks
// (amphora/tls.ts turns them into files and options).
export type TlsVersion = (typeof TLS_VERSIONS)[number];
export type AlpnProtocol = (typeof ALPN_PROTOCOLS)[number];

export interface ListenerTlsModel {
  /** PEM bundles (certificate, intermediates, key): the default certificate first, then the SNI ones. */
  certificates: string[];
  /** PEM CA certificates that client certificates must chain to; null: clients are not asked for one. */
  client_ca: string | null;
  client_crl: string | null;
  client_authentication: ClientAuthentication;
  tls_versions: TlsVersion[];
  tls_ciphers: string | null;
  alpn_protocols: AlpnProtocol[];
}

export interface PoolTlsModel {
  /** PEM bundle the amphora presents to members that ask for a client certificate. */
  client_certificate: string | null;
  /** PEM CA certificates members' certificates must chain to; null: members are not verified. */
  ca: string | null;
  crl: string | null;
  tls_versions: TlsVersion[];
  tls_ciphers: string | null;
  alpn_protocols: AlpnProtocol[];
}

export interface HealthMonitorModel {
  id: string;
  type: HealthMonitorType;
  delay: number; // seconds
  timeout: number; // seconds
  max_retries: number;
  max_retries_down: number;
  http_method: HttpMethod | null;
  url_path: string | null;
  expected_codes: string | null;
  http_version: number | null;
  domain_name: string | null;
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
}

export interface MemberModel {
  id: string;
  address: string;
  protocol_port: number;
  weight: number;
  backup: boolean;
  admin_state_up: boolean;
  monitor_address: string | null;
  monitor_port: number | null;
  provisioning_status: ProvisioningStatus;
}

export interface PoolModel {
  id: string;
  protocol: PoolProtocol;
  lb_algorithm: LbAlgorithm;
  session_persistence: { type: SessionPersistenceType; cookie_name: string | null } | null;
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
  members: MemberModel[];
  healthmonitor: HealthMonitorModel | null;
  /** Re-encryption to the members (tls_enabled); absent or null: plain connections. */
  tls?: PoolTlsModel | null;
}

export interface L7RuleModel {
  id: string;
  type: L7RuleType;
  compare_type: L7RuleCompareType;
  key: string | null;
  value: string;
  invert: boolean;
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
}

export interface L7PolicyModel {
  id: string;
  action: L7PolicyAction;
  /** 1..N within the listener: the first policy whose rules all match wins. */
  position: number;
  redirect_pool_id: string | null;
  redirect_url: string | null;
  redirect_prefix: string | null;
  redirect_http_code: number | null;
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
  rules: L7RuleModel[];
}

export interface ListenerModel {
  id: string;
  protocol: ListenerProtocol;
  protocol_port: number;
  connection_limit: number; // -1 = unlimited
  timeout_client_data: number; // ms
  timeout_member_connect: number; // ms
  timeout_member_data: number; // ms
  timeout_tcp_inspect: number; // ms
  insert_headers: Partial<Record<InsertHeaderKey, boolean>>;
  allowed_cidrs: string[];
  default_pool_id: string | null;
  /** TERMINATED_HTTPS: its certificates and TLS settings. */
  tls?: ListenerTlsModel | null;
  /** HTTP and TERMINATED_HTTPS listeners only; absent means none. */
  l7policies?: L7PolicyModel[];
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
}

export interface LoadBalancerModel {
  id: string;
  vip_address: string;
  admin_state_up: boolean;
  listeners: ListenerModel[];
  pools: PoolModel[];
}

/** Where one amphora keeps its files; chosen by the driver, passed to the renderer. */
export interface AmphoraPaths {
  dir: string;
  config: string;
  statsSocket: string;
  masterSocket: string;
  pidFile: string;
  /** `show servers state` is saved here before a reload, so health and runtime changes survive it. */
  serverStateFile: string;
  /** The external-check program PING monitors run (HAProxy's argument list is not ping's). */
  pingScript: string;
}
