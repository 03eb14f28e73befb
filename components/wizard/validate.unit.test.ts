import { describe, expect, it } from "vitest";
import { stepOfField } from "./steps";
import {
  addExternalMember,
  addInstanceMember,
  initialWizardState,
  setListenerPort,
  setListenerProtocol,
  setMonitorType,
  type WizardState,
} from "./state";
import { fieldKeyOfPath, mapServerFieldErrors, validateWizard } from "./validate";

const SUBNET = { id: "6f1c2a0e-2f4b-4b8e-9a53-0c1d2e3f4a5b", name: "selfservice-subnet", cidr: "127.10.0.0/24", network_name: "selfservice" };
const web1 = { id: "i-web1", name: "web1", fixed_ip: "127.10.0.10", subnet_id: SUBNET.id };

function valid(): WizardState {
  const s = addInstanceMember(initialWizardState(), web1);
  return { ...s, lb: { ...s.lb, name: "web", vip_subnet: SUBNET } };
}

describe("validateWizard", () => {
  it("accepts a complete, valid form", () => {
    expect(validateWizard(valid())).toEqual({});
  });

  it("requires a subnet, with a message for the form", () => {
    const s = valid();
    expect(validateWizard({ ...s, lb: { ...s.lb, vip_subnet: null } })).toEqual({
      "lb.vip_subnet_id": ["Select the subnet the VIP address is taken from."],
    });
  });

  it("checks the VIP address is IPv4 and inside the chosen subnet", () => {
    const s = valid();
    expect(validateWizard({ ...s, lb: { ...s.lb, vip_address: "127.10.0.50" } })).toEqual({});
    expect(validateWizard({ ...s, lb: { ...s.lb, vip_address: "127.10.1.50" } })).toEqual({
      "lb.vip_address": ["IP address 127.10.1.50 is not in subnet selfservice-subnet (127.10.0.0/24)."],
    });
    expect(validateWizard({ ...s, lb: { ...s.lb, vip_address: "127.10.0" } })).toEqual({
      "lb.vip_address": ["vip_address must be a valid IPv4 address"],
    });
  });

  it("reports port 0, a url path without '/' and a cookie name with a space at once, on their fields", () => {
    let s = setListenerPort(valid(), "0");
    s = { ...s, monitor: { ...s.monitor, url_path: "health" } };
    s = { ...s, pool: { ...s.pool, session_persistence: "APP_COOKIE", cookie_name: "my cookie" } };
    const errors = validateWizard(s);
    expect(errors["listener.protocol_port"]).toEqual(["protocol_port must be between 1 and 65535"]);
    expect(errors["monitor.url_path"]).toEqual(["Value must be a valid URL Path string"]);
    expect(errors["pool.cookie_name"]).toEqual(['Supplied "cookie_name" is invalid.']);
    expect(Object.keys(errors).map(stepOfField).sort()).toEqual(["listener", "monitor", "pool"]);
  });

  it("requires a cookie name for APP_COOKIE", () => {
    const s = valid();
    expect(validateWizard({ ...s, pool: { ...s.pool, session_persistence: "APP_COOKIE", cookie_name: "" } })).toEqual({
      "pool.cookie_name": ['Field "cookie_name" must be specified when using the "APP_COOKIE" session persistence type.'],
    });
  });

  it("says what is wrong with numbers as typed", () => {
    const s = valid();
    const errors = validateWizard({
      ...s,
      listener: { ...s.listener, connection_limit: "-2", timeout_client_data: "abc" },
      monitor: { ...s.monitor, max_retries: "", max_retries_down: "11" },
    });
    expect(errors).toEqual({
      "listener.connection_limit": ["connection_limit must be between -1 and 100000"],
      "listener.timeout_client_data": ["timeout_client_data must be a number"],
      "monitor.max_retries": ["max_retries is required"],
      "monitor.max_retries_down": ["max_retries_down must be between 1 and 10"],
    });
  });

  it("puts member errors on the member's row, by its key", () => {
    let s = valid();
    s = addExternalMember(s, { address: "127.10.0.300", port: "80" });
    const external = s.members[1];
    const instance = s.members[0];
    if (!external || !instance) throw new Error("members missing");
    s = { ...s, members: [{ ...instance, weight: "257" }, external] };
    expect(validateWizard(s)).toEqual({
      [`member.${instance.key}.weight`]: ["weight must be between 0 and 256"],
      [`member.${external.key}.address`]: ["address must be a valid IPv4 address"],
    });
  });

  it("accepts weight 0 (drain) and finds duplicate members", () => {
    let s = valid();
    const first = s.members[0];
    if (!first) throw new Error("member missing");
    s = { ...s, members: [{ ...first, weight: "0" }] };
    expect(validateWizard(s)).toEqual({});
    s = addExternalMember(s, { address: "127.10.0.10", port: "80" });
    const dup = s.members[1];
    expect(validateWizard(s)).toEqual({
      [`member.${dup?.key}.address`]: ["Another member on this pool is already using ip 127.10.0.10 on protocol_port 80"],
    });
  });

  it("enforces Horizon's delay >= timeout, which the API does not", () => {
    const s = valid();
    expect(validateWizard({ ...s, monitor: { ...s.monitor, delay: "1", timeout: "1" } })).toEqual({});
    expect(validateWizard({ ...s, monitor: { ...s.monitor, delay: "2", timeout: "3" } })).toEqual({
      "monitor.timeout": ["The timeout must be less than or equal to the delay."],
    });
  });

  it("checks the monitor's HTTP fields only for HTTP types, and the expected codes", () => {
    const s = valid();
    expect(validateWizard({ ...s, monitor: { ...s.monitor, expected_codes: "2xx" } })).toEqual({
      "monitor.expected_codes": [
        "expected_codes must be a code (200), a list (200,202,204) or a range (200-204) of three-digit HTTP codes",
      ],
    });
    const tcp = setMonitorType(s, "TCP");
    expect(validateWizard({ ...tcp, monitor: { ...tcp.monitor, url_path: "not checked" } })).toEqual({});
  });

  it("flags protocols and algorithms the provider refuses", () => {
    const udp = setListenerProtocol(valid(), "UDP");
    expect(validateWizard(udp)["listener.protocol"]?.[0]).toMatch(/^Provider 'amphora' does not support a requested option: UDP/);
    const s = valid();
    expect(validateWizard({ ...s, pool: { ...s.pool, lb_algorithm: "SOURCE_IP_PORT" } })["pool.lb_algorithm"]?.[0]).toMatch(
      /SOURCE_IP_PORT is not supported/,
    );
  });

  it("ignores what the toggles leave out", () => {
    let s = setListenerPort(valid(), "0");
    s = { ...s, monitor: { ...s.monitor, url_path: "bad" } };
    expect(validateWizard({ ...s, listener: { ...s.listener, enabled: false } })).toEqual({});
    const noMonitor = { ...valid(), monitor: { ...s.monitor, enabled: false } };
    expect(validateWizard(noMonitor)).toEqual({});
  });

  it("checks the listener's allowed CIDRs and the monitor's name on their fields", () => {
    const s = valid();
    const errors = validateWizard({
      ...s,
      listener: { ...s.listener, allowed_cidrs: "127.0.0.0/8, 10.0.0.1/40", admin_state_up: false },
      monitor: { ...s.monitor, name: "m".repeat(256) },
    });
    expect(errors).toEqual({
      "listener.allowed_cidrs": ["allowed_cidrs entries must be IPv4 CIDRs such as 127.0.0.0/8"],
      "monitor.name": ["name must be at most 255 characters"],
    });
  });

  it("rejects a name over 255 characters", () => {
    const s = valid();
    expect(validateWizard({ ...s, lb: { ...s.lb, name: "x".repeat(256) } })).toEqual({
      "lb.name": ["name must be at most 255 characters"],
    });
  });
});

