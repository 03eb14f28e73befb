import { describe, expect, it } from "vitest";
import { type ConfigSection, directives, parseConfig, section } from "./config-parse";
import type { LoadBalancerModel } from "./model";
import { RenderError, renderConfig, UNLIMITED_CONNECTIONS } from "./render";
import { listener, loadBalancer, member, monitor, pool, simpleLb, testPaths } from "./testing/models";

const render = (lb: LoadBalancerModel, opts = {}) => parseConfig(renderConfig(lb, testPaths(lb.id), opts));
const frontend = (cfg: ConfigSection[], listenerId: string) => section(cfg, "frontend", listenerId);
const backend = (cfg: ConfigSection[], poolId: string, listenerId: string) => section(cfg, "backend", `${poolId}:${listenerId}`);
const servers = (s: ConfigSection) => directives(s, "server");

describe("global and defaults", () => {
  it("runs unprivileged with a per-load-balancer admin socket and server state file", () => {
    const { lb } = simpleLb();
    const paths = testPaths(lb.id);
    const global = section(parseConfig(renderConfig(lb, paths)), "global");
    expect(directives(global, "user")).toEqual(["user haproxy"]);
    expect(directives(global, "group")).toEqual(["group haproxy"]);
    expect(directives(global, "stats socket")).toEqual([`stats socket ${paths.statsSocket} mode 600 level admin expose-fd listeners`]);
    expect(directives(global, "server-state-file")).toEqual([`server-state-file ${paths.serverStateFile}`]);
    expect(directives(global, "external-check")).toEqual([]);
    expect(directives(global, "insecure-fork-wanted")).toEqual([]);
    expect(directives(global, "insecure-setuid-wanted")).toEqual([]);
  });

  it("takes the account from the options", () => {
    const global = section(render(simpleLb().lb, { user: "lbaas", group: "nogroup" }), "global");
    expect(global.lines).toContain("user lbaas");
    expect(global.lines).toContain("group nogroup");
    const unswitched = section(render(simpleLb().lb, { user: null, group: null }), "global");
    expect(directives(unswitched, "user")).toEqual([]);
    expect(directives(unswitched, "group")).toEqual([]);
  });

  it("sizes maxconn as the sum of the served listeners' limits, unlimited counting the host default (2000)", () => {
    const lb = loadBalancer({
      listeners: [
        listener({ protocol_port: 80, connection_limit: 100 }),
        listener({ protocol_port: 81, connection_limit: -1 }),
        listener({ protocol_port: 82, connection_limit: 0 }),
        listener({ protocol_port: 83, connection_limit: 7, admin_state_up: false }),
        listener({ protocol_port: 84, connection_limit: 9, provisioning_status: "PENDING_DELETE" }),
        listener({ protocol: "UDP", protocol_port: 85, connection_limit: 11 }),
      ],
    });
    expect(UNLIMITED_CONNECTIONS).toBe(2000);
    expect(directives(section(render(lb), "global"), "maxconn")).toEqual([`maxconn ${100 + 2 * 2000}`]);
    // The host's setting (AMPHORA_MAXCONN) replaces the default, for the global sum and each frontend.
    const cfg = render(lb, { unlimitedMaxconn: 300 });
    expect(directives(section(cfg, "global"), "maxconn")).toEqual([`maxconn ${100 + 2 * 300}`]);
    expect(directives(frontend(cfg, lb.listeners[1]!.id), "maxconn")).toEqual(["maxconn 300"]);
    expect(directives(frontend(cfg, lb.listeners[0]!.id), "maxconn")).toEqual(["maxconn 100"]);
  });

  it("refuses an unlimitedMaxconn or nbthread HAProxy would not take", () => {
    const { lb } = simpleLb();
    for (const unlimitedMaxconn of [0, -1, 1.5, 1_000_001, Number.NaN]) expect(() => render(lb, { unlimitedMaxconn })).toThrow(RenderError);
    for (const nbthread of [0, 65, 2.5]) expect(() => render(lb, { nbthread })).toThrow(RenderError);
  });

  it("runs one worker thread unless told otherwise; null leaves HAProxy's one per CPU", () => {
    const { lb } = simpleLb();
    expect(directives(section(render(lb), "global"), "nbthread")).toEqual(["nbthread 1"]);
    expect(directives(section(render(lb, { nbthread: 4 }), "global"), "nbthread")).toEqual(["nbthread 4"]);
    expect(directives(section(render(lb, { nbthread: null }), "global"), "nbthread")).toEqual([]);
  });

  it("forwards server state changes through a ring to the health log socket, tagged with the load balancer id, only from backends", () => {
    const { lb, pool: p, listener: l } = simpleLb();
    const quiet = render(lb);
    expect(directives(section(quiet, "global"), "log")).toEqual([]);
    expect(directives(backend(quiet, p.id, l.id), "log")).toEqual([]);
    const socket = "/var/lib/lbaas/amphorae/health-log.sock";
    const cfg = render(lb, { healthLog: socket });
    expect(directives(section(cfg, "global"), "log")).toEqual(["log ring@health local0 notice"]);
    expect(directives(section(cfg, "global"), "log-tag")).toEqual([`log-tag ${lb.id}`]);
    expect(section(cfg, "ring", "health").lines).toEqual(
      expect.arrayContaining(["format rfc5424", `server controller unix@${socket} log-proto octet-count`]),
    );
    expect(directives(backend(cfg, p.id, l.id), "log")).toEqual(["log global"]);
    expect(directives(frontend(cfg, l.id), "log")).toEqual([]);
    expect(quiet.filter((s) => s.kind === "ring")).toEqual([]);
    for (const bad of ["relative/health.sock", "/tmp/a b.sock", "/tmp/a\nlog 1.2.3.4:514 local0", '/tmp/"x".sock', `/${"d".repeat(107)}`]) {
      expect(() => renderConfig(lb, testPaths(lb.id), { healthLog: bad })).toThrow(RenderError);
    }
    expect(() => renderConfig(lb, testPaths(lb.id), { healthLog: `/${"d".repeat(106)}` })).not.toThrow();
  });

  it("leaves maxconn to HAProxy when nothing is served", () => {
    expect(directives(section(render(loadBalancer()), "global"), "maxconn")).toEqual([]);
  });

  it("sets Octavia's defaults and loads the saved server state", () => {
    const defaults = section(render(simpleLb().lb), "defaults");
    expect(defaults.lines).toEqual(
      expect.arrayContaining(["retries 3", "option redispatch", "option http-keep-alive", "load-server-state-from-file global"]),
    );
  });

  it("keeps reloads from dropping requests on idle keep-alive connections of HTTP frontends", () => {
    const http = listener({ protocol_port: 80 });
    const tcp = listener({ protocol: "TCP", protocol_port: 81 });
    const cfg = render(loadBalancer({ listeners: [http, tcp] }));
    expect(directives(frontend(cfg, http.id), "option idle-close-on-response")).toHaveLength(1);
    expect(directives(frontend(cfg, tcp.id), "option idle-close-on-response")).toEqual([]);
  });

  it("names no user-controlled text, only ids", () => {
    const { lb } = simpleLb();
    const text = renderConfig(lb, testPaths(lb.id));
    expect(text.startsWith(`# HAProxy config of load balancer ${lb.id}`)).toBe(true);
    for (const s of parseConfig(text)) if (s.kind === "frontend" || s.kind === "backend") expect(s.name).toMatch(/^[0-9a-f-]{36}(:[0-9a-f-]{36})?$/);
  });
});

