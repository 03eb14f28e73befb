import { describe, expect, it } from "vitest";
import { compactStats, expandStats, statReportSchema } from "./stat-report";
import { deriveOperatingStatus, loadBalancerStats, parseShowStat } from "./stats";
import { CAPTURE, capturedLb, ID } from "./testing/show-stat";

const rows = parseShowStat(CAPTURE);

describe("an amphora's stats as a heartbeat carries them", () => {
  it("say what the rows say: the same statuses for every listener, pool and member, the same counters", () => {
    const report = compactStats(4242, rows);
    // Through the wire and back, as the controller gets it.
    const received = statReportSchema.parse(JSON.parse(JSON.stringify(report)));
    const expanded = expandStats(received);
    expect(deriveOperatingStatus(capturedLb(), expanded)).toEqual(deriveOperatingStatus(capturedLb(), rows));
    expect(loadBalancerStats(expanded)).toEqual(loadBalancerStats(rows));
    // Worth checking: the capture has members ONLINE, ERROR, OFFLINE, NO_MONITOR and DRAINING.
    expect(new Set(Object.values(deriveOperatingStatus(capturedLb(), expanded).members))).toEqual(new Set(["ONLINE", "ERROR", "OFFLINE", "NO_MONITOR", "DRAINING"]));
    expect(received.worker).toBe(4242);
  });

  it("are a fraction of the rows' size", () => {
    expect(JSON.stringify(compactStats(1, rows)).length).toBeLessThan(JSON.stringify(rows).length / 5);
  });

  it("keep a backend's status whichever row comes first", () => {
    const backend = `${ID.p1}:${ID.l1}`;
    const reordered = [...rows.filter((r) => r.type === "server"), ...rows.filter((r) => r.type !== "server")];
    expect(compactStats(1, reordered).backends[backend]).toEqual(compactStats(1, rows).backends[backend]);
  });

  it("refuse what no HAProxy says: negative counters, names past 100 characters", () => {
    const report = compactStats(1, rows);
    const [listenerId] = Object.keys(report.frontends);
    expect(statReportSchema.safeParse({ ...report, frontends: { [listenerId!]: ["OPEN", -1, 0, 0, 0, 0, 0] } }).success).toBe(false);
    expect(statReportSchema.safeParse({ ...report, frontends: { ["x".repeat(101)]: ["OPEN", 0, 0, 0, 0, 0, 0] } }).success).toBe(false);
  });
});
