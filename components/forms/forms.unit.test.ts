import { describe, expect, it } from "vitest";
import type { HealthMonitor, Listener, Pool } from "@/components/api-types";
import { schemaErrors } from "@/components/ui/form-errors";
import { healthMonitorCreateInput, healthMonitorSpec, healthMonitorUpdateInput } from "@/server/services/schemas/healthMonitor";
import { listenerUpdateInput } from "@/server/services/schemas/listener";
import { poolCreateInput, poolUpdateInput } from "@/server/services/schemas/pool";
import { sessionPersistenceRule } from "@/server/services/schemas/rules";
import { OWASP_SUITE_B } from "@/server/services/schemas/tls";
import {
  freeListenerPort,
  hasCustomTimeouts,
  LISTENER_LABELS,
  listenerCreateFields,
  listenerFormValues,
  listenerUpdateFromForm,
  newListenerValues,
} from "./listener-form";
import { externalMemberErrors, MEMBER_LABELS } from "./member-form";
import { labelMessage } from "./messages";
import {
  defaultMonitorType,
  delayRule,
  MONITOR_LABELS,
  monitorCreateFields,
  monitorFormValues,
  monitorTypesFor,
  monitorUpdateFields,
  newMonitorValues,
  urlPathProblem,
} from "./monitor-form";
import {
  newPoolValues,
  persistenceFor,
  persistenceTypesFor,
  POOL_LABELS,
  poolCreateFromForm,
  poolForListener,
  poolFormValues,
  poolProtocolsFor,
  poolUpdateFromForm,
  supportsPoolTls,
} from "./pool-form";
import { parseNumber } from "./values";

const LB = "0b7f4c1e-5d2a-4e8f-9c3b-1a2b3c4d5e6f";
const LISTENER = "6b1a3c1e-5a43-4c8e-9a36-2b6f7b0f2a11";
const POOL = "8c6c4c52-32c4-4a9c-8c5a-3b7f1b0e0a01";
const SECRETS = "http://127.0.0.1:3000/key-manager/v1/secrets";
/** What an update of a pool whose TLS is off sends: TLS off and every ref cleared. */
const TLS_OFF = {
  tls_enabled: false,
  tls_container_ref: null,
  ca_tls_container_ref: null,
  crl_container_ref: null,
  tls_versions: null,
  tls_ciphers: null,
  alpn_protocols: null,
};

describe("messages in the form's words", () => {
  it("puts the field's label where the API names the field, and keeps the rest of Octavia's wording", () => {
    expect(labelMessage("protocol_port must be between 1 and 65535", LISTENER_LABELS)).toBe("Port must be between 1 and 65535");
    expect(labelMessage('Field "cookie_name" must be specified when using the "APP_COOKIE" session persistence type.', POOL_LABELS)).toBe(
      'Cookie Name must be specified when using the "APP_COOKIE" session persistence type.',
    );
    expect(labelMessage('Supplied "cookie_name" is invalid.', POOL_LABELS)).toBe("Supplied Cookie Name is invalid.");
    expect(labelMessage("session_persistence.type must be one of SOURCE_IP, HTTP_COOKIE, APP_COOKIE", POOL_LABELS)).toBe(
      "Session Persistence must be one of SOURCE_IP, HTTP_COOKIE, APP_COOKIE",
    );
    expect(labelMessage("max_retries_down must be between 1 and 10", MONITOR_LABELS)).toBe("Max Retries Down must be between 1 and 10");
    expect(labelMessage("insert-headers is not a valid option for a TCP protocol listener.", LISTENER_LABELS)).toBe(
      "Insert Headers is not a valid option for a TCP protocol listener.",
    );
    expect(labelMessage("weight must be between 0 and 256", MEMBER_LABELS)).toBe("Weight must be between 0 and 256");
  });

  it("replaces plain-word names only as the subject, so the English around them stays", () => {
    expect(labelMessage("delay must be a number", MONITOR_LABELS)).toBe("Delay must be a number");
    expect(labelMessage("The request delay value 2 should be larger than 3 for UDP-CONNECT health monitor type.", MONITOR_LABELS)).toBe(
      "The request delay value 2 should be larger than 3 for UDP-CONNECT health monitor type.",
    );
    expect(labelMessage("The pool protocol 'TCP' is invalid while the listener protocol is 'HTTP'.", POOL_LABELS)).toBe(
      "The pool protocol 'TCP' is invalid while the listener protocol is 'HTTP'.",
    );
    // A longer name that starts with a shorter one is left to its own label.
    expect(labelMessage("timeout_tcp_inspect must be a whole number", { timeout: "Timeout", timeout_tcp_inspect: "TCP Inspect Timeout" })).toBe(
      "TCP Inspect Timeout must be a whole number",
    );
  });
});

