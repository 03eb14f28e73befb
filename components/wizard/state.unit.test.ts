import { describe, expect, it } from "vitest";
import { defaultMonitorType, monitorTypesFor } from "@/components/forms/monitor-form";
import { isInCidr } from "@/server/cloud/cidr";
import {
  addExternalMember,
  addInstanceMember,
  initialWizardState,
  memberSubnetOf,
  removeMember,
  setListenerPort,
  setListenerProtocol,
  setMonitorType,
  updateMember,
} from "./state";

const web1 = { id: "i-web1", name: "web1", fixed_ip: "127.10.0.10", subnet_id: "s1" };

describe("isInCidr", () => {
  it.each([
    ["127.10.0.10", "127.10.0.0/24", true],
    ["127.10.0.255", "127.10.0.0/24", true],
    ["127.10.1.0", "127.10.0.0/24", false],
    ["10.1.2.3", "0.0.0.0/0", true],
    ["10.1.2.3", "10.1.2.3/32", true],
    ["10.1.2.4", "10.1.2.3/32", false],
    ["127.10.0.300", "127.10.0.0/24", false],
    ["127.10.0.1", "127.10.0.0/33", false],
    ["127.10.0.1", "127.10.0.0", false],
    ["01.2.3.4", "1.0.0.0/8", false],
  ])("%s in %s: %s", (ip, cidr, inside) => {
    expect(isInCidr(ip, cidr)).toBe(inside);
  });
});

describe("wizard state", () => {
  it("lets the listener port follow the protocol until the user types one", () => {
    let s = initialWizardState();
    expect(s.listener.protocol_port).toBe("80");
    s = setListenerProtocol(s, "HTTPS");
    expect(s.listener.protocol_port).toBe("443");
    s = setListenerProtocol(s, "TCP");
    expect(s.listener.protocol_port).toBe("443");
    s = setListenerProtocol(s, "HTTP");
    expect(s.listener.protocol_port).toBe("80");
    s = setListenerPort(s, "8080");
    s = setListenerProtocol(s, "HTTPS");
    expect(s.listener.protocol_port).toBe("8080");
  });

  it("defaults member ports from the listener port and lets untouched ones follow it", () => {
    let s = addInstanceMember(initialWizardState(), web1);
    expect(s.members[0]?.protocol_port).toBe("80");
    s = addExternalMember(s, { address: "127.10.0.50", port: "9000" });
    s = setListenerPort(s, "8080");
    expect(s.members.map((m) => m.protocol_port)).toEqual(["8080", "9000"]);
    s = setListenerPort(s, "0");
    expect(s.members[0]?.protocol_port).toBe("80");
    const key = s.members[0]?.key ?? "";
    s = updateMember(s, key, { protocol_port: "81" });
    s = setListenerPort(s, "8443");
    expect(s.members[0]?.protocol_port).toBe("81");
    s = updateMember(s, key, { weight: "0" });
    expect(s.members[0]).toMatchObject({ protocol_port: "81", weight: "0" });
    expect(removeMember(s, key).members).toHaveLength(1);
  });

  it("gives members of a TERMINATED_HTTPS listener port 80: TLS ends at the listener and the pool speaks HTTP", () => {
    let s = addInstanceMember(initialWizardState(), web1);
    s = setListenerProtocol(s, "TERMINATED_HTTPS");
    expect(s.listener.protocol_port).toBe("443");
    expect(s.members[0]?.protocol_port).toBe("80");
    s = setListenerProtocol(s, "HTTPS");
    expect(s.members[0]?.protocol_port).toBe("443");
  });

  it("adds an instance once", () => {
    const s = addInstanceMember(addInstanceMember(initialWizardState(), web1), web1);
    expect(s.members).toHaveLength(1);
  });

  it("offers monitor types by pool protocol, never UDP-CONNECT or SCTP on TCP-family pools", () => {
    expect(monitorTypesFor("HTTP")).toEqual(["HTTP", "HTTPS", "PING", "TCP", "TLS-HELLO"]);
    expect(monitorTypesFor("UDP")).toContain("UDP-CONNECT");
    expect(defaultMonitorType("TCP")).toBe("TCP");
    expect(defaultMonitorType("HTTPS")).toBe("HTTPS");
  });

  it("lets the monitor type follow the pool protocol until chosen, but never keeps a refused one", () => {
    let s = setListenerProtocol(initialWizardState(), "TCP");
    expect(s.monitor.type).toBe("TCP");
    s = setMonitorType(s, "PING");
    s = setListenerProtocol(s, "HTTP");
    expect(s.monitor.type).toBe("PING");
    s = setListenerProtocol(setMonitorType(s, "TLS-HELLO"), "UDP");
    expect(s.monitor.type).toBe("UDP-CONNECT");
  });

  it("keeps only a session persistence the pool's protocol allows when the listener changes", () => {
    let s = initialWizardState();
    s = { ...s, pool: { ...s.pool, session_persistence: "HTTP_COOKIE" } };
    s = setListenerProtocol(s, "TCP");
    expect(s.pool).toMatchObject({ protocol: "TCP", session_persistence: "" });
    s = { ...s, pool: { ...s.pool, session_persistence: "SOURCE_IP" } };
    s = setListenerProtocol(s, "HTTP");
    expect(s.pool).toMatchObject({ protocol: "HTTP", session_persistence: "SOURCE_IP" });
  });

  it("lists members from the VIP's subnet until another is picked", () => {
    let s = initialWizardState();
    expect(memberSubnetOf(s)).toBeNull();
    s = { ...s, lb: { ...s.lb, vip_subnet: { id: "vip", name: "", cidr: "", network_name: "" } } };
    expect(memberSubnetOf(s)).toBe("vip");
    expect(memberSubnetOf({ ...s, memberSubnetId: "backend" })).toBe("backend");
  });

  it("starts a listener on an existing load balancer on a free port, and moves it to a free one with the protocol", () => {
    const used = [
      { protocol: "HTTP", protocol_port: 80 },
      { protocol: "TCP", protocol_port: 443 },
    ];
    const mode = { kind: "listener" as const, loadbalancer: { id: "lb", vip_subnet_id: "vip" }, usedPorts: used };
    let s = initialWizardState(mode);
    expect(s.listener.protocol_port).toBe("8080");
    s = setListenerProtocol(s, "HTTPS", used);
    expect(s.listener.protocol_port).toBe("8443");
    s = setListenerProtocol(s, "UDP", used);
    expect(s.listener.protocol_port).toBe("8443");
  });
});
