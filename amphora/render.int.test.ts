import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, inject, it } from "vitest";
import { amphoraPaths } from "./layout";
import type { LoadBalancerModel } from "./model";
import { renderConfig } from "./render";
import { listener, loadBalancer, member, monitor, pool } from "./testing/models";

// The renderer's output for a model that uses every option it supports, checked by the real
// HAProxy 2.6 (`haproxy -c`, nothing started). Unit tests prove the directives are there; this
// proves HAProxy reads them the way we mean, without errors or warnings.

const baseDir = fs.mkdtempSync(path.join(inject("amphoraRoot") ?? os.tmpdir(), "rnd-"));
afterAll(() => fs.rmSync(baseDir, { recursive: true, force: true }));

function fullFeatured(): LoadBalancerModel {
  const m = (over: Parameters<typeof member>[0] = {}) => member({ address: "127.77.203.10", protocol_port: 8080, ...over });
  const cookie = pool({
    lb_algorithm: "ROUND_ROBIN",
    session_persistence: { type: "HTTP_COOKIE", cookie_name: null },
    healthmonitor: monitor({ type: "HTTP", http_method: "HEAD", url_path: "/health?deep=1&x=%41", expected_codes: "200-204", http_version: 1.1, domain_name: "health.example.com" }),
    members: [
      m({ weight: 10, monitor_address: "127.77.203.20", monitor_port: 9000 }),
      m({ address: "127.77.203.11", backup: true }),
      m({ address: "127.77.203.12", admin_state_up: false }),
      m({ address: "::1", weight: 0, monitor_address: "::1" }),
      m({ address: "127.77.203.13", provisioning_status: "PENDING_DELETE" }),
    ],
  });
  const appCookie = pool({
    lb_algorithm: "LEAST_CONNECTIONS",
    session_persistence: { type: "APP_COOKIE", cookie_name: "JSESSIONID" },
    healthmonitor: monitor({ type: "HTTP", http_method: "GET", url_path: "/", expected_codes: "200,202,301", http_version: 1.0 }),
    members: [m(), m({ address: "127.77.203.14" })],
  });
  const sourceIp = pool({ protocol: "TCP", lb_algorithm: "SOURCE_IP", session_persistence: { type: "SOURCE_IP", cookie_name: null }, healthmonitor: monitor({ type: "TCP" }), members: [m()] });
  const tlsHello = pool({ protocol: "HTTPS", healthmonitor: monitor({ type: "TLS-HELLO" }), members: [m({ protocol_port: 8443 })] });
  const https = pool({ protocol: "HTTPS", healthmonitor: monitor({ type: "HTTPS", url_path: "/tls" }), members: [m({ protocol_port: 8444 })] });
  const proxy = pool({ protocol: "PROXY", healthmonitor: monitor({ type: "PING" }), members: [m()] });
  const proxyV2 = pool({ protocol: "PROXYV2", members: [m()] });
  const upgraded = pool({ protocol: "HTTP", members: [m()] }); // an HTTP pool behind a TCP listener
  const pools = [cookie, appCookie, sourceIp, tlsHello, https, proxy, proxyV2, upgraded];
  const all = { "X-Forwarded-For": true, "X-Forwarded-Port": true, "X-Forwarded-Proto": true };
  return loadBalancer({
    vip_address: "127.77.203.1",
    listeners: [
      listener({ protocol: "HTTP", protocol_port: 80, connection_limit: 1000, insert_headers: all, allowed_cidrs: ["127.0.0.0/8", "10.0.0.0/8", "::1/128"], timeout_tcp_inspect: 3000, default_pool_id: cookie.id }),
      listener({ protocol: "HTTP", protocol_port: 8080, default_pool_id: appCookie.id, insert_headers: { "X-Forwarded-For": true } }),
      listener({ protocol: "TCP", protocol_port: 3306, timeout_client_data: 600_000, timeout_member_data: 3_600_000, default_pool_id: sourceIp.id }),
      listener({ protocol: "HTTPS", protocol_port: 443, default_pool_id: tlsHello.id }),
      listener({ protocol: "HTTPS", protocol_port: 8443, default_pool_id: https.id }),
      listener({ protocol: "HTTP", protocol_port: 81, default_pool_id: proxy.id }),
      listener({ protocol: "TCP", protocol_port: 82, default_pool_id: proxyV2.id }),
      listener({ protocol: "TCP", protocol_port: 83, default_pool_id: upgraded.id }),
      listener({ protocol: "PROMETHEUS", protocol_port: 9100 }),
      listener({ protocol: "UDP", protocol_port: 53 }),
      listener({ protocol: "HTTP", protocol_port: 84, admin_state_up: false, default_pool_id: cookie.id }),
    ],
    pools,
  });
}

/** Renders `lb` (plus `extra` text) into its amphora directory and runs `haproxy -c` on it. */
async function haproxyCheck(lb: LoadBalancerModel, extra = "") {
  const p = amphoraPaths(baseDir, lb.id);
  const text = renderConfig(lb, p) + extra;
  fs.mkdirSync(p.dir);
  fs.writeFileSync(p.config, text);
  fs.writeFileSync(p.serverStateFile, "1\n");
  return execa("/usr/sbin/haproxy", ["-c", "-f", p.config], { reject: false, all: true });
}

describe("haproxy -c", () => {
  it("accepts the config rendered for a full-featured model, without a warning", async () => {
    const result = await haproxyCheck(fullFeatured());
    expect(result.all).toContain("Configuration file is valid");
    expect(result.exitCode).toBe(0);
    expect(result.all).not.toMatch(/\[(WARNING|ALERT)\]/);
  });

  it("rejects the same config with a directive HAProxy does not know (the driver relies on this)", async () => {
    const result = await haproxyCheck(fullFeatured(), "\nbackend spoiled\n    this-is-not-a-directive\n");
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain("this-is-not-a-directive");
  });
});
