import { describe, expect, it } from "vitest";
import { loadBalancerCreateInput } from "@/server/services/schemas/loadBalancer";
import { buildGraph } from "./build-graph";
import { addExternalMember, addInstanceMember, initialWizardState, setListenerProtocol, setMonitorType, type WizardState } from "./state";

const SUBNET = { id: "6f1c2a0e-2f4b-4b8e-9a53-0c1d2e3f4a5b", name: "selfservice-subnet", cidr: "127.10.0.0/24", network_name: "selfservice" };
const web1 = { id: "i-web1", name: "web1", fixed_ip: "127.10.0.10", subnet_id: SUBNET.id };
const web2 = { id: "i-web2", name: "web2", fixed_ip: "127.10.0.11", subnet_id: SUBNET.id };

function filled(): WizardState {
  const s = initialWizardState();
  return { ...s, lb: { ...s.lb, name: "web", vip_subnet: SUBNET } };
}

describe("buildGraph", () => {
  it("builds the whole tree with Horizon's defaults", () => {
    let s = filled();
    s = addInstanceMember(s, web1);
    s = addInstanceMember(s, web2);
    const graph = buildGraph(s);
    expect(graph).toEqual({
      name: "web",
      admin_state_up: true,
      vip_subnet_id: SUBNET.id,
      listeners: [
        {
          protocol: "HTTP",
          protocol_port: 80,
          admin_state_up: true,
          connection_limit: -1,
          timeout_client_data: 50000,
          timeout_member_connect: 5000,
          timeout_member_data: 50000,
          timeout_tcp_inspect: 0,
          default_pool: {
            protocol: "HTTP",
            lb_algorithm: "ROUND_ROBIN",
            admin_state_up: true,
            members: [
              { name: "web1", address: "127.10.0.10", protocol_port: 80, weight: 1, subnet_id: SUBNET.id },
              { name: "web2", address: "127.10.0.11", protocol_port: 80, weight: 1, subnet_id: SUBNET.id },
            ],
            healthmonitor: {
              type: "HTTP",
              delay: 5,
              timeout: 5,
              max_retries: 3,
              max_retries_down: 3,
              admin_state_up: true,
              http_method: "GET",
              expected_codes: "200",
              url_path: "/",
            },
          },
        },
      ],
    });
    expect(loadBalancerCreateInput.safeParse(graph).success).toBe(true);
  });

  it("sends no listener (so no pool) when the listener toggle is off", () => {
    let s = filled();
    s = addInstanceMember(s, web1);
    s = { ...s, listener: { ...s.listener, enabled: false } };
    expect(buildGraph(s).listeners).toBeUndefined();
  });

  it("sends no default_pool, members or monitor when the pool toggle is off", () => {
    let s = addInstanceMember(filled(), web1);
    s = { ...s, pool: { ...s.pool, enabled: false } };
    expect(buildGraph(s).listeners?.[0]).not.toHaveProperty("default_pool");
  });

  it("sends no healthmonitor when the monitor toggle is off", () => {
    const s = filled();
    const graph = buildGraph({ ...s, monitor: { ...s.monitor, enabled: false } });
    expect(graph.listeners?.[0]?.default_pool).not.toHaveProperty("healthmonitor");
  });

  it("leaves out the HTTP-only monitor fields for other monitor types", () => {
    const s = setMonitorType(filled(), "TCP");
    expect(buildGraph(s).listeners?.[0]?.default_pool?.healthmonitor).toEqual({
      type: "TCP",
      delay: 5,
      timeout: 5,
      max_retries: 3,
      max_retries_down: 3,
      admin_state_up: true,
    });
  });

  it("sends checked insert headers for HTTP listeners only", () => {
    const s = filled();
    const withHeaders = {
      ...s,
      listener: { ...s.listener, insert_headers: ["X-Forwarded-For" as const] },
    };
    expect(buildGraph(withHeaders).listeners?.[0]?.insert_headers).toEqual({ "X-Forwarded-For": true });
    const tcp = { ...withHeaders, listener: { ...withHeaders.listener, protocol: "TCP" as const } };
    expect(buildGraph(tcp).listeners?.[0]).not.toHaveProperty("insert_headers");
  });

  it("derives the pool protocol from the listener and sends the cookie name only for APP_COOKIE", () => {
    const s = filled();
    const https = setListenerProtocol(s, "HTTPS");
    expect(buildGraph(https).listeners?.[0]?.default_pool?.protocol).toBe("HTTPS");
    const cookie = { ...s, pool: { ...s.pool, session_persistence: "HTTP_COOKIE" as const, cookie_name: "left over" } };
    expect(buildGraph(cookie).listeners?.[0]?.default_pool?.session_persistence).toEqual({ type: "HTTP_COOKIE" });
    const app = { ...s, pool: { ...s.pool, session_persistence: "APP_COOKIE" as const, cookie_name: "JSESSIONID" } };
    expect(buildGraph(app).listeners?.[0]?.default_pool?.session_persistence).toEqual({ type: "APP_COOKIE", cookie_name: "JSESSIONID" });
  });

  it("keeps optional fields out when empty and the typed VIP address when given", () => {
    const s = filled();
    const graph = buildGraph({ ...s, lb: { ...s.lb, name: "", vip_address: " 127.10.0.99 " } });
    expect(graph).not.toHaveProperty("name");
    expect(graph.vip_address).toBe("127.10.0.99");
    const external = buildGraph(addExternalMember(s, { address: "127.10.1.5", port: "8080" }));
    expect(external.listeners?.[0]?.default_pool?.members).toEqual([{ address: "127.10.1.5", protocol_port: 8080, weight: 1 }]);
  });

  it("sends the listener's admin state and allowed CIDRs", () => {
    const s = filled();
    const listener = buildGraph({ ...s, listener: { ...s.listener, admin_state_up: false, allowed_cidrs: "127.0.0.0/8,\n10.0.0.0/8" } }).listeners?.[0];
    expect(listener).toMatchObject({ admin_state_up: false, allowed_cidrs: ["127.0.0.0/8", "10.0.0.0/8"] });
    expect(buildGraph(s).listeners?.[0]).not.toHaveProperty("allowed_cidrs");
  });

  it("has no cap on the number of members", () => {
    let s = filled();
    for (let i = 0; i < 40; i++) s = addExternalMember(s, { address: `127.10.0.${100 + i}`, port: "80" });
    expect(buildGraph(s).listeners?.[0]?.default_pool?.members).toHaveLength(40);
  });
});