describe("frontends", () => {
  it.each([
    ["HTTP", "http"],
    ["TCP", "tcp"],
    ["HTTPS", "tcp"],
  ] as const)("a %s listener is a %s frontend bound on the VIP and its port", (protocol, mode) => {
    const { lb, listener: l, pool: p } = simpleLb({
      listener: { protocol, protocol_port: 8443 },
      pool: { protocol: protocol === "HTTP" ? "HTTP" : "TCP" },
    });
    const fe = frontend(render(lb), l.id);
    expect(directives(fe, "mode")).toEqual([`mode ${mode}`]);
    expect(directives(fe, "bind")).toEqual(["bind 127.77.0.1:8443"]);
    expect(directives(fe, "default_backend")).toEqual([`default_backend ${p.id}:${l.id}`]);
  });

  it("refuses TERMINATED_HTTPS: without a certificate it would serve plain HTTP", () => {
    const { lb } = simpleLb({ listener: { protocol: "TERMINATED_HTTPS", protocol_port: 443 } });
    expect(() => render(lb)).toThrow(RenderError);
  });

  it.each(["UDP", "SCTP"] as const)("leaves out %s listeners, which HAProxy cannot serve", (protocol) => {
    const udp = listener({ protocol, protocol_port: 53 });
    const cfg = render(loadBalancer({ listeners: [udp] }));
    expect(cfg.filter((s) => s.kind === "frontend")).toEqual([]);
  });

  it("serves a PROMETHEUS listener from HAProxy's exporter, without a backend", () => {
    const prom = listener({ protocol: "PROMETHEUS", protocol_port: 9100 });
    const cfg = render(loadBalancer({ listeners: [prom] }));
    const fe = frontend(cfg, prom.id);
    expect(directives(fe, "mode")).toEqual(["mode http"]);
    expect(fe.lines).toContain("http-request use-service prometheus-exporter if { path /metrics }");
    expect(directives(fe, "default_backend")).toEqual([]);
  });

  it("binds the VIP only, bracketing IPv6 (a floating IP is the router's DNAT to it)", () => {
    const { lb, listener: l } = simpleLb({ listener: { protocol_port: 80 }, lb: { vip_address: "fd00::10" } });
    expect(directives(frontend(render(lb), l.id), "bind")).toEqual(["bind [fd00::10]:80"]);
  });

  it("sets maxconn and the client and inspect timeouts from the listener", () => {
    const limited = listener({ protocol_port: 80, connection_limit: 250, timeout_client_data: 1234, timeout_tcp_inspect: 0 });
    const unlimited = listener({ protocol_port: 81, connection_limit: -1, timeout_tcp_inspect: 4000 });
    const cfg = render(loadBalancer({ listeners: [limited, unlimited] }));
    expect(directives(frontend(cfg, limited.id), "maxconn")).toEqual(["maxconn 250"]);
    expect(directives(frontend(cfg, limited.id), "timeout client")).toEqual(["timeout client 1234"]);
    expect(directives(frontend(cfg, limited.id), "tcp-request inspect-delay")).toEqual([]);
    expect(directives(frontend(cfg, unlimited.id), "maxconn")).toEqual([`maxconn ${UNLIMITED_CONNECTIONS}`]);
    expect(directives(frontend(cfg, unlimited.id), "tcp-request inspect-delay")).toEqual(["tcp-request inspect-delay 4000"]);
  });

  it("admits only allowed_cidrs, in lines short enough for HAProxy", () => {
    const cidrs = Array.from({ length: 25 }, (_, i) => `10.${i}.0.0/16`).concat(["2001:db8::/32"]);
    const { lb, listener: l } = simpleLb({ listener: { allowed_cidrs: cidrs } });
    const fe = frontend(render(lb), l.id);
    const acls = directives(fe, "acl allowed-cidrs src");
    expect(acls).toHaveLength(2);
    expect(acls.flatMap((a) => a.split(" ").slice(3))).toEqual(cidrs);
    expect(directives(fe, "tcp-request connection")).toEqual(["tcp-request connection reject if !allowed-cidrs"]);
  });

  it("has no acl without allowed_cidrs", () => {
    const { lb, listener: l } = simpleLb();
    expect(directives(frontend(render(lb), l.id), "acl")).toEqual([]);
  });

  it("inserts the X-Forwarded headers asked for, on HTTP listeners only", () => {
    const all = { "X-Forwarded-For": true, "X-Forwarded-Port": true, "X-Forwarded-Proto": true };
    const http = listener({ protocol_port: 80, insert_headers: all });
    const some = listener({ protocol_port: 81, insert_headers: { "X-Forwarded-For": false, "X-Forwarded-Port": true } });
    const tcp = listener({ protocol: "TCP", protocol_port: 82, insert_headers: all });
    const cfg = render(loadBalancer({ listeners: [http, some, tcp] }));
    expect(directives(frontend(cfg, http.id), "option forwardfor")).toEqual(["option forwardfor"]);
    expect(directives(frontend(cfg, http.id), "http-request set-header")).toEqual([
      "http-request set-header X-Forwarded-Port %[dst_port]",
      "http-request set-header X-Forwarded-Proto http",
    ]);
    expect(directives(frontend(cfg, some.id), "option forwardfor")).toEqual([]);
    expect(directives(frontend(cfg, some.id), "http-request set-header")).toEqual(["http-request set-header X-Forwarded-Port %[dst_port]"]);
    expect(directives(frontend(cfg, tcp.id), "option forwardfor")).toEqual([]);
    expect(directives(frontend(cfg, tcp.id), "http-request")).toEqual([]);
  });

  it("leaves out disabled and PENDING_DELETE listeners", () => {
    const on = listener({ protocol_port: 80 });
    const off = listener({ protocol_port: 81, admin_state_up: false });
    const leaving = listener({ protocol_port: 82, provisioning_status: "PENDING_DELETE" });
    const cfg = render(loadBalancer({ listeners: [on, off, leaving] }));
    expect(cfg.filter((s) => s.kind === "frontend").map((s) => s.name)).toEqual([on.id]);
  });

  it("serves nothing when the load balancer is administratively down", () => {
    const { lb } = simpleLb({ lb: { admin_state_up: false } });
    const cfg = render(lb);
    expect(cfg.map((s) => s.kind)).toEqual(["global", "defaults"]);
  });

  it("has no default_backend when the pool is disabled or being deleted", () => {
    for (const p of [{ admin_state_up: false }, { provisioning_status: "PENDING_DELETE" as const }]) {
      const { lb, listener: l } = simpleLb({ pool: p });
      const cfg = render(lb);
      expect(directives(frontend(cfg, l.id), "default_backend")).toEqual([]);
      expect(cfg.filter((s) => s.kind === "backend")).toEqual([]);
    }
  });

  it("refuses a default_pool_id that is not in the model", () => {
    const lb = loadBalancer({ listeners: [listener({ default_pool_id: "00000000-0000-4000-8000-000000000000" })] });
    expect(() => render(lb)).toThrow(RenderError);
  });
});

