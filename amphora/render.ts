import {
  ACCOUNT_NAME,
  COOKIE_NAME,
  checkAddress,
  checkCidr,
  checkId,
  checkInt,
  checkPattern,
  DOMAIN_NAME,
  EXPECTED_CODES,
  FILE_PATH,
  hostForConfig,
  RenderError,
  URL_PATH,
} from "./allow-list";
import { HTTP_METHODS } from "../db/schema/enums";
import { renderL7 } from "./l7";
import type { AmphoraPaths, HealthMonitorModel, ListenerModel, LoadBalancerModel, MemberModel, PoolModel } from "./model";
import { bindTlsOptions, serverTlsOptions, sslHeaderLines } from "./tls";
import { activeMonitor, backendName, defaultPool, isServed, renderedMembers } from "./served";

// Model -> haproxy.cfg text, a pure function (Octavia's jinja_cfg, without templates). One
// config per load balancer, all its listeners. Only IDs and allow-listed values reach the text:
// every interpolation below goes through allow-list.ts, and a value that fails throws
// RenderError rather than being escaped, so no input can add or reshape a directive.

export { RenderError } from "./allow-list";

export interface RenderOptions {
  /**
   * The account the workers drop to; Debian's haproxy package creates haproxy:haproxy. Null
   * leaves it out, for a control plane that does not run as root (only root may switch).
   */
  user?: string | null;
  group?: string | null;
  /**
   * The connections a listener without a limit of its own (connection_limit -1 or 0) may take:
   * its frontend `maxconn`, and its share of the global one. A host-level setting
   * (AMPHORA_MAXCONN). Default UNLIMITED_CONNECTIONS.
   */
  unlimitedMaxconn?: number;
  /**
   * Worker threads. Default 1; null leaves HAProxy's default of one per CPU the host has.
   */
  nbthread?: number | null;
  /**
   * The controller's unix stream socket (an absolute path on the host) where HAProxy forwards
   * its server state changes (UP, DOWN, no server left) through a ring, tagged with the load
   * balancer id: the controller reads an amphora's stats when it hears of a change instead of
   * polling every amphora every second. A unix socket is reached from inside the amphora's
   * network namespace, which no UDP datagram to the host would leave. Null or absent: no log.
   */
  healthLog?: string | null;
}

/**
 * The default of `unlimitedMaxconn`. Octavia counts 50000, but HAProxy sizes its fd tables and
 * pools from the global maxconn at start, whether the connections come or not: 50000 made every
 * amphora's worker 9.5 MiB PSS, 2000 makes it 3.6 MiB (measured on 2.6.12, 20 amphorae running).
 */
export const UNLIMITED_CONNECTIONS = 2_000;

const MAX_SECONDS = 24 * 24 * 3600; // 24 days: keeps `inter`/`timeout check` far from HAProxy's int limits
const MAX_MILLISECONDS = 2_073_600_000; // Octavia's own ceiling for listener timeouts

type Mode = "http" | "tcp";

const HEALTH_RING = "health";
/** sun_path is 108 bytes with its terminating NUL; HAProxy connects to the path as given. */
export const MAX_CONNECT_SOCKET_PATH = 107;

/** What is wrong with `value` as a unix socket path HAProxy's config can name, or null when nothing. */
export function socketPathProblem(value: string): string | null {
  if (!FILE_PATH.test(value)) return `must be an absolute path of letters, digits, '.', '_', '-' and '/' only: ${JSON.stringify(value)}`;
  if (Buffer.byteLength(value) > MAX_CONNECT_SOCKET_PATH) return `is longer than a unix socket path may be (${MAX_CONNECT_SOCKET_PATH} bytes): ${value}`;
  return null;
}

function checkSocketPath(field: string, value: string): string {
  const problem = socketPathProblem(value);
  if (problem !== null) throw new RenderError(`refusing to render ${field}: it ${problem}`);
  return value;
}

/**
 * The ring the worker logs into and forwards from: octet-counted RFC 5424 over the controller's
 * unix socket. HAProxy's worker connects by itself and reconnects when the controller comes
 * back (a restarted controller reads every amphora anyway). A line is a few hundred bytes:
 * maxlen cuts anything longer, and 16 KiB (one buffer) holds dozens of them.
 */