describe("listener form", () => {
  const listener = {
    id: LISTENER,
    name: "http",
    description: "",
    admin_state_up: true,
    protocol: "HTTP",
    protocol_port: 80,
    connection_limit: -1,
    timeout_client_data: 50000,
    timeout_member_connect: 5000,
    timeout_member_data: 50000,
    timeout_tcp_inspect: 0,
    default_pool_id: null,
    insert_headers: { "X-Forwarded-For": true, "X-Forwarded-Port": false },
    allowed_cidrs: ["127.0.0.0/8"],
  } as unknown as Listener;

  it("round-trips a listener into a valid update without protocol or port", () => {
    const input = listenerUpdateFromForm(listener.id, listenerFormValues(listener));
    expect(input).toEqual({
      id: listener.id,
      name: "http",
      description: "",
      admin_state_up: true,
      connection_limit: -1,
      timeout_client_data: 50000,
      timeout_member_connect: 5000,
      timeout_member_data: 50000,
      timeout_tcp_inspect: 0,
      default_pool_id: null,
      insert_headers: { "X-Forwarded-For": true },
      allowed_cidrs: ["127.0.0.0/8"],
    });
    expect(schemaErrors(listenerUpdateInput, input)).toEqual({});
    expect(hasCustomTimeouts(listenerFormValues(listener))).toBe(false);
    expect(hasCustomTimeouts({ ...listenerFormValues(listener), timeout_member_data: "90000" })).toBe(true);
  });

  it("sends cleared timeouts as null (back to default) and a cleared limit as unlimited on edit, and leaves them out on create", () => {
    const values = { ...listenerFormValues(listener), timeout_client_data: "", connection_limit: " " };
    const input = listenerUpdateFromForm(listener.id, values);
    expect(input.timeout_client_data).toBeNull();
    expect(input.connection_limit).toBe(-1);
    const created = listenerCreateFields(values);
    expect(created).not.toHaveProperty("timeout_client_data");
    expect(created).not.toHaveProperty("connection_limit");
  });

  it("leaves insert_headers out for a TCP listener and reports wrong values on their fields", () => {
    const values = { ...listenerFormValues(listener), protocol: "TCP" as const, connection_limit: "1.5", allowed_cidrs: "10.0.0.0/8 nope" };
    const input = listenerUpdateFromForm(listener.id, values);
    expect("insert_headers" in input).toBe(false);
    const errors = schemaErrors(listenerUpdateInput, input);
    expect(errors.connection_limit).toBe("connection_limit must be a whole number");
    expect(errors["allowed_cidrs.1"]).toMatch(/IPv4 CIDRs/);
  });

  it("starts on a free port: the protocol's own, else the same in the 8000s, else the next one up", () => {
    expect(newListenerValues().protocol_port).toBe("80");
    expect(newListenerValues([{ protocol: "HTTP", protocol_port: 80 }]).protocol_port).toBe("8080");
    const busy = [80, 8080, 8081].map((protocol_port) => ({ protocol: "TCP", protocol_port }));
    expect(freeListenerPort("HTTP", busy, 80)).toBe(8082);
    // UDP ports are their own: a TCP listener on 80 leaves UDP 80 free.
    expect(freeListenerPort("UDP", busy, 80)).toBe(80);
    expect(freeListenerPort("TCP", [{ protocol: "TCP", protocol_port: 65535 }], 65535)).toBe(1);
  });
});

