import { describe, expect, it } from "vitest";
import { amphoraPaths } from "./layout";
import type { ListenerModel, PoolModel } from "./model";
import { RenderError } from "./render";
import { bindTlsOptions, serverTlsOptions, sslHeaderLines, tlsFiles } from "./tls";

// The TLS pieces of a config, without HAProxy: bind and server options, content-addressed file
// names, and refusal of values that would reshape a line.

const paths = amphoraPaths("/var/lib/lbaas/amphorae", "11111111-1111-4111-8111-111111111111");
const pem = (name: string) => `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nk\n-----END PRIVATE KEY-----\n`;
const ca = "-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n";

const listener = (tls: Partial<NonNullable<ListenerModel["tls"]>> = {}): ListenerModel => ({
  id: "22222222-2222-4222-8222-222222222222",
  protocol: "TERMINATED_HTTPS",
  protocol_port: 443,
  connection_limit: -1,
  timeout_client_data: 50000,
  timeout_member_connect: 5000,
  timeout_member_data: 50000,
  timeout_tcp_inspect: 0,
  insert_headers: { "X-SSL-Client-CN": true, "X-Forwarded-For": true },
  allowed_cidrs: [],
  default_pool_id: null,
  admin_state_up: true,
  provisioning_status: "ACTIVE",
  tls: {
    certificates: [pem("www"), pem("api")],
    client_ca: null,
    client_crl: null,
    client_authentication: "NONE",
    tls_versions: ["TLSv1.2", "TLSv1.3"],
    tls_ciphers: "ECDHE-RSA-AES128-GCM-SHA256",
    alpn_protocols: ["h2", "http/1.1"],
    ...tls,
  },
});

const model = (l: ListenerModel) => ({ id: "11111111-1111-4111-8111-111111111111", vip_address: "127.0.0.1", admin_state_up: true, listeners: [l], pools: [] });

describe("bindTlsOptions", () => {
  it("binds a crt-list of the default then the SNI certificates, with no-* flags for the versions left out", () => {
    const l = listener();
    const files = tlsFiles(model(l), paths);
    const options = bindTlsOptions(l, paths);
    expect(options).toMatch(/^ssl crt-list \/var\/lib\/lbaas\/amphorae\/1{8}-[^ ]+\/tls\/[0-9a-f]{64}\.crtlist ciphers ECDHE-RSA-AES128-GCM-SHA256 no-sslv3 no-tlsv10 no-tlsv11 alpn h2,http\/1\.1$/);
    const crtList = files.get(options.split(" ")[2] as string) ?? "";
    const [first, second] = crtList.trim().split("\n");
    expect(files.get(first as string)).toBe(pem("www"));
    expect(files.get(second as string)).toBe(pem("api"));
  });

  it("names files by their content: a rotated certificate changes the config line", () => {
    expect(bindTlsOptions(listener({ certificates: [pem("www2")] }), paths)).not.toBe(bindTlsOptions(listener({ certificates: [pem("www")] }), paths));
  });

  it("asks clients for a certificate against the CA", () => {
    expect(bindTlsOptions(listener({ client_ca: ca, client_authentication: "MANDATORY" }), paths)).toMatch(/ ca-file \S+\.pem verify required /);
    expect(bindTlsOptions(listener({ client_ca: ca, client_authentication: "OPTIONAL" }), paths)).toMatch(/ verify optional /);
  });

  it("refuses a listener without a certificate and values off the allow-list", () => {
    expect(() => bindTlsOptions(listener({ certificates: [] }), paths)).toThrow(RenderError);
    expect(() => bindTlsOptions(listener({ tls_ciphers: "HIGH\n    bind :1" }), paths)).toThrow(RenderError);
    expect(() => bindTlsOptions(listener({ alpn_protocols: ["h2 crt /etc/x" as never] }), paths)).toThrow(RenderError);
    expect(() => bindTlsOptions(listener({ tls_versions: [] }), paths)).toThrow(RenderError);
  });
});

describe("sslHeaderLines", () => {
  it("sets the X-SSL-* headers asked for", () => {
    expect(sslHeaderLines(listener())).toEqual(["    http-request set-header X-SSL-Client-CN %{+Q}[ssl_c_s_dn(cn)]"]);
  });
});

describe("serverTlsOptions", () => {
  const pool = (tls: PoolModel["tls"]): PoolModel => ({
    id: "33333333-3333-4333-8333-333333333333",
    protocol: "HTTP",
    lb_algorithm: "ROUND_ROBIN",
    session_persistence: null,
    admin_state_up: true,
    provisioning_status: "ACTIVE",
    members: [],
    healthmonitor: null,
    tls,
  });
  const base = { client_certificate: null, ca: null, crl: null, tls_versions: ["TLSv1.2", "TLSv1.3"] as const, tls_ciphers: null, alpn_protocols: [] };
  it("verifies members only with a CA", () => {
    expect(serverTlsOptions(pool(null), paths)).toEqual([]);
    expect(serverTlsOptions(pool({ ...base, tls_versions: [...base.tls_versions] }), paths).join(" ")).toBe("ssl verify none no-sslv3 no-tlsv10 no-tlsv11");
    expect(serverTlsOptions(pool({ ...base, tls_versions: [...base.tls_versions], ca }), paths).join(" ")).toMatch(/^ssl ca-file \S+\.pem verify required no-sslv3/);
  });
});