function healthRing(socket: string): string[] {
  return [
    `ring ${HEALTH_RING}`,
    "    format rfc5424",
    "    maxlen 1024",
    "    size 16384",
    "    timeout connect 1s",
    // Required by HAProxy (a missing one is a warning); an idle forwarding connection stays
    // open past it all the same (measured on 2.6), so it causes no reconnect churn.
    "    timeout server 60s",
    `    server controller unix@${socket} log-proto octet-count`,
  ];
}

interface Backend {
  name: string;
  listener: ListenerModel;
  pool: PoolModel;
}

export function renderConfig(lb: LoadBalancerModel, paths: AmphoraPaths, opts: RenderOptions = {}): string {
  checkId("load balancer id", lb.id);
  const account = (field: "user" | "group") => {
    const name = opts[field] === undefined ? "haproxy" : opts[field];
    return name === null ? [] : [`    ${field} ${checkPattern(field, name, ACCOUNT_NAME)}`];
  };
  const unlimited = checkInt("unlimitedMaxconn", opts.unlimitedMaxconn ?? UNLIMITED_CONNECTIONS, 1, 1_000_000);
  const nbthread = opts.nbthread === undefined ? 1 : opts.nbthread;
  const healthLog = opts.healthLog ? checkSocketPath("healthLog socket", opts.healthLog) : null;
  const vip = checkAddress("vip_address", lb.vip_address);
  // The VIP only: a floating IP is the router's, which DNATs it to the VIP (server/network).
  const bindAddresses = [vip];

  // A load balancer that is administratively down serves nothing (isServed): HAProxy keeps
  // running with no frontends, so its stats socket still answers and status reads OFFLINE
  // rather than looking like a dead amphora.
  const listeners = lb.listeners.filter((l) => isServed(lb, l));
  const backends: Backend[] = [];
  const frontends = listeners.map((listener) => {
    if (listener.default_pool_id !== null && !lb.pools.some((p) => p.id === listener.default_pool_id)) {
      throw new RenderError(`listener ${JSON.stringify(listener.id)} names default pool ${JSON.stringify(listener.default_pool_id)}, which is not in the model`);
    }
    const pool = defaultPool(lb, listener);
    const backend = pool ? { name: backendName(pool, listener), listener, pool } : null;
    if (backend) backends.push(backend);
    // Policies only mean something to an HTTP frontend (the service refuses them elsewhere).
    const l7 = frontendMode(listener) === "http" ? renderL7(lb, listener) : { lines: [], pools: [] };
    const l7Backends = l7.pools.filter((p) => p !== pool).map((p) => ({ name: backendName(p, listener), listener, pool: p }));
    backends.push(...l7Backends);
    return renderFrontend(listener, bindAddresses, backend, unlimited, { lines: l7.lines, backends: l7Backends }, paths);
  });
  const usesExternalCheck = backends.some((b) => activeMonitor(b.pool)?.type === "PING");

  const maxconn = listeners.reduce((sum, l) => sum + listenerMaxconn(l, unlimited), 0);
  const global = [
    "global",
    ...account("user"),
    ...account("group"),
    // With no listener there is nothing to size; HAProxy then derives a limit from ulimit -n.
    ...(maxconn > 0 ? [`    maxconn ${maxconn}`] : []),
    // 2.6 starts a thread per CPU, each with its own pools and caches (about 0.26 MiB PSS per
    // thread, measured): a 16-CPU host makes each amphora 3.5 MiB bigger. One load balancer's
    // traffic does not need them (one thread relays tens of thousands of requests a second), and
    // a host runs many amphorae, which share its CPUs anyway.
    ...(nbthread === null ? [] : [`    nbthread ${checkInt("nbthread", nbthread, 1, 64)}`]),
    // maxconn asks for 2 fds per connection. On a host whose hard RLIMIT_NOFILE is lower than
    // that (containers, CI, a large explicit connection_limit), 2.6's default strict-limits
    // refuses to start at all; without it HAProxy starts, warns, and pauses accepting only if it
    // ever runs out of fds.
    "    no strict-limits",
    // `expose-fd listeners` lets a new process take over the listening sockets of the running
    // one (`-x`), so no connection is refused while both exist. In master-worker mode the
    // master also does this over its own socketpair; the socket keeps a manual restart seamless.
    `    stats socket ${checkPattern("stats socket path", paths.statsSocket, FILE_PATH)} mode 600 level admin expose-fd listeners`,
    // The driver dumps `show servers state` here before each reload, so health, runtime
    // weights and maintenance survive it instead of every server restarting as UP.
    `    server-state-file ${checkPattern("server state file path", paths.serverStateFile, FILE_PATH)}`,
    // PING monitors run an external program: HAProxy 2.6 refuses `option external-check`
    // without `external-check` here, forbids fork() without `insecure-fork-wanted`, and runs
    // workers with no_new_privs, which would strip ping of the capability it needs to send ICMP
    // as the haproxy user, without `insecure-setuid-wanted`. Only configs with PING get these.
    ...(usesExternalCheck ? ["    external-check", "    insecure-fork-wanted", "    insecure-setuid-wanted"] : []),
    // Only backends log (`log global` there, nowhere else): their server state changes are
    // notices, while a frontend would log every request it serves.
    ...(healthLog ? [`    log ring@${HEALTH_RING} local0 notice`, `    log-tag ${lb.id}`] : []),
  ];

  const defaults = [
    "defaults",
    "    retries 3",
    "    option redispatch",
    "    option http-keep-alive",
    "    load-server-state-from-file global",
    // Fallbacks only: every frontend and backend sets its own from the listener.
    "    timeout connect 5000",
    "    timeout client 50000",
    "    timeout server 50000",
  ];

  const sections = [
    global,
    ...(healthLog ? [healthRing(healthLog)] : []),
    defaults,
    ...frontends,
    ...backends.map((b) => renderBackend(b, paths, healthLog !== null)),
  ];
  const header = [
    `# HAProxy config of load balancer ${lb.id}, rendered by amphora/render.ts.`,
    "# Hand edits are lost at the next apply. UDP and SCTP listeners are absent: HAProxy cannot serve them.",
  ];
  return [header.join("\n"), ...sections.map((s) => s.join("\n"))].join("\n\n") + "\n";
}