describe("fieldKeyOfPath and mapServerFieldErrors", () => {
  it("maps graph paths to the form's fields", () => {
    const s = addExternalMember(valid(), { address: "127.10.0.20", port: "80" });
    const [m0, m1] = s.members;
    expect(fieldKeyOfPath(["vip_address"], s)).toBe("lb.vip_address");
    expect(fieldKeyOfPath(["listeners", 0, "protocol_port"], s)).toBe("listener.protocol_port");
    expect(fieldKeyOfPath(["listeners", 0, "insert_headers", "X-Bad"], s)).toBe("listener.insert_headers");
    expect(fieldKeyOfPath(["listeners", 0, "default_pool", "lb_algorithm"], s)).toBe("pool.lb_algorithm");
    expect(fieldKeyOfPath(["listeners", 0, "default_pool", "session_persistence", "cookie_name"], s)).toBe("pool.cookie_name");
    expect(fieldKeyOfPath(["listeners", 0, "default_pool", "members", 1, "weight"], s)).toBe(`member.${m1?.key}.weight`);
    expect(fieldKeyOfPath(["listeners", 0, "default_pool", "members", 0, "subnet_id"], s)).toBe(`member.${m0?.key}.address`);
    expect(fieldKeyOfPath(["listeners", 0, "default_pool", "members", 7, "address"], s)).toBe("members");
    expect(fieldKeyOfPath(["listeners", 0, "default_pool", "healthmonitor", "url_path"], s)).toBe("monitor.url_path");
    expect(fieldKeyOfPath(["tags"], s)).toBe("_");
  });

  it("maps the server's dotted fieldErrors, keeping unplaceable ones for the top with their path", () => {
    const s = valid();
    const [m0] = s.members;
    expect(
      mapServerFieldErrors(
        {
          vip_address: ["IP address 127.10.0.1 is already allocated in subnet selfservice-subnet."],
          "listeners.0.default_pool.members.0.address": ["127.10.0.10 is outside this cloud's member range"],
          tags: ["at most 50 tags"],
          _: ["something general"],
        },
        s,
      ),
    ).toEqual({
      "lb.vip_address": ["IP address 127.10.0.1 is already allocated in subnet selfservice-subnet."],
      [`member.${m0?.key}.address`]: ["127.10.0.10 is outside this cloud's member range"],
      _: ["tags: at most 50 tags", "something general"],
    });
  });
});
