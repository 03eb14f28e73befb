import { describe, expect, it } from "vitest";
import { deriveOperatingStatus, loadBalancerStats, memberStatusFromRow, parseShowStat, type StatRow } from "./stats";
import { listener, member, pool } from "./testing/models";
import { CAPTURE, capturedLb, ID } from "./testing/show-stat";

const rows = parseShowStat(CAPTURE);
const p1 = `${ID.p1}:${ID.l1}`;
/** The capture with one row changed, as HAProxy would show another moment. */
const edited = (pxname: string, svname: string, change: Partial<StatRow>) =>
  rows.map((r) => (r.pxname === pxname && r.svname === svname ? { ...r, ...change } : r));

describe("parseShowStat", () => {
  it("types every row of a real 2.6 capture", () => {
    expect(rows.map((r) => [r.type, r.svname.length === 36 ? "<member>" : r.svname])).toEqual([
      ["frontend", "FRONTEND"],
      ["frontend", "FRONTEND"],
      ["server", "<member>"],
      ["server", "<member>"],
      ["server", "<member>"],
      ["backend", "BACKEND"],
      ["server", "<member>"],
      ["server", "<member>"],
      ["backend", "BACKEND"],
    ]);
    const fe = rows[0]!;
    expect(fe).toMatchObject({ pxname: ID.l1, status: "OPEN", scur: 0, slim: 2, stot: 7, bin: 275, bout: 675, ereq: 2 });
    const down = rows.find((r) => r.svname === ID.down)!;
    expect(down).toMatchObject({ pxname: p1, status: "DOWN", weight: 1, check_status: "L4CON" });
    expect(down.fields.check_desc).toBe("Layer4 connection problem");
    expect(rows.find((r) => r.svname === ID.weightless)).toMatchObject({ status: "no check", weight: 0 });
  });

  it("reads quoted fields with commas and doubled quotes", () => {
    const text = '# pxname,svname,status,type,last_chk,\nb,s,DOWN,2,"HTTP status check returned code <503>, ""busy""",\n';
    expect(parseShowStat(text)[0]).toMatchObject({ pxname: "b", svname: "s", status: "DOWN", type: "server" });
    expect(parseShowStat(text)[0]!.fields.last_chk).toBe('HTTP status check returned code <503>, "busy"');
  });

  it("refuses text that is not show stat output", () => {
    expect(() => parseShowStat("Unknown command.\n")).toThrow();
  });
});

