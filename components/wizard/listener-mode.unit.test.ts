import { describe, expect, it } from "vitest";
import { listenerCreateInput } from "@/server/services/schemas/listener";
import { buildListenerGraph } from "./build-graph";
import { addInstanceMember, initialWizardState, setListenerPort, setListenerProtocol, setMonitorType, type WizardMode, type WizardState } from "./state";
import { stepOfField, stepsFor } from "./steps";
import { mapServerFieldErrors, validateWizard } from "./validate";

// "Create Listener" on an existing load balancer: the wizard's steps 2–5 and one listener.create.

const LB_ID = "0b7f4c1e-5d2a-4e8f-9c3b-1a2b3c4d5e6f";
const SUBNET_ID = "6f1c2a0e-2f4b-4b8e-9a53-0c1d2e3f4a5b";
const MODE: Extract<WizardMode, { kind: "listener" }> = {
  kind: "listener",
  loadbalancer: { id: LB_ID, vip_subnet_id: SUBNET_ID },
  usedPorts: [{ protocol: "HTTP", protocol_port: 80 }],
};
const web1 = { id: "i-web1", name: "web1", fixed_ip: "127.10.0.10", subnet_id: SUBNET_ID };
const web3 = { id: "i-web3", name: "web3", fixed_ip: "127.10.0.12", subnet_id: SUBNET_ID };

/** TCP 8080, ROUND_ROBIN, web1 and web3, a TCP monitor with delay 1, timeout 1, retries 2. */
function tcp8080(): WizardState {
  let s = initialWizardState(MODE);
  s = setListenerProtocol(s, "TCP");
  s = setListenerPort(s, "8080");
  s = addInstanceMember(addInstanceMember(s, web1), web3);
  s = setMonitorType(s, "TCP");
  return { ...s, listener: { ...s.listener, name: "tcp-in" }, monitor: { ...s.monitor, delay: "1", timeout: "1", max_retries: "2" } };
}

describe("listener mode: state and steps", () => {
  it("starts at Listener Details with steps 2–5, the listener on, and the VIP subnet for the instances", () => {
    expect(stepsFor(MODE).map((s) => s.id)).toEqual(["listener", "pool", "members", "monitor"]);
    expect(stepsFor({ kind: "loadbalancer" }).map((s) => s.id)).toEqual(["details", "listener", "pool", "members", "monitor"]);
    const s = initialWizardState(MODE);
    expect(s.listener.enabled).toBe(true);
    expect(s.lb.vip_subnet?.id).toBe(SUBNET_ID);
    expect(initialWizardState().lb.vip_subnet).toBeNull();
  });
});

describe("buildListenerGraph", () => {
  it("builds one listener.create input with the pool tree inline as default_pool", () => {
    const graph = buildListenerGraph(tcp8080(), MODE);
    expect(graph).toEqual({
      loadbalancer_id: LB_ID,
      protocol: "TCP",
      protocol_port: 8080,
      name: "tcp-in",
      admin_state_up: true,
      connection_limit: -1,
      timeout_client_data: 50000,
      timeout_member_connect: 5000,
      timeout_member_data: 50000,
      timeout_tcp_inspect: 0,
      default_pool: {
        protocol: "TCP",
        lb_algorithm: "ROUND_ROBIN",
        admin_state_up: true,
        members: [
          { name: "web1", address: "127.10.0.10", protocol_port: 8080, weight: 1, subnet_id: SUBNET_ID },
          { name: "web3", address: "127.10.0.12", protocol_port: 8080, weight: 1, subnet_id: SUBNET_ID },
        ],
        healthmonitor: { type: "TCP", delay: 1, timeout: 1, max_retries: 2, max_retries_down: 3, admin_state_up: true },
      },
    });
    expect(listenerCreateInput.safeParse(graph).success).toBe(true);
  });

  it("always creates the listener, and leaves the pool out when it is turned off", () => {
    const s = tcp8080();
    const graph = buildListenerGraph({ ...s, listener: { ...s.listener, enabled: false }, pool: { ...s.pool, enabled: false } }, MODE);
    expect(graph.protocol_port).toBe(8080);
    expect(graph.default_pool).toBeUndefined();
    expect(graph).not.toHaveProperty("vip_subnet_id");
  });
});

describe("validateWizard in listener mode", () => {
  it("accepts a complete, valid form: no load balancer fields are asked for", () => {
    expect(validateWizard(tcp8080(), MODE)).toEqual({});
  });

  it("flags a port already used by a listener of the same family, and not one of another family", () => {
    const taken = setListenerProtocol(setListenerPort(tcp8080(), "80"), "TCP");
    expect(validateWizard(taken, MODE)["listener.protocol_port"]).toEqual([
      "Port 80 is taken: another listener on this load balancer uses HTTP:80.",
    ]);
    expect(validateWizard(taken)["listener.protocol_port"]).toBeUndefined();
    const udp = { ...MODE, usedPorts: [{ protocol: "UDP", protocol_port: 80 }] };
    expect(validateWizard(taken, udp)).toEqual({});
  });

  it("maps listenerCreateInput's top-level issue paths to the same fields as the graph's", () => {
    const s = tcp8080();
    const [m0] = s.members;
    const errors = validateWizard(
      {
        ...setListenerPort(s, "0"),
        pool: { ...s.pool, name: "p".repeat(256) },
        monitor: { ...s.monitor, delay: "" },
        members: s.members.map((m, i) => (i === 0 ? { ...m, weight: "999" } : m)),
      },
      MODE,
    );
    expect(Object.keys(errors).sort()).toEqual(["listener.protocol_port", `member.${m0?.key}.weight`, "monitor.delay", "pool.name"].sort());
    expect(errors["listener.protocol_port"]?.join(" ")).toContain("protocol_port must be between 1 and 65535");
    for (const key of Object.keys(errors)) expect(stepOfField(key)).not.toBe("details");
  });

  it("maps the server's top-level field errors onto the form", () => {
    const s = tcp8080();
    const [, m1] = s.members;
    expect(
      mapServerFieldErrors(
        {
          protocol_port: ["Another Listener on this Load Balancer is already using protocol TCP and protocol_port 8080"],
          "default_pool.members.1.address": ["bad address"],
          "default_pool.healthmonitor.delay": ["bad delay"],
          loadbalancer_id: ["gone"],
        },
        s,
        MODE,
      ),
    ).toEqual({
      "listener.protocol_port": ["Another Listener on this Load Balancer is already using protocol TCP and protocol_port 8080"],
      [`member.${m1?.key}.address`]: ["bad address"],
      "monitor.delay": ["bad delay"],
      _: ["loadbalancer_id: gone"],
    });
  });
});
