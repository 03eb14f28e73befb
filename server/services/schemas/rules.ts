import { COOKIE_NAME, DOMAIN_NAME, EXPECTED_CODES, URL_PATH } from "@/amphora/patterns";
import {
  HTTP_LISTENER_PROTOCOLS,
  HTTP_MONITOR_TYPES,
  type HealthMonitorType,
  type LbAlgorithm,
  type ListenerProtocol,
  MONITOR_TYPES_FOR_POOL,
  type PoolProtocol,
  POOL_PROTOCOLS_FOR_LISTENER,
  SESSION_PERSISTENCE_FOR_POOL,
  type SessionPersistenceType,
  UNSUPPORTED_ALGORITHMS,
} from "./enums";

// Octavia's cross-field rules as pure functions: each returns the message Octavia gives, or null.
// The zod schemas run them when both sides are in one input; the services run them again when
// one side comes from the database (a pool created under an existing listener).

/** An algorithm the provider cannot run: the API refuses it, the forms mark and refuse it. */
export function algorithmRule(algorithm: LbAlgorithm): string | null {
  const reason = UNSUPPORTED_ALGORITHMS[algorithm];
  return reason ? `lb_algorithm ${algorithm} is ${reason}` : null;
}

/** Octavia's 409 for a second member on one address and port of a pool. */
export const duplicateMemberMessage = (ip: string, port: number | string) =>
  `Another member on this pool is already using ip ${ip} on protocol_port ${port}`;

export function poolProtocolRule(listener: ListenerProtocol, pool: PoolProtocol): string | null {
  return POOL_PROTOCOLS_FOR_LISTENER[listener].includes(pool)
    ? null
    : `The pool protocol '${pool}' is invalid while the listener protocol is '${listener}'.`;
}

export function monitorTypeRule(pool: PoolProtocol, type: HealthMonitorType): string | null {
  if (MONITOR_TYPES_FOR_POOL[pool].includes(type)) return null;
  if (type === "UDP-CONNECT" || type === "SCTP") {
    return `The health monitor type ${type} is only valid for UDP and SCTP pools, not for a ${pool} pool.`;
  }
  return `The associated pool protocol is ${pool}. Health monitor type must be one of ${MONITOR_TYPES_FOR_POOL[pool].join(", ")}.`;
}

export function udpConnectDelayRule(type: HealthMonitorType, delay: number): string | null {
  return type === "UDP-CONNECT" && delay < 3
    ? `The request delay value ${delay} should be larger than 3 for UDP-CONNECT health monitor type.`
    : null;
}

export const HTTP_ONLY_MONITOR_FIELDS = ["http_method", "url_path", "expected_codes", "http_version", "domain_name"] as const;

export function httpOnlyMonitorFieldRule(type: HealthMonitorType, field: string): string | null {
  return HTTP_MONITOR_TYPES.includes(type) ? null : `${field} is not a valid option for health monitors of type ${type}`;
}

export function insertHeadersRule(protocol: ListenerProtocol): string | null {
  return HTTP_LISTENER_PROTOCOLS.includes(protocol)
    ? null
    : `insert-headers is not a valid option for a ${protocol} protocol listener.`;
}


export function sessionPersistenceRule(
  poolProtocol: PoolProtocol,
  sp: { type: string; cookie_name?: string | null },
): { field: "type" | "cookie_name"; message: string } | null {
  const allowed = SESSION_PERSISTENCE_FOR_POOL[poolProtocol];
  if (!allowed.includes(sp.type as SessionPersistenceType)) {
    return {
      field: "type",
      message: `Session persistence of type ${sp.type} is not supported for ${poolProtocol} protocol pools; they allow ${allowed.join(", ")}.`,
    };
  }
  const cookie = sp.cookie_name;
  if (sp.type !== "APP_COOKIE") {
    return cookie == null
      ? null
      : {
          field: "cookie_name",
          message: 'Field "cookie_name" can only be specified with session persistence of type "APP_COOKIE".',
        };
  }
  if (cookie == null || cookie === "") {
    return {
      field: "cookie_name",
      message: 'Field "cookie_name" must be specified when using the "APP_COOKIE" session persistence type.',
    };
  }
  if (!COOKIE_NAME.test(cookie)) {
    return { field: "cookie_name", message: 'Supplied "cookie_name" is invalid.' };
  }
  return null;
}

export function expectedCodesRule(value: string): string | null {
  if (!EXPECTED_CODES.test(value)) {
    return "expected_codes must be a code (200), a list (200,202,204) or a range (200-204) of three-digit HTTP codes";
  }
  const [low, high] = value.split("-");
  if (high !== undefined && Number(low) > Number(high)) {
    return "expected_codes range must go from the lower code to the higher one";
  }
  return null;
}

/** An absolute path (no scheme, no host: `//host/` is a network path) of the allow-listed characters. */
export function urlPathRule(value: string): string | null {
  return URL_PATH.test(value) && !value.startsWith("//") ? null : "Value must be a valid URL Path string";
}

export function domainNameRule(value: string): string | null {
  return DOMAIN_NAME.test(value) ? null : "domain_name must be a valid host name (RFC 1123)";
}