describe("deriveOperatingStatus", () => {
  it("maps the capture to Octavia's statuses", () => {
    expect(deriveOperatingStatus(capturedLb(), rows)).toEqual({
      loadbalancer: "DEGRADED",
      listeners: { [ID.l1]: "ONLINE", [ID.l2]: "ONLINE" },
      pools: { [ID.p1]: "DEGRADED", [ID.p2]: "ONLINE" },
      members: { [ID.up]: "ONLINE", [ID.down]: "ERROR", [ID.maint]: "OFFLINE", [ID.unchecked]: "NO_MONITOR", [ID.weightless]: "DRAINING" },
    });
  });

  it.each([
    ["UP", 1, "ONLINE"],
    ["UP 1/3", 1, "ONLINE"], // failing, not yet down
    ["DOWN", 1, "ERROR"],
    ["DOWN 1/2", 1, "ERROR"], // recovering, not yet up
    ["UP", 0, "DRAINING"],
    ["DRAIN", 0, "DRAINING"],
    ["NOLB", 1, "DRAINING"],
    ["MAINT", 1, "OFFLINE"],
    ["MAINT (via b/s)", 1, "OFFLINE"],
    ["no check", 1, "NO_MONITOR"],
    ["no check", 0, "DRAINING"],
    ["DOWN (agent)", 1, "ERROR"],
  ] as const)("a server %j with weight %i is %s", (status, weight, expected) => {
    const row = { ...rows.find((r) => r.svname === ID.up)!, status, weight };
    expect(memberStatusFromRow(row)).toBe(expected);
  });

  it("a member absent from the stats is OFFLINE", () => {
    const lb = capturedLb();
    lb.pools[0]!.members.push(member({ id: "00000000-0000-4000-8000-00000000000a" }));
    expect(deriveOperatingStatus(lb, rows).members["00000000-0000-4000-8000-00000000000a"]).toBe("OFFLINE");
  });

  it("a DOWN backend is an ERROR pool and makes the load balancer ERROR", () => {
    const r = deriveOperatingStatus(capturedLb(), edited(p1, "BACKEND", { status: "DOWN" }));
    expect(r.pools[ID.p1]).toBe("ERROR");
    expect(r.loadbalancer).toBe("ERROR");
  });

  it("an UP backend with no member in ERROR is ONLINE", () => {
    const r = deriveOperatingStatus(capturedLb(), edited(p1, ID.down, { status: "UP" }));
    expect(r.pools[ID.p1]).toBe("ONLINE");
    expect(r.loadbalancer).toBe("ONLINE");
  });

  it("a frontend at its connection limit is DEGRADED (2.6 still says OPEN there), as is its load balancer", () => {
    const r = deriveOperatingStatus(capturedLb(), edited(ID.l2, "FRONTEND", { scur: 1 }));
    expect(r.listeners[ID.l2]).toBe("DEGRADED");
    expect(deriveOperatingStatus(capturedLb(), edited(ID.l2, "FRONTEND", { status: "FULL" })).listeners[ID.l2]).toBe("DEGRADED");
    const healthy = edited(p1, ID.down, { status: "UP" }).map((row) => (row.pxname === ID.l2 && row.svname === "FRONTEND" ? { ...row, scur: 1 } : row));
    expect(deriveOperatingStatus(capturedLb(), healthy).loadbalancer).toBe("DEGRADED");
  });

  it("a stopped frontend is OFFLINE, a missing one ERROR", () => {
    expect(deriveOperatingStatus(capturedLb(), edited(ID.l1, "FRONTEND", { status: "STOP" })).listeners[ID.l1]).toBe("OFFLINE");
    const r = deriveOperatingStatus(capturedLb(), rows.filter((row) => row.pxname !== ID.l1 && row.pxname !== p1));
    expect(r.listeners[ID.l1]).toBe("ERROR");
    expect(r.pools[ID.p1]).toBe("ERROR"); // a rendered backend missing from the stats
    expect(r.members[ID.up]).toBe("OFFLINE");
  });

  it("with no stats at all (HAProxy gone) every served part is ERROR", () => {
    const r = deriveOperatingStatus(capturedLb(), []);
    expect(r.loadbalancer).toBe("ERROR");
    expect(Object.values(r.listeners)).toEqual(["ERROR", "ERROR"]);
    expect(Object.values(r.members)).toEqual(["OFFLINE", "OFFLINE", "OFFLINE", "OFFLINE", "OFFLINE"]);
  });

  it("a disabled load balancer is OFFLINE throughout", () => {
    const r = deriveOperatingStatus(capturedLb({ admin_state_up: false }), rows);
    expect(new Set([r.loadbalancer, ...Object.values(r.listeners), ...Object.values(r.pools), ...Object.values(r.members)])).toEqual(new Set(["OFFLINE"]));
  });

  it("disabled, deleting and unattached parts are OFFLINE; an enabled UDP listener is ERROR", () => {
    const lb = capturedLb();
    lb.listeners[1]!.admin_state_up = false;
    lb.listeners.push(listener({ id: "00000000-0000-4000-8000-0000000000d0", protocol: "UDP", protocol_port: 53 }));
    lb.listeners.push(listener({ id: "00000000-0000-4000-8000-0000000000d1", protocol_port: 82, provisioning_status: "PENDING_DELETE" }));
    lb.pools.push(pool({ id: "00000000-0000-4000-8000-0000000000e0", members: [member({ id: "00000000-0000-4000-8000-0000000000f0" })] }));
    const r = deriveOperatingStatus(lb, rows);
    expect(r.listeners).toMatchObject({ [ID.l2]: "OFFLINE", "00000000-0000-4000-8000-0000000000d0": "ERROR", "00000000-0000-4000-8000-0000000000d1": "OFFLINE" });
    expect(r.pools[ID.p2]).toBe("OFFLINE");
    expect(r.members[ID.unchecked]).toBe("OFFLINE");
    expect(r.pools["00000000-0000-4000-8000-0000000000e0"]).toBe("OFFLINE");
    expect(r.members["00000000-0000-4000-8000-0000000000f0"]).toBe("OFFLINE");
    expect(r.loadbalancer).toBe("DEGRADED"); // p1 still has a member down
  });

  it("a pool behind two listeners takes the worse of its two backends", () => {
    const lb = capturedLb();
    const second = listener({ id: "00000000-0000-4000-8000-0000000000a2", protocol_port: 90, default_pool_id: ID.p1 });
    lb.listeners.push(second);
    const twin = rows
      .filter((r) => r.pxname === p1)
      .map((r) => ({ ...r, pxname: `${ID.p1}:${second.id}`, status: r.svname === ID.down ? "UP" : r.status }));
    const frontend = { ...rows[0]!, pxname: second.id };
    const r = deriveOperatingStatus(lb, [...rows, frontend, ...twin]);
    expect(r.members[ID.down]).toBe("ERROR");
    expect(r.pools[ID.p1]).toBe("DEGRADED");
  });
});

describe("loadBalancerStats", () => {
  it("reports each listener's frontend counters and their sum", () => {
    const stats = loadBalancerStats(rows);
    expect(stats.listeners[ID.l1]).toEqual({ bytes_in: 275, bytes_out: 675, active_connections: 0, total_connections: 7, request_errors: 2 });
    expect(stats.listeners[ID.l2]).toEqual({ bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 1, request_errors: 0 });
    expect(stats.total).toEqual({ bytes_in: 275, bytes_out: 675, active_connections: 0, total_connections: 8, request_errors: 2 });
  });

  it("is all zeros without frontends", () => {
    expect(loadBalancerStats([])).toEqual({
      listeners: {},
      total: { bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 0, request_errors: 0 },
    });
  });
});