describe("pool form", () => {
  it("offers the pool protocols the listener allows, and with no listener those a served listener could use", () => {
    expect(poolProtocolsFor("HTTP")).toEqual(["HTTP", "PROXY", "PROXYV2"]);
    expect(poolProtocolsFor("TCP")).toEqual(["HTTP", "HTTPS", "TCP", "PROXY", "PROXYV2"]);
    expect(poolProtocolsFor(null)).not.toContain("UDP");
  });

  it("offers exactly the persistence types the API's rule accepts, and drops a choice the protocol refuses", () => {
    for (const protocol of ["HTTP", "HTTPS", "TCP", "PROXY", "UDP"] as const) {
      const offered = persistenceTypesFor(protocol);
      for (const type of ["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"] as const) {
        const refused = sessionPersistenceRule(protocol, { type, cookie_name: type === "APP_COOKIE" ? "SESSIONID" : null });
        expect(offered.includes(type), `${type} on ${protocol}`).toBe(refused === null);
      }
    }
    expect(persistenceTypesFor("HTTP")).toEqual(["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"]);
    expect(persistenceFor("HTTP", "APP_COOKIE")).toBe("APP_COOKIE");
    expect(persistenceFor("UDP", "APP_COOKIE")).toBe("");
    expect(persistenceFor("UDP", "SOURCE_IP")).toBe("SOURCE_IP");
  });

  it("follows a chosen listener: a protocol it refuses is replaced by its own, and the persistence follows", () => {
    const values = { ...newPoolValues("TCP"), session_persistence: "SOURCE_IP" as const };
    expect(poolForListener(values, { id: LISTENER, protocol: "HTTP" })).toEqual({ listener_id: LISTENER, protocol: "HTTP", session_persistence: "SOURCE_IP" });
    expect(poolForListener({ ...values, protocol: "PROXY" }, { id: LISTENER, protocol: "HTTP" }).protocol).toBe("PROXY");
    expect(poolForListener(values, null)).toEqual({ listener_id: "", protocol: "TCP", session_persistence: "SOURCE_IP" });
  });

  it("makes a valid pool.create, for the load balancer or a listener, with the cookie only for APP_COOKIE", () => {
    const plain = poolCreateFromForm(LB, { ...newPoolValues("HTTP"), name: " web ", session_persistence: "HTTP_COOKIE", cookie_name: "left over" });
    expect(plain).toEqual({
      loadbalancer_id: LB,
      protocol: "HTTP",
      name: "web",
      lb_algorithm: "ROUND_ROBIN",
      session_persistence: { type: "HTTP_COOKIE" },
      admin_state_up: true,
    });
    expect(schemaErrors(poolCreateInput, plain)).toEqual({});
    const forListener = poolCreateFromForm(LB, { ...newPoolValues("HTTP"), listener_id: LISTENER, session_persistence: "APP_COOKIE", cookie_name: "my cookie" });
    expect(forListener.listener_id).toBe(LISTENER);
    expect(schemaErrors(poolCreateInput, forListener)).toEqual({ "session_persistence.cookie_name": 'Supplied "cookie_name" is invalid.' });
  });

  it("edits what Octavia lets change, and removes the persistence with null", () => {
    const pool = {
      id: POOL,
      name: "web",
      description: "d",
      protocol: "HTTP",
      lb_algorithm: "LEAST_CONNECTIONS",
      session_persistence: { type: "APP_COOKIE", cookie_name: "JSESSIONID" },
      admin_state_up: true,
    } as unknown as Pool;
    const values = poolFormValues(pool);
    expect(values).toMatchObject({ session_persistence: "APP_COOKIE", cookie_name: "JSESSIONID", lb_algorithm: "LEAST_CONNECTIONS" });
    const update = poolUpdateFromForm(POOL, { ...values, session_persistence: "", admin_state_up: false });
    expect(update).toEqual({
      id: POOL,
      name: "web",
      description: "d",
      lb_algorithm: "LEAST_CONNECTIONS",
      session_persistence: null,
      admin_state_up: false,
      ...TLS_OFF,
    });
    expect(schemaErrors(poolUpdateInput, update)).toEqual({});
    expect("protocol" in update).toBe(false);
  });

  const CA = `${SECRETS}/5b0c7c43-2a41-4f0e-9a53-0d8c6b0f1e01`;
  const CLIENT = `${SECRETS}/5b0c7c43-2a41-4f0e-9a53-0d8c6b0f1e02`;
  const CRL = `${SECRETS}/5b0c7c43-2a41-4f0e-9a53-0d8c6b0f1e03`;

  it("re-encrypts on create with the chosen certificates, leaving empty fields to Octavia's defaults", () => {
    const values = newPoolValues("HTTP");
    expect(values).toMatchObject({ tls_enabled: false, tls_versions: ["TLSv1.2", "TLSv1.3"], alpn_protocols: ["h2", "http/1.1", "http/1.0"] });
    expect(poolCreateFromForm(LB, { ...values, ca_tls_container_ref: CA })).not.toHaveProperty("tls_enabled");
    const tls = poolCreateFromForm(LB, { ...values, tls_enabled: true, ca_tls_container_ref: CA, crl_container_ref: CRL, tls_versions: ["TLSv1.3"], alpn_protocols: [] });
    expect(tls).toEqual({
      loadbalancer_id: LB,
      protocol: "HTTP",
      lb_algorithm: "ROUND_ROBIN",
      admin_state_up: true,
      tls_enabled: true,
      ca_tls_container_ref: CA,
      crl_container_ref: CRL,
      tls_versions: ["TLSv1.3"],
    });
    expect(schemaErrors(poolCreateInput, tls)).toEqual({});
    // A revocation list is only sent with the CA it belongs to (the API refuses it alone).
    expect(poolCreateFromForm(LB, { ...values, tls_enabled: true, crl_container_ref: CRL })).not.toHaveProperty("crl_container_ref");
    // HAProxy has no TLS towards UDP or SCTP servers: those pools are not offered it.
    expect([supportsPoolTls("HTTP"), supportsPoolTls("TCP"), supportsPoolTls("UDP"), supportsPoolTls("SCTP")]).toEqual([true, true, false, false]);
    expect(poolCreateFromForm(LB, { ...newPoolValues("UDP"), tls_enabled: true, ca_tls_container_ref: CA })).not.toHaveProperty("tls_enabled");
  });

  it("edits a re-encrypting pool: its fields round-trip, emptied ones go back to the defaults, TLS off clears the refs", () => {
    const pool = {
      id: POOL,
      name: "",
      description: "",
      protocol: "HTTP",
      lb_algorithm: "ROUND_ROBIN",
      session_persistence: null,
      admin_state_up: true,
      tls_enabled: true,
      tls_container_ref: CLIENT,
      ca_tls_container_ref: CA,
      crl_container_ref: null,
      tls_versions: ["TLSv1.2", "TLSv1.3"],
      tls_ciphers: OWASP_SUITE_B,
      alpn_protocols: ["h2", "http/1.1", "http/1.0"],
    } as unknown as Pool;
    const values = poolFormValues(pool);
    // Octavia's long default cipher string shows as the empty field that means it.
    expect(values).toMatchObject({ tls_enabled: true, tls_container_ref: CLIENT, ca_tls_container_ref: CA, crl_container_ref: "", tls_ciphers: "" });
    const kept = poolUpdateFromForm(POOL, values);
    expect(kept).toMatchObject({ tls_enabled: true, tls_container_ref: CLIENT, ca_tls_container_ref: CA, crl_container_ref: null, tls_ciphers: null });
    expect(kept.tls_versions).toEqual(["TLSv1.2", "TLSv1.3"]);
    expect(schemaErrors(poolUpdateInput, kept)).toEqual({});
    expect(poolUpdateFromForm(POOL, { ...values, tls_container_ref: "", tls_versions: [], tls_ciphers: " HIGH:!aNULL " })).toMatchObject({
      tls_container_ref: null,
      tls_versions: null,
      tls_ciphers: "HIGH:!aNULL",
    });
    expect(poolUpdateFromForm(POOL, { ...values, tls_enabled: false })).toMatchObject(TLS_OFF);
  });
});