describe("backends", () => {
  it.each([
    ["ROUND_ROBIN", "roundrobin"],
    ["LEAST_CONNECTIONS", "leastconn"],
    ["SOURCE_IP", "source"],
  ] as const)("balances %s as %s", (algorithm, balance) => {
    const { lb, listener: l, pool: p } = simpleLb({ pool: { lb_algorithm: algorithm } });
    expect(directives(backend(render(lb), p.id, l.id), "balance")).toEqual([`balance ${balance}`]);
  });

  it("refuses SOURCE_IP_PORT, as Octavia's HAProxy provider does", () => {
    expect(() => render(simpleLb({ pool: { lb_algorithm: "SOURCE_IP_PORT" } }).lb)).toThrow(RenderError);
  });

  it("takes the member timeouts from the listener", () => {
    const { lb, listener: l, pool: p } = simpleLb({ listener: { timeout_member_connect: 1500, timeout_member_data: 20000 } });
    const be = backend(render(lb), p.id, l.id);
    expect(directives(be, "timeout connect")).toEqual(["timeout connect 1500"]);
    expect(directives(be, "timeout server")).toEqual(["timeout server 20000"]);
  });

  it.each([
    ["HTTP", "HTTP", "http"],
    ["TCP", "HTTP", "http"], // HAProxy upgrades a TCP frontend's stream for an HTTP backend
    ["TCP", "TCP", "tcp"],
    ["HTTPS", "HTTPS", "tcp"],
    ["HTTP", "PROXY", "http"],
    ["TCP", "PROXYV2", "tcp"],
  ] as const)("a %s listener's %s pool is a %s backend", (listenerProtocol, poolProtocol, mode) => {
    const { lb, listener: l, pool: p } = simpleLb({ listener: { protocol: listenerProtocol }, pool: { protocol: poolProtocol } });
    expect(directives(backend(render(lb), p.id, l.id), "mode")).toEqual([`mode ${mode}`]);
  });

  it("sends the PROXY protocol header to PROXY and PROXYV2 pools' servers", () => {
    const v1 = simpleLb({ pool: { protocol: "PROXY" } });
    const v2 = simpleLb({ listener: { protocol: "TCP" }, pool: { protocol: "PROXYV2" } });
    expect(servers(backend(render(v1.lb), v1.pool.id, v1.listener.id))[0]).toMatch(/ send-proxy$/);
    expect(servers(backend(render(v2.lb), v2.pool.id, v2.listener.id))[0]).toMatch(/ send-proxy-v2$/);
  });

  it("refuses a TCP pool behind an HTTP listener (HAProxy would too)", () => {
    expect(() => render(simpleLb({ pool: { protocol: "TCP" } }).lb)).toThrow(RenderError);
  });

  it("gives each listener its own backend when two share a default pool", () => {
    const p = pool();
    const a = listener({ protocol_port: 80, default_pool_id: p.id });
    const b = listener({ protocol_port: 81, default_pool_id: p.id });
    const cfg = render(loadBalancer({ listeners: [a, b], pools: [p] }));
    expect(cfg.filter((s) => s.kind === "backend").map((s) => s.name)).toEqual([`${p.id}:${a.id}`, `${p.id}:${b.id}`]);
  });

  it("renders no backend for a pool that no served listener uses", () => {
    const cfg = render(loadBalancer({ pools: [pool()] }));
    expect(cfg.filter((s) => s.kind === "backend")).toEqual([]);
  });
});

