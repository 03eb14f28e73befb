import { describe, expect, it } from "vitest";
import { directives, parseConfig, section } from "./config-parse";
import type { LoadBalancerModel, MemberModel, PoolModel } from "./model";
import { renderConfig } from "./render";
import { isEmptyPlan, runtimePlan } from "./runtime-diff";
import { member, monitor, simpleLb, testPaths } from "./testing/models";

const B = "11111111-1111-1111-1111-111111111111:22222222-2222-2222-2222-222222222222";
const S = "33333333-3333-3333-3333-333333333333";
const config = (server: string, extra = "") => `global\n    maxconn 100\nbackend ${B}\n    balance roundrobin\n${extra}    ${server}\n`;

/** The configs rendered for one load balancer before and after a change to its pool. */
function rendered(pool: Partial<PoolModel>, change: (p: PoolModel) => PoolModel) {
  const { lb, pool: p, listener } = simpleLb({ pool });
  const next: LoadBalancerModel = { ...lb, pools: [change(p)] };
  const paths = testPaths(lb.id);
  return { before: renderConfig(lb, paths), after: renderConfig(next, paths), backend: `${p.id}:${listener.id}` };
}

const withMembers = (members: MemberModel[]) => (p: PoolModel) => ({ ...p, members });

/** The options the renderer wrote after `server <id> <address>` for that member. */
function optionsOf(text: string, backend: string, memberId: string): string[] {
  const line = directives(section(parseConfig(text), "backend", backend), "server").find((l) => l.startsWith(`server ${memberId} `));
  return line!.split(" ").slice(3);
}

describe("runtimePlan: existing servers", () => {
  it("turns a weight change into one set-weight update", () => {
    expect(runtimePlan(config(`server ${S} 127.0.0.1:80 weight 1 check`), config(`server ${S} 127.0.0.1:80 weight 5 check`))).toEqual({
      add: [],
      update: [{ backend: B, server: S, weight: 5 }],
      remove: [],
    });
  });

  it("turns disabling and enabling into maint and ready", () => {
    const on = config(`server ${S} 127.0.0.1:80 weight 1 check`);
    const off = config(`server ${S} 127.0.0.1:80 weight 1 check disabled`);
    expect(runtimePlan(on, off)?.update).toEqual([{ backend: B, server: S, state: "maint" }]);
    expect(runtimePlan(off, on)?.update).toEqual([{ backend: B, server: S, state: "ready" }]);
  });

  it("answers an empty plan for identical configs and for server lines only reordered", () => {
    const c = config(`server ${S} 127.0.0.1:80 weight 1`);
    expect(isEmptyPlan(runtimePlan(c, c)!)).toBe(true);
    const [a, b] = ["server a 127.0.0.1:80 weight 1", "server b 127.0.0.2:80 weight 1"];
    expect(isEmptyPlan(runtimePlan(config(`${a}\n    ${b}`), config(`${b}\n    ${a}`))!)).toBe(true);
  });

  it("refuses another address or port, another option, another balance, any change outside server lines", () => {
    const base = config(`server ${S} 127.0.0.1:80 weight 1 check`);
    expect(runtimePlan(base, config(`server ${S} 127.0.0.2:80 weight 1 check`))).toBeNull();
    expect(runtimePlan(base, config(`server ${S} 127.0.0.1:81 weight 1 check`))).toBeNull();
    expect(runtimePlan(base, config(`server ${S} 127.0.0.1:80 weight 1 check backup`))).toBeNull();
    expect(runtimePlan(base, config(`server ${S} 127.0.0.1:80 weight 1`))).toBeNull();
    expect(runtimePlan(base, base.replace("roundrobin", "leastconn"))).toBeNull();
    expect(runtimePlan(base, base.replace("maxconn 100", "maxconn 200"))).toBeNull();
    expect(runtimePlan(base, `${base}backend other\n    balance roundrobin\n`)).toBeNull();
  });
});

