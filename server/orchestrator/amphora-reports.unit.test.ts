import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { beatDatagrams } from "@/amphora/agent/heartbeat-sender";
import { decodeHeartbeat, type Heartbeat } from "@/amphora/heartbeat";
import { AmphoraReports } from "./amphora-reports";
import { olderThan } from "./health";

const KEY = "unit-test-heartbeat-key";
const HOST = randomUUID();
const stats = (worker: number, connections: number) => ({ worker, frontends: { [randomUUID()]: ["OPEN", 0, 2000, connections, 10, 20, 0] as [string, number, number, number, number, number, number] }, backends: {} });
const beat = (seq: number, amphorae: Heartbeat["amphorae"], part = 0, parts = 1): Heartbeat => ({ ver: 2, host_id: HOST, epoch: 1, seq, part, parts, amphorae });

describe("a beat's datagrams", () => {
  it("are one while it fits, and else as many as it takes, every amphora in exactly one, each within the bound", () => {
    const amphorae = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [randomUUID(), { pid: 100 + i, stats: stats(1000 + i, i) }]));
    const whole = beatDatagrams({ ver: 2, host_id: HOST, epoch: 1, seq: 0 }, amphorae, KEY);
    expect(whole).toHaveLength(1);
    const max = 4_000;
    const split = beatDatagrams({ ver: 2, host_id: HOST, epoch: 1, seq: 0 }, amphorae, KEY, max);
    expect(split.length).toBeGreaterThan(3);
    const decoded = split.map((d) => {
      expect(d.length).toBeLessThanOrEqual(max);
      const result = decodeHeartbeat(d, KEY);
      if (!result.ok) throw new Error(result.refusal);
      return result.message;
    });
    expect(decoded.map((m) => [m.part, m.parts])).toEqual(decoded.map((_, i) => [i, split.length]));
    const carried = decoded.flatMap((m) => Object.entries(m.amphorae));
    expect(carried).toHaveLength(200);
    expect(Object.fromEntries(carried)).toEqual(amphorae);
  });

  it("carry an amphora too large for any datagram without its stats, not at all is no choice", () => {
    const big = randomUUID();
    const frontends = Object.fromEntries(Array.from({ length: 400 }, () => [randomUUID(), ["OPEN", 0, 1, 2, 3, 4, 5]]));
    const [only] = beatDatagrams({ ver: 2, host_id: HOST, epoch: 1, seq: 0 }, { [big]: { pid: 7, stats: { worker: 8, frontends, backends: {} } as never } }, KEY, 4_000);
    const result = decodeHeartbeat(only!, KEY);
    expect(result.ok && result.message.amphorae).toEqual({ [big]: { pid: 7 } });
  });
});

describe("the amphorae's reports", () => {
  it("know which amphorae run once a beat is heard whole, and not from a part", () => {
    const reports = new AmphoraReports();
    const [a, b] = [randomUUID(), randomUUID()];
    reports.take(beat(0, { [a]: { pid: 1 } }, 0, 2));
    expect(reports.lastWhole(HOST, a)).toBeNull();
    reports.take(beat(0, { [b]: { pid: 2 } }, 1, 2));
    expect(reports.lastWhole(HOST, a)).toEqual({ beat: 1, runs: true });
    expect(reports.lastWhole(HOST, b)).toEqual({ beat: 1, runs: true });
    // The next beat loses its second part: which run is still the first beat's word.
    reports.take(beat(1, { [a]: { pid: 1 } }, 0, 2));
    expect(reports.beats(HOST)).toBe(2);
    expect(reports.lastWhole(HOST, b)).toEqual({ beat: 1, runs: true });
    // A whole beat without b: b does not run, and its report is gone.
    reports.take(beat(2, { [a]: { pid: 1 } }));
    expect(reports.lastWhole(HOST, b)).toEqual({ beat: 3, runs: false });
    expect(reports.report(HOST, b)).toBeUndefined();
  });

  it("change revision only when what is said changes, and date the report by the beat that said it", () => {
    const reports = new AmphoraReports();
    const a = randomUUID();
    const first = stats(10, 5);
    reports.take(beat(0, { [a]: { pid: 1 } }));
    const withoutStats = reports.report(HOST, a)!;
    expect(withoutStats.stats).toBeUndefined();
    reports.take(beat(1, { [a]: { pid: 1, stats: first } }));
    const read = reports.report(HOST, a)!;
    expect(read.rev).not.toBe(withoutStats.rev);
    expect(read).toMatchObject({ pid: 1, stats: first, beat: 2 });
    reports.take(beat(2, { [a]: { pid: 1, stats: first } }));
    expect(reports.report(HOST, a)).toMatchObject({ rev: read.rev, beat: 3 });
    expect(reports.report(randomUUID(), a)).toBeUndefined();
  });
});

describe("a report's counters", () => {
  const counters = (total: number) => ({ bytes_in: total * 10, bytes_out: total * 20, active_connections: 0, total_connections: total, request_errors: 0 });
  it("are older than those kept when the same worker shows less; another worker's are new", () => {
    const kept = { worker: 5, listeners: { l: counters(10) } };
    expect(olderThan(5, { l: counters(9) }, kept)).toBe(true);
    expect(olderThan(5, { l: counters(10) }, kept)).toBe(false);
    expect(olderThan(5, { l: counters(11) }, kept)).toBe(false);
    expect(olderThan(6, { l: counters(1) }, kept)).toBe(false);
  });
});