describe("session persistence", () => {
  it("SOURCE_IP sticks on the client address", () => {
    const { lb, listener: l, pool: p } = simpleLb({ pool: { session_persistence: { type: "SOURCE_IP", cookie_name: null } } });
    const be = backend(render(lb), p.id, l.id);
    expect(directives(be, "stick-table")).toEqual(["stick-table type ip size 10k"]);
    expect(directives(be, "stick on")).toEqual(["stick on src"]);
  });

  it("HTTP_COOKIE inserts a cookie naming the member id", () => {
    const members = [member(), member({ address: "127.77.0.11" })];
    const { lb, listener: l, pool: p } = simpleLb({ pool: { members, session_persistence: { type: "HTTP_COOKIE", cookie_name: null } } });
    const be = backend(render(lb), p.id, l.id);
    expect(directives(be, "cookie")).toEqual(["cookie SRV insert indirect nocache"]);
    expect(servers(be).map((s) => / cookie (\S+)/.exec(s)?.[1])).toEqual(members.map((m) => m.id));
  });

  it("APP_COOKIE stores the response cookie and matches the request cookie", () => {
    const { lb, listener: l, pool: p } = simpleLb({ pool: { session_persistence: { type: "APP_COOKIE", cookie_name: "JSESSIONID" } } });
    const be = backend(render(lb), p.id, l.id);
    expect(directives(be, "stick-table")).toEqual(["stick-table type string len 64 size 10k"]);
    expect(directives(be, "stick store-response")).toEqual(["stick store-response res.cook(JSESSIONID)"]);
    expect(directives(be, "stick match")).toEqual(["stick match req.cook(JSESSIONID)"]);
    expect(servers(be)[0]).not.toContain(" cookie ");
  });

  it.each(["HTTP_COOKIE", "APP_COOKIE"] as const)("refuses %s on a pool HAProxy proxies as TCP", (type) => {
    const { lb } = simpleLb({
      listener: { protocol: "TCP" },
      pool: { protocol: "TCP", session_persistence: { type, cookie_name: type === "APP_COOKIE" ? "sid" : null } },
    });
    expect(() => render(lb)).toThrow(RenderError);
  });

  it("APP_COOKIE without a cookie name is refused", () => {
    expect(() => render(simpleLb({ pool: { session_persistence: { type: "APP_COOKIE", cookie_name: null } } }).lb)).toThrow(RenderError);
  });
});

