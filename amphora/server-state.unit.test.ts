import { describe, expect, it } from "vitest";
import { carryServerState } from "./server-state";

// A `show servers state` dump from HAProxy 2.6.12: backend b1 has a checked server that is DOWN
// and an unchecked one, backend b2 a server `disabled` in the config (admin state 5).
const HEADER =
  "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port";
const DUMP = [
  "1",
  HEADER,
  "2 b1 1 down 127.77.0.2 0 0 1 1 1 8 2 0 6 0 0 0 - 18081 - 0 0 - - 0",
  "2 b1 2 up 127.77.0.3 2 0 1 1 1 1 0 2 0 0 0 0 - 18082 - 0 0 - - 0",
  "3 b2 1 off 127.77.0.4 0 5 1 1 1 1 0 0 8 0 0 0 - 18083 - 0 0 - - 0",
  "",
].join("\n");

const config = (b1Check: boolean, b2Check: boolean) => `global
    user haproxy

backend b1
    server down 127.77.0.2:18081 weight 1${b1Check ? " check inter 1s fall 1 rise 1" : ""}
    server up 127.77.0.3:18082 weight 1

backend b2
    server off 127.77.0.4:18083 weight 1${b2Check ? " check" : ""}
`;

const opState = (state: string, server: string) => state.split("\n").find((l) => l.split(" ")[3] === server)?.split(" ")[5];

describe("carryServerState", () => {
  it("keeps a checked DOWN server DOWN, so the new worker sends it nothing until a check passes", () => {
    expect(carryServerState(DUMP, config(true, true))).toBe(DUMP); // "up" is UP already
  });

  it("carries a DOWN server the new config does not check as UP, since nothing else would bring it up", () => {
    const state = carryServerState(DUMP, config(false, false));
    expect(opState(state, "down")).toBe("2");
    expect(opState(state, "up")).toBe("2");
    expect(opState(state, "off")).toBe("2");
    // Everything else, admin state (5 = forced + configuration maintenance) included, is untouched.
    expect(state.split("\n").find((l) => l.includes(" off "))).toBe("3 b2 1 off 127.77.0.4 2 5 1 1 1 1 0 0 8 0 0 0 - 18083 - 0 0 - - 0");
    expect(state.split("\n").slice(0, 2)).toEqual(["1", HEADER]);
  });

  it("decides per server", () => {
    const state = carryServerState(DUMP, config(true, false));
    expect([opState(state, "down"), opState(state, "up"), opState(state, "off")]).toEqual(["0", "2", "2"]);
    expect(opState(carryServerState(DUMP, config(false, true)), "off")).toBe("0"); // checked: a check brings it up
  });

  it("drops servers the confirmed running config does not name (added at runtime by an apply that then failed)", () => {
    // "up" was added at runtime and never made ready: forced maintenance (1) must not carry over.
    const dump = DUMP.replace("2 b1 2 up 127.77.0.3 2 0 ", "2 b1 2 up 127.77.0.3 0 1 ");
    const running = config(true, true).replace(/\n    server up .*\n/, "\n");
    const state = carryServerState(dump, config(true, true), running);
    expect(state.split("\n").map((l) => l.split(" ")[3])).toEqual([undefined, "srv_id", "down", "off", undefined]);
    // Unknown running config: nothing is dropped.
    expect(carryServerState(dump, config(true, true)).split("\n").map((l) => l.split(" ")[3])).toEqual([undefined, "srv_id", "down", "up", "off", undefined]);
  });
});
