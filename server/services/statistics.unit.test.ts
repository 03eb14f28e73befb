import { describe, expect, it } from "vitest";
import { accumulate, seriesOf, totalsOf } from "./statistics";

const raw = (bytes: number, connections: number, active = 0) => ({
  bytes_in: bytes,
  bytes_out: 2 * bytes,
  total_connections: connections,
  request_errors: 0,
  active_connections: active,
});

describe("accumulate", () => {
  it("adds the growth of one worker's counters, never the same bytes twice", () => {
    const first = accumulate(undefined, 100, raw(500, 5, 1));
    const again = accumulate(first, 100, raw(800, 7, 0));
    expect(totalsOf(again)).toEqual({ bytes_in: 800, bytes_out: 1600, total_connections: 7, request_errors: 0, active_connections: 0 });
    expect(accumulate(again, 100, raw(800, 7))).toEqual(again);
  });

  it("adds a new worker's counters whole: a reload started them at zero", () => {
    const before = accumulate(undefined, 100, raw(800, 7));
    const reloaded = accumulate(before, 200, raw(50, 1));
    expect(totalsOf(reloaded)).toMatchObject({ bytes_in: 850, total_connections: 8 });
    expect(reloaded).toMatchObject({ worker_pid: 200, seen_bytes_in: 50, seen_total_connections: 1 });
  });

  it("takes counters that went down as a new worker even under the same pid", () => {
    const before = accumulate(undefined, 100, raw(800, 7));
    expect(totalsOf(accumulate(before, 100, raw(30, 1)))).toMatchObject({ bytes_in: 830, total_connections: 8 });
  });
});

describe("seriesOf", () => {
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const sample = (seconds: number, connections: number, active = 0) => ({
    at: new Date(t0 + seconds * 1000).toISOString(),
    bytes_in: connections * 100,
    bytes_out: 0,
    total_connections: connections,
    active_connections: active,
  });
  const ends = [10, 20, 30, 40].map((s) => t0 + s * 1000);

  it("turns totals into per-second rates, interpolating between samples taken off the bucket edges", () => {
    // A steady 2 connections/s, sampled at 3 s, 15 s and 27 s.
    const series = seriesOf([sample(3, 6, 1), sample(15, 30, 2), sample(27, 54, 3)], ends, 10_000);
    expect(series.map((p) => p.connections_per_second)).toEqual([1.4, 2, 1.4, 0]);
    expect(series[1]).toMatchObject({ bytes_per_second: 200, active_connections: 2 });
  });

  it("reads a quiet time, with no samples, as zero", () => {
    expect(seriesOf([], ends, 10_000).every((p) => p.connections_per_second === 0 && p.active_connections === 0)).toBe(true);
  });
});