describe("health monitors", () => {
  const withMonitor = (hm: Parameters<typeof monitor>[0], memberOver: Parameters<typeof member>[0] = {}) => {
    const built = simpleLb({ pool: { healthmonitor: monitor(hm), members: [member(memberOver)] } });
    const cfg = render(built.lb);
    return { cfg, be: backend(cfg, built.pool.id, built.listener.id) };
  };

  it("HTTP: method, path, expected status, and check timing on every server", () => {
    const { be } = withMonitor({ type: "HTTP", http_method: "HEAD", url_path: "/healthz?full=1", expected_codes: "204", delay: 7, timeout: 2, max_retries: 4, max_retries_down: 2 });
    expect(directives(be, "timeout check")).toEqual(["timeout check 2s"]);
    expect(directives(be, "option httpchk")).toEqual(["option httpchk HEAD /healthz?full=1"]);
    expect(directives(be, "http-check")).toEqual(["http-check expect status 204"]);
    expect(servers(be)[0]).toMatch(/ weight 1 check inter 7s fall 2 rise 4$/);
  });

  it("HTTP with a version and a domain name uses 2.6's httpchk version and a Host header", () => {
    const { be } = withMonitor({ type: "HTTP", http_version: 1.1, domain_name: "health.example.com" });
    expect(directives(be, "option httpchk")).toEqual(["option httpchk GET / HTTP/1.1"]);
    expect(directives(be, "http-check send")).toEqual(["http-check send hdr Host health.example.com"]);
  });

  it("HTTP/1.0 without a domain name sends no Host header", () => {
    const { be } = withMonitor({ type: "HTTP", http_version: 1.0 });
    expect(directives(be, "option httpchk")).toEqual(["option httpchk GET / HTTP/1.0"]);
    expect(directives(be, "http-check send")).toEqual([]);
  });

  it("defaults an HTTP monitor's missing method, path and codes to Octavia's", () => {
    const { be } = withMonitor({ type: "HTTP", http_method: null, url_path: null, expected_codes: null });
    expect(directives(be, "option httpchk")).toEqual(["option httpchk GET /"]);
    expect(directives(be, "http-check expect")).toEqual(["http-check expect status 200"]);
  });

  it.each(["200", "200,202,204", "200-204"])("expected_codes %s becomes a status list HAProxy parses itself", (codes) => {
    const { be } = withMonitor({ type: "HTTP", expected_codes: codes });
    expect(directives(be, "http-check expect")).toEqual([`http-check expect status ${codes}`]);
  });

  it("refuses a backwards expected_codes range", () => {
    expect(() => withMonitor({ type: "HTTP", expected_codes: "204-200" })).toThrow(RenderError);
  });

  it("HTTPS checks over TLS without verifying the member's certificate", () => {
    const { be } = withMonitor({ type: "HTTPS" });
    expect(directives(be, "option httpchk")).toHaveLength(1);
    expect(servers(be)[0]).toContain(" check check-ssl verify none inter ");
  });

  it("TCP is a plain connect check", () => {
    const { be } = withMonitor({ type: "TCP" });
    expect(directives(be, "option")).toEqual([]);
    expect(servers(be)[0]).toContain(" check inter 5s fall 3 rise 3");
  });

  it("TLS-HELLO sends an SSL hello", () => {
    const { be } = withMonitor({ type: "TLS-HELLO" });
    expect(directives(be, "option")).toEqual(["option ssl-hello-chk"]);
  });

  it("PING runs the ping wrapper as an external check, which the global section must allow", () => {
    const { cfg, be } = withMonitor({ type: "PING" });
    const global = section(cfg, "global");
    expect(directives(global, "external-check")).toEqual(["external-check"]);
    expect(directives(global, "insecure-fork-wanted")).toEqual(["insecure-fork-wanted"]);
    expect(directives(global, "insecure-setuid-wanted")).toEqual(["insecure-setuid-wanted"]);
    expect(directives(be, "option")).toEqual(["option external-check"]);
    expect(directives(be, "external-check command")).toHaveLength(1);
    expect(directives(be, "external-check command")[0]).toMatch(/^external-check command \/\S+\/ping-check\.sh$/);
  });

  it.each(["UDP-CONNECT", "SCTP"] as const)("refuses a %s monitor, which only UDP/SCTP pools take", (type) => {
    expect(() => withMonitor({ type })).toThrow(RenderError);
  });

  it("checks a member's monitor_address and monitor_port when given", () => {
    const { be } = withMonitor({ type: "TCP" }, { monitor_address: "127.77.0.99", monitor_port: 9000 });
    expect(servers(be)[0]).toMatch(/ addr 127\.77\.0\.99 port 9000$/);
    const v6 = withMonitor({ type: "TCP" }, { address: "fd00::2", monitor_address: "fd00::3", monitor_port: null });
    expect(servers(v6.be)[0]).toMatch(/ \[fd00::2\]:8080 .* addr \[fd00::3\]$/);
  });

  it.each([{ admin_state_up: false }, { provisioning_status: "PENDING_DELETE" as const }])("a monitor with %o checks nothing", (over) => {
    const { be } = withMonitor({ type: "HTTP", ...over }, { monitor_address: "127.77.0.99" });
    expect(directives(be, "option")).toEqual([]);
    expect(directives(be, "timeout check")).toEqual([]);
    expect(servers(be)[0]).not.toContain(" check");
    expect(servers(be)[0]).not.toContain(" addr ");
  });
});