/** HAProxy itself reads `maxconn 0` on a frontend as "no limit of its own", so 0 counts as unlimited too. */
function listenerMaxconn(listener: ListenerModel, unlimited: number): number {
  const limit = checkInt("connection_limit", listener.connection_limit, -1, 1_000_000);
  return limit <= 0 ? unlimited : limit;
}

function frontendMode(listener: ListenerModel): Mode {
  switch (listener.protocol) {
    case "HTTP":
    case "PROMETHEUS":
      return "http";
    case "TCP":
    case "HTTPS": // TLS passthrough: HAProxy never sees inside
      return "tcp";
    case "TERMINATED_HTTPS":
      return "http"; // HAProxy decrypts (bindTlsOptions), then serves HTTP
    default:
      throw new RenderError(`listener ${listener.id}: protocol ${JSON.stringify(listener.protocol)} cannot be served by HAProxy`);
  }
}

function backendMode(backend: Backend): Mode {
  const { pool, listener } = backend;
  switch (pool.protocol) {
    case "HTTP":
      return "http"; // under a TCP listener HAProxy upgrades the stream to HTTP
    case "HTTPS":
    case "TCP":
      return "tcp";
    case "PROXY":
    case "PROXYV2":
      return frontendMode(listener); // the PROXY header is a server option; the mode follows the listener
    default:
      throw new RenderError(`pool ${JSON.stringify(pool.id)}: protocol ${JSON.stringify(pool.protocol)} cannot sit behind a ${listener.protocol} listener`);
  }
}