describe("health monitor form", () => {
  it("offers the types the pool protocol allows and starts from the pool's own", () => {
    expect(monitorTypesFor("UDP")).toEqual(["HTTP", "TCP", "UDP-CONNECT", "SCTP"]);
    expect(monitorTypesFor("HTTP")).not.toContain("UDP-CONNECT");
    expect(defaultMonitorType("TCP")).toBe("TCP");
    expect(defaultMonitorType("HTTPS")).toBe("HTTPS");
    expect(defaultMonitorType("PROXY")).toBe("HTTP");
    expect(newMonitorValues("UDP").type).toBe("UDP-CONNECT");
  });

  it("offers PING only where the deployment allows it (ALLOW_PING_HEALTH_MONITORS)", () => {
    expect(monitorTypesFor("HTTP", false)).toEqual(["HTTP", "HTTPS", "TCP", "TLS-HELLO"]);
    expect(monitorTypesFor("HTTP", true)).toEqual(["HTTP", "HTTPS", "PING", "TCP", "TLS-HELLO"]);
  });

  it("sends HTTP fields only for HTTP monitors and no empty name on create, valid for the API", () => {
    const http = { pool_id: POOL, ...monitorCreateFields(newMonitorValues("HTTP")) };
    expect(http).toEqual({
      pool_id: POOL,
      type: "HTTP",
      delay: 5,
      timeout: 5,
      max_retries: 3,
      max_retries_down: 3,
      admin_state_up: true,
      http_method: "GET",
      url_path: "/",
      expected_codes: "200",
    });
    expect(schemaErrors(healthMonitorCreateInput, http)).toEqual({});
    const tcp = monitorCreateFields({ ...newMonitorValues("HTTP"), type: "TCP", name: "tcp check" });
    expect(tcp).toMatchObject({ type: "TCP", name: "tcp check" });
    expect("url_path" in tcp).toBe(false);
  });

  it("checks the API's rules, an empty required number, and Horizon's delay >= timeout", () => {
    const values = { ...newMonitorValues("HTTP"), delay: "2", timeout: "3", url_path: "no-slash", expected_codes: "2xx", max_retries: "" };
    const errors = schemaErrors(healthMonitorSpec, monitorCreateFields(values));
    expect(errors.url_path).toBe("Value must be a valid URL Path string");
    expect(errors.expected_codes).toMatch(/three-digit/);
    expect(errors.max_retries).toBe("max_retries is required");
    expect(delayRule(values)).toBe("The timeout must be less than or equal to the delay.");
    expect(delayRule({ ...values, delay: "3" })).toBeNull();
    expect(delayRule({ ...values, delay: "x" })).toBeNull();
  });

  it("edits without the type", () => {
    const monitor = {
      id: "5d7c1a2b-3e4f-4a5b-8c6d-7e8f9a0b1c04",
      type: "PING",
      name: "",
      delay: 1,
      timeout: 1,
      max_retries: 2,
      max_retries_down: 3,
      http_method: null,
      url_path: null,
      expected_codes: null,
      admin_state_up: true,
    } as unknown as HealthMonitor;
    const update = { id: monitor.id, ...monitorUpdateFields(monitorFormValues(monitor)) };
    expect("http_method" in update).toBe(false);
    expect("type" in update).toBe(false);
    expect(schemaErrors(healthMonitorUpdateInput, update)).toEqual({});
  });

  it("says what is wrong with a URL path the API refuses", () => {
    expect(urlPathProblem("/healthz?full=1")).toBeNull();
    expect(urlPathProblem("healthz")).toBe("The path must start with /, e.g. /healthz");
    expect(urlPathProblem("")).toMatch(/^Enter a path/);
    expect(urlPathProblem("//example.com/")).toMatch(/names a host/);
    expect(urlPathProblem("/a b")).toMatch(/spaces/);
    expect(urlPathProblem("/it's")).toBe(`The path may not contain "'"; write it percent-encoded (%27)`);
    expect(urlPathProblem("/é")).toMatch(/%C3%A9/);
    expect(urlPathProblem("/100%")).toMatch(/% must start a code/);
    expect(urlPathProblem(`/${"a".repeat(1024)}`)).toMatch(/at most 1024/);
  });
});