describe("servers", () => {
  it("renders each member by id with its address, port, weight, backup and admin state", () => {
    const active = member({ address: "127.77.0.21", protocol_port: 8001, weight: 10 });
    const backup = member({ address: "127.77.0.22", protocol_port: 8002, backup: true });
    const drained = member({ address: "127.77.0.23", protocol_port: 8003, weight: 0 });
    const disabled = member({ address: "127.77.0.24", protocol_port: 8004, admin_state_up: false });
    const leaving = member({ address: "127.77.0.25", protocol_port: 8005, provisioning_status: "PENDING_DELETE" });
    const { lb, listener: l, pool: p } = simpleLb({ pool: { members: [active, backup, drained, disabled, leaving] } });
    expect(servers(backend(render(lb), p.id, l.id))).toEqual([
      `server ${active.id} 127.77.0.21:8001 weight 10`,
      `server ${backup.id} 127.77.0.22:8002 weight 1 backup`,
      `server ${drained.id} 127.77.0.23:8003 weight 0`,
      `server ${disabled.id} 127.77.0.24:8004 weight 1 disabled`,
    ]);
  });

  it("brackets IPv6 member addresses", () => {
    const { lb, listener: l, pool: p } = simpleLb({ pool: { members: [member({ address: "::1", protocol_port: 80 })] } });
    expect(servers(backend(render(lb), p.id, l.id))[0]).toMatch(/ \[::1\]:80 weight 1$/);
  });
});