function renderFrontend(
  listener: ListenerModel,
  bindAddresses: string[],
  backend: Backend | null,
  unlimited: number,
  l7: { lines: string[]; backends: Backend[] },
  paths: AmphoraPaths,
): string[] {
  const id = checkId("listener id", listener.id);
  const mode = frontendMode(listener);
  const port = checkInt("listener protocol_port", listener.protocol_port, 1, 65535);
  const lines = [
    `frontend ${id}`,
    `    mode ${mode}`,
    ...bindAddresses.map((a) => `    bind ${hostForConfig(a)}:${port}${listener.protocol === "TERMINATED_HTTPS" ? ` ${bindTlsOptions(listener, paths)}` : ""}`),
    `    maxconn ${listenerMaxconn(listener, unlimited)}`,
    // 0 is Octavia's and HAProxy's "no timeout" (HAProxy warns about it, and means it).
    `    timeout client ${checkInt("timeout_client_data", listener.timeout_client_data, 0, MAX_MILLISECONDS)}`,
  ];
  if (listener.allowed_cidrs.length > 0) {
    const cidrs = listener.allowed_cidrs.map((c) => checkCidr("allowed_cidrs entry", c));
    // Lines of one acl name are OR-ed; chunks keep each line far below HAProxy's 2048-byte limit.
    for (let i = 0; i < cidrs.length; i += 20) lines.push(`    acl allowed-cidrs src ${cidrs.slice(i, i + 20).join(" ")}`);
    lines.push("    tcp-request connection reject if !allowed-cidrs");
  }
  const inspect = checkInt("timeout_tcp_inspect", listener.timeout_tcp_inspect, 0, MAX_MILLISECONDS);
  if (inspect > 0) lines.push(`    tcp-request inspect-delay ${inspect}`);
  if (mode === "http") {
    // Since 2.4 a soft-stopping worker closes idle keep-alive connections at once, racing any
    // request a client is sending on one at that moment. With this option the old worker
    // answers that request with `Connection: close` instead: reloads drop nothing. (Only for
    // HTTP frontends: in defaults it earns a warning for every TCP one.)
    lines.push("    option idle-close-on-response");
    // Header insertion only means something to an HTTP frontend (the service refuses it elsewhere).
    const headers = listener.insert_headers;
    if (headers["X-Forwarded-For"]) lines.push("    option forwardfor");
    if (headers["X-Forwarded-Port"]) lines.push("    http-request set-header X-Forwarded-Port %[dst_port]");
    if (headers["X-Forwarded-Proto"]) lines.push(`    http-request set-header X-Forwarded-Proto ${listener.protocol === "TERMINATED_HTTPS" ? "https" : "http"}`);
    if (listener.protocol === "TERMINATED_HTTPS") lines.push(...sslHeaderLines(listener));
  }
  if (listener.protocol === "PROMETHEUS") {
    lines.push("    http-request use-service prometheus-exporter if { path /metrics }");
    lines.push("    http-request deny deny_status 404");
  }
  for (const b of [...l7.backends, ...(backend ? [backend] : [])]) {
    if (mode === "http" && backendMode(b) === "tcp") {
      throw new RenderError(`pool ${JSON.stringify(b.pool.id)} (${b.pool.protocol}) cannot sit behind HTTP listener ${id}`);
    }
  }
  lines.push(...l7.lines);
  if (backend) lines.push(`    default_backend ${backend.name}`);
  return lines;
}

/** HAProxy's balance for each algorithm it has; any other is refused (the API refuses it first). */
const BALANCE: Partial<Record<PoolModel["lb_algorithm"], string>> = {
  ROUND_ROBIN: "roundrobin",
  LEAST_CONNECTIONS: "leastconn",
  SOURCE_IP: "source",
};

function renderBackend(backend: Backend, paths: AmphoraPaths, logHealth: boolean): string[] {
  const { pool, listener } = backend;
  const poolId = checkId("pool id", pool.id);
  const mode = backendMode(backend);
  const balance = BALANCE[pool.lb_algorithm];
  if (!balance) {
    throw new RenderError(`pool ${poolId}: the HAProxy provider does not support lb_algorithm ${JSON.stringify(pool.lb_algorithm)}`);
  }
  const lines = [`backend ${poolId}:${checkId("listener id", listener.id)}`, `    mode ${mode}`, `    balance ${balance}`];
  if (logHealth) lines.push("    log global");

  const persistence = pool.session_persistence;
  if (persistence) {
    if (persistence.type !== "SOURCE_IP" && mode !== "http") {
      throw new RenderError(`pool ${poolId}: ${persistence.type} session persistence needs an HTTP pool`);
    }
    switch (persistence.type) {
      case "SOURCE_IP":
        lines.push("    stick-table type ip size 10k", "    stick on src");
        break;
      case "HTTP_COOKIE":
        lines.push("    cookie SRV insert indirect nocache");
        break;
      case "APP_COOKIE": {
        const name = checkPattern("cookie_name", persistence.cookie_name ?? "", COOKIE_NAME);
        lines.push("    stick-table type string len 64 size 10k", `    stick store-response res.cook(${name})`, `    stick match req.cook(${name})`);
        break;
      }
      default:
        throw new RenderError(`pool ${poolId}: unknown session persistence ${JSON.stringify((persistence as { type: unknown }).type)}`);
    }
  }

  lines.push(
    `    timeout connect ${checkInt("timeout_member_connect", listener.timeout_member_connect, 0, MAX_MILLISECONDS)}`,
    `    timeout server ${checkInt("timeout_member_data", listener.timeout_member_data, 0, MAX_MILLISECONDS)}`,
  );

  const monitor = activeMonitor(pool);
  if (monitor) lines.push(...renderMonitor(poolId, monitor, paths));
  for (const member of renderedMembers(pool)) lines.push(renderServer(pool, monitor, member, paths));
  return lines;
}