describe("external member", () => {
  it("is checked with the member schema, takes the default port when none is typed, and is refused twice", () => {
    const none = () => false;
    expect(externalMemberErrors({ address: " 127.0.0.5 ", port: "", weight: "1" }, "80", none)).toEqual({});
    expect(externalMemberErrors({ address: "127.0.0.5", port: "", weight: "1" }, "", none)).toEqual({ protocol_port: "protocol_port is required" });
    expect(externalMemberErrors({ address: "127.0.0", port: "80", weight: "300" }, "", none)).toEqual({
      address: "address must be a valid IPv4 address",
      weight: "weight must be between 0 and 256",
    });
    const taken = (address: string, port: string) => address === "127.0.0.5" && port === "80";
    expect(externalMemberErrors({ address: "127.0.0.5", port: "", weight: "1" }, "80", taken).address).toBe(
      "Another member on this pool is already using ip 127.0.0.5 on protocol_port 80",
    );
  });
});

describe("parseNumber", () => {
  it("reads what was typed: empty is absent, decimals are numbers, the rest NaN", () => {
    expect(parseNumber("")).toBeUndefined();
    expect(parseNumber("  ")).toBeUndefined();
    expect(parseNumber(" 80 ")).toBe(80);
    expect(parseNumber("-1")).toBe(-1);
    expect(parseNumber("1.5")).toBe(1.5);
    expect(parseNumber("0x10")).toBeNaN();
    expect(parseNumber("eighty")).toBeNaN();
  });
});