describe("hostile input never reaches the config", () => {
  // Each of these, if interpolated, would add a directive, a comment, an argument or a quote.
  // Appended to a valid value, so the valid prefix cannot be what fails.
  const hostile = ["x\nbackend evil", "x\rserver evil", "x #comment", "x'", 'x"', "x y", "x\tstats", "x\\", "x\0", "\n"];

  const PATHS_ID = "0f0f0f0f-0000-4000-8000-000000000000";
  type Mutation = [string, (lb: LoadBalancerModel, value: string) => void];
  const first = (lb: LoadBalancerModel) => ({ l: lb.listeners[0]!, p: lb.pools[0]!, m: lb.pools[0]!.members[0]! });
  const mutations: Mutation[] = [
    ["url_path", (lb, v) => void (first(lb).p.healthmonitor!.url_path = `/${v}`)],
    ["expected_codes", (lb, v) => void (first(lb).p.healthmonitor!.expected_codes = `200${v}`)],
    ["domain_name", (lb, v) => void (first(lb).p.healthmonitor!.domain_name = `example.com${v}`)],
    ["cookie_name", (lb, v) => void (first(lb).p.session_persistence = { type: "APP_COOKIE", cookie_name: `sid${v}` })],
    ["member address", (lb, v) => void (first(lb).m.address = `127.0.0.1${v}`)],
    ["monitor_address", (lb, v) => void (first(lb).m.monitor_address = `127.0.0.1${v}`)],
    ["vip_address", (lb, v) => void (lb.vip_address = `127.0.0.1${v}`)],
    ["allowed_cidrs", (lb, v) => void (first(lb).l.allowed_cidrs = [`10.0.0.0/8${v}`])],
    ["load balancer id", (lb, v) => void (lb.id = `${lb.id.slice(0, 30)}${v}`)],
    ["listener id", (lb, v) => void (first(lb).l.id = `${first(lb).l.id.slice(0, 30)}${v}`)],
    ["pool id", (lb, v) => {
      const { l, p } = first(lb);
      p.id = `${p.id.slice(0, 30)}${v}`;
      l.default_pool_id = p.id;
    }],
    ["member id", (lb, v) => void (first(lb).m.id = `${first(lb).m.id.slice(0, 30)}${v}`)],
  ];

  const victim = () =>
    simpleLb({
      pool: { healthmonitor: monitor({ type: "HTTP", http_version: 1.1, domain_name: "example.com" }), members: [member({ monitor_address: "127.77.0.9" })] },
    }).lb;

  it("the victim model renders fine untouched", () => {
    expect(() => render(victim())).not.toThrow();
  });

  it.each(mutations)("%s: every hostile value throws RenderError", (_field, mutate) => {
    for (const value of hostile) {
      const lb = victim();
      mutate(lb, value);
      expect(() => renderConfig(lb, testPaths(PATHS_ID)), JSON.stringify(value)).toThrow(RenderError);
    }
  });

  it.each([
    ["an id of the right length but wrong alphabet", (lb: LoadBalancerModel) => void (first(lb).m.id = "z".repeat(36))],
    ["an IPv6 zone id", (lb: LoadBalancerModel) => void (first(lb).m.address = "fe80::1%eth0")],
    ["a cookie name with a `#`", (lb: LoadBalancerModel) => void (first(lb).p.session_persistence = { type: "APP_COOKIE", cookie_name: "a#b" })],
    ["a cookie name closing the fetch", (lb: LoadBalancerModel) => void (first(lb).p.session_persistence = { type: "APP_COOKIE", cookie_name: "a),hdr(x" })],
    ["a URL with a scheme", (lb: LoadBalancerModel) => void (first(lb).p.healthmonitor!.url_path = "http://evil/")],
    ["a bad percent escape", (lb: LoadBalancerModel) => void (first(lb).p.healthmonitor!.url_path = "/a%zz")],
    ["an HTTP method outside the enum", (lb: LoadBalancerModel) => void (first(lb).p.healthmonitor!.http_method = "GET /x" as "GET")],
    ["an http_version that is not 1.0/1.1", (lb: LoadBalancerModel) => void (first(lb).p.healthmonitor!.http_version = 2)],
    ["a fractional weight", (lb: LoadBalancerModel) => void (first(lb).m.weight = 1.5)],
    ["a weight above 256", (lb: LoadBalancerModel) => void (first(lb).m.weight = 257)],
    ["a port of 0", (lb: LoadBalancerModel) => void (first(lb).m.protocol_port = 0)],
    ["a NaN timeout", (lb: LoadBalancerModel) => void (first(lb).l.timeout_client_data = Number.NaN)],
    ["a CIDR prefix too long", (lb: LoadBalancerModel) => void (first(lb).l.allowed_cidrs = ["10.0.0.0/33"])],
    ["a domain name with an underscore label", (lb: LoadBalancerModel) => void (first(lb).p.healthmonitor!.domain_name = "a_b.example")],
    ["a keyword as an expected code", (lb: LoadBalancerModel) => void (first(lb).p.healthmonitor!.expected_codes = "200 rstatus .*")],
  ])("refuses %s", (_what, mutate) => {
    const lb = victim();
    mutate(lb);
    expect(() => render(lb)).toThrow(RenderError);
  });

  it("refuses hostile accounts and paths", () => {
    const { lb } = simpleLb();
    expect(() => renderConfig(lb, testPaths(lb.id), { user: "haproxy\nstats socket /tmp/x" })).toThrow(RenderError);
    expect(() => renderConfig(lb, testPaths(lb.id), { group: "root #" })).toThrow(RenderError);
    expect(() => renderConfig(lb, { ...testPaths(lb.id), statsSocket: "/tmp/a b" })).toThrow(RenderError);
  });

  it("takes the URL path and cookie characters the service layer allows", () => {
    const lb = victim();
    first(lb).p.healthmonitor!.url_path = "/a/b-c_d.e~f!$&*+,;=:@%41?x=1&y=(2)";
    first(lb).p.session_persistence = { type: "APP_COOKIE", cookie_name: "a!$%&*+-.^_`|~Z9" };
    const be = backend(render(lb), first(lb).p.id, first(lb).l.id);
    expect(directives(be, "option httpchk")).toEqual(["option httpchk GET /a/b-c_d.e~f!$&*+,;=:@%41?x=1&y=(2) HTTP/1.1"]);
    expect(directives(be, "stick match")).toEqual(["stick match req.cook(a!$%&*+-.^_`|~Z9)"]);
  });
});