function renderMonitor(poolId: string, hm: HealthMonitorModel, paths: AmphoraPaths): string[] {
  const lines = [`    timeout check ${checkInt("healthmonitor timeout", hm.timeout, 1, MAX_SECONDS)}s`];
  switch (hm.type) {
    case "HTTP":
    case "HTTPS": {
      const method = hm.http_method ?? "GET";
      if (!HTTP_METHODS.includes(method)) throw new RenderError(`pool ${poolId}: http_method ${JSON.stringify(method)} is not allowed`);
      const path = checkPattern("url_path", hm.url_path ?? "/", URL_PATH);
      const version = hm.http_version === null ? "" : ` ${httpVersion(poolId, hm.http_version)}`;
      lines.push(`    option httpchk ${method} ${path}${version}`);
      if (hm.domain_name !== null) lines.push(`    http-check send hdr Host ${checkPattern("domain_name", hm.domain_name, DOMAIN_NAME)}`);
      // 2.6 takes `200`, `200,202` and `200-204` natively, so no regex is built from user input.
      lines.push(`    http-check expect status ${expectedCodes(hm.expected_codes ?? "200")}`);
      break;
    }
    case "TLS-HELLO":
      lines.push("    option ssl-hello-chk");
      break;
    case "PING":
      // HAProxy passes an external check `<proxy addr> <proxy port> <server addr> <server port>`,
      // which ping cannot take: the driver provides a wrapper that pings the server address.
      lines.push("    option external-check", `    external-check command ${checkPattern("ping script path", paths.pingScript, FILE_PATH)}`);
      break;
    case "TCP":
      break; // a plain connect check is HAProxy's default
    default:
      throw new RenderError(`pool ${poolId}: health monitor type ${JSON.stringify(hm.type)} is only for UDP/SCTP pools, which HAProxy cannot serve`);
  }
  return lines;
}

/** The model carries Octavia's number: 1.0 (which is just 1 in JS) or 1.1. */
function httpVersion(poolId: string, version: number): string {
  if (version === 1) return "HTTP/1.0";
  if (version === 1.1) return "HTTP/1.1";
  throw new RenderError(`pool ${poolId}: http_version ${JSON.stringify(version)} is not 1.0 or 1.1`);
}

function expectedCodes(value: string): string {
  const codes = checkPattern("expected_codes", value, EXPECTED_CODES);
  const [low, high] = codes.split("-");
  if (high !== undefined && Number(low) > Number(high)) throw new RenderError(`expected_codes range ${JSON.stringify(codes)} is backwards`);
  return codes;
}

function renderServer(pool: PoolModel, monitor: HealthMonitorModel | null, member: MemberModel, paths: AmphoraPaths): string {
  const id = checkId("member id", member.id);
  const address = hostForConfig(checkAddress("member address", member.address));
  const port = checkInt("member protocol_port", member.protocol_port, 1, 65535);
  const parts = [`    server ${id} ${address}:${port} weight ${checkInt("member weight", member.weight, 0, 256)}`];
  if (monitor) {
    parts.push("check");
    // Members' certificates are not ours to trust, unless the pool was given a CA to check them with.
    if (monitor.type === "HTTPS") parts.push(pool.tls ? "check-ssl" : "check-ssl verify none");
    parts.push(
      `inter ${checkInt("healthmonitor delay", monitor.delay, 1, MAX_SECONDS)}s`,
      `fall ${checkInt("max_retries_down", monitor.max_retries_down, 1, 10)}`,
      `rise ${checkInt("max_retries", monitor.max_retries, 1, 10)}`,
    );
    if (member.monitor_address !== null) parts.push(`addr ${hostForConfig(checkAddress("monitor_address", member.monitor_address))}`);
    if (member.monitor_port !== null) parts.push(`port ${checkInt("monitor_port", member.monitor_port, 1, 65535)}`);
  }
  if (pool.session_persistence?.type === "HTTP_COOKIE") parts.push(`cookie ${id}`);
  if (pool.protocol === "PROXY") parts.push("send-proxy");
  if (pool.protocol === "PROXYV2") parts.push("send-proxy-v2");
  parts.push(...serverTlsOptions(pool, paths));
  if (member.backup) parts.push("backup");
  if (!member.admin_state_up) parts.push("disabled");
  return parts.join(" ");
}