describe("runtimePlan: members added and removed", () => {
  it("adds a new member with exactly the options the renderer wrote for it, enabled, with its check", () => {
    const m1 = member({ address: "127.77.0.11" });
    const m2 = member({ address: "::1", protocol_port: 8443, weight: 7, backup: true, monitor_address: "127.77.0.99", monitor_port: 9000 });
    const hm = monitor({ type: "HTTPS", delay: 2, max_retries: 2, max_retries_down: 4 });
    const { before, after, backend } = rendered({ protocol: "PROXYV2", healthmonitor: hm, members: [m1] }, withMembers([m1, m2]));
    const options = optionsOf(after, backend, m2.id);
    // Everything the renderer can write for a server but `cookie` (and `disabled`, below).
    expect(options).toEqual(["weight", "7", "check", "check-ssl", "verify", "none", "inter", "2s", "fall", "4", "rise", "2", "addr", "127.77.0.99", "port", "9000", "send-proxy-v2", "backup"]);
    expect(runtimePlan(before, after)).toEqual({
      add: [{ backend, server: m2.id, address: "[::1]:8443", options, check: true, enable: true }],
      update: [],
      remove: [],
    });
  });

  it("adds a member disabled in the config without enabling it, and one with no monitor without a check", () => {
    const m1 = member({ address: "127.77.0.11" });
    const off = member({ address: "127.77.0.12", admin_state_up: false });
    const { before, after, backend } = rendered({ protocol: "PROXY", members: [m1] }, withMembers([m1, off]));
    expect(runtimePlan(before, after)?.add).toEqual([
      { backend, server: off.id, address: `127.77.0.12:8080`, options: ["weight", "1", "send-proxy", "disabled"], check: false, enable: false },
    ]);
  });

  it("removes a member, and replaces one (the new one is added, the old one removed), in leastconn pools too", () => {
    const [m1, m2, m3] = [member({ address: "127.77.0.11" }), member({ address: "127.77.0.12" }), member({ address: "127.77.0.13" })];
    const removed = rendered({ members: [m1, m2] }, withMembers([m1]));
    expect(runtimePlan(removed.before, removed.after)).toEqual({ add: [], update: [], remove: [{ backend: removed.backend, server: m2.id }] });
    const replaced = rendered({ lb_algorithm: "LEAST_CONNECTIONS", members: [m1, m2] }, withMembers([m3, m1]));
    const plan = runtimePlan(replaced.before, replaced.after);
    expect(plan?.add.map((a) => a.server)).toEqual([m3.id]);
    expect(plan?.remove).toEqual([{ backend: replaced.backend, server: m2.id }]);
  });

  it("combines additions, removals and changes to members that stay", () => {
    const [m1, m2, m3] = [member({ address: "127.77.0.11" }), member({ address: "127.77.0.12" }), member({ address: "127.77.0.13" })];
    const { before, after, backend } = rendered({ members: [m1, m2] }, withMembers([{ ...m1, weight: 4, admin_state_up: false }, m3]));
    expect(runtimePlan(before, after)).toEqual({
      add: [expect.objectContaining({ server: m3.id })],
      update: [{ backend, server: m1.id, weight: 4, state: "maint" }],
      remove: [{ backend, server: m2.id }],
    });
  });

  it("refuses to add a member to a cookie-persistence pool (2.6 takes no `cookie` on add server), but removes one", () => {
    const [m1, m2] = [member({ address: "127.77.0.11" }), member({ address: "127.77.0.12" })];
    const cookie = { session_persistence: { type: "HTTP_COOKIE" as const, cookie_name: null } };
    const added = rendered({ ...cookie, members: [m1] }, withMembers([m1, m2]));
    expect(runtimePlan(added.before, added.after)).toBeNull();
    const removed = rendered({ ...cookie, members: [m1, m2] }, withMembers([m1]));
    expect(runtimePlan(removed.before, removed.after)?.remove).toEqual([{ backend: removed.backend, server: m2.id }]);
  });

  it("refuses additions and removals where 2.6 has no dynamic servers: balance source, external (PING) checks", () => {
    const [m1, m2] = [member({ address: "127.77.0.11" }), member({ address: "127.77.0.12" })];
    for (const pool of [{ lb_algorithm: "SOURCE_IP" as const }, { healthmonitor: monitor({ type: "PING" }) }]) {
      const added = rendered({ ...pool, members: [m1] }, withMembers([m1, m2]));
      expect(runtimePlan(added.before, added.after)).toBeNull();
      const removed = rendered({ ...pool, members: [m1, m2] }, withMembers([m1]));
      expect(runtimePlan(removed.before, removed.after)).toBeNull();
    }
  });

  it("refuses a backend with default-server (dynamic servers do not inherit it) and a server option it does not know", () => {
    const one = config(`server ${S} 127.0.0.1:80 weight 1`);
    const two = config(`server ${S} 127.0.0.1:80 weight 1\n    server x 127.0.0.2:80 weight 1`);
    expect(runtimePlan(one, two)?.add).toHaveLength(1);
    expect(runtimePlan(config(`server ${S} 127.0.0.1:80 weight 1`, "    default-server inter 3s\n"), two.replace("    server", "    default-server inter 3s\n    server"))).toBeNull();
    expect(runtimePlan(one, two.replace("127.0.0.2:80 weight 1", "127.0.0.2:80 weight 1 slowstart 5s"))).toBeNull();
    expect(runtimePlan(one, two.replace("127.0.0.2:80 weight 1", "127.0.0.2:80 weight"))).toBeNull(); // a keyword without its value
  });

  it("refuses a monitor added or removed: every server line changes its options", () => {
    const m1 = member({ address: "127.77.0.11" });
    const { before, after } = rendered({ members: [m1] }, (p) => ({ ...p, healthmonitor: monitor() }));
    expect(runtimePlan(before, after)).toBeNull();
    expect(runtimePlan(after, before)).toBeNull();
  });
});
