import { randomUUID } from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeHeartbeat, encodeHeartbeat, type Heartbeat, isNewer, MAX_HEARTBEAT_BYTES, sealEnvelope } from "./heartbeat";

const KEY = "insecure-test-key";
const beat = (over: Partial<Heartbeat> = {}): Heartbeat => ({
  ver: 2,
  host_id: "2d0c3b5e-8f0e-4c53-9d54-5f4f2f6f1a01",
  epoch: 1_765_000_000_000,
  seq: 7,
  part: 0,
  parts: 1,
  amphorae: {
    [randomUUID()]: { pid: 4242 },
    [randomUUID()]: { pid: 4243, stats: { worker: 4244, frontends: { [randomUUID()]: ["OPEN", 1, 2000, 7, 10, 20, 0] }, backends: {} } },
  },
  ...over,
});
const envelope = (document: Buffer) => sealEnvelope(document, KEY);

describe("the heartbeat envelope", () => {
  it("carries a message through, as Octavia wraps it: zlib, then 64 hex digits of HMAC-SHA256", () => {
    const message = beat();
    const datagram = encodeHeartbeat(message, KEY);
    expect(datagram.subarray(-64).toString("latin1")).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(zlib.inflateSync(datagram.subarray(0, -64)).toString())).toEqual(message);
    expect(decodeHeartbeat(datagram, KEY)).toEqual({ ok: true, message });
  });

  it("refuses another key, a changed byte and a datagram too short to hold a signature", () => {
    const datagram = encodeHeartbeat(beat(), KEY);
    expect(decodeHeartbeat(datagram, "another-key")).toEqual({ ok: false, refusal: "signature" });
    const tampered = Buffer.from(datagram);
    tampered[3] = tampered[3]! ^ 1;
    expect(decodeHeartbeat(tampered, KEY)).toEqual({ ok: false, refusal: "signature" });
    expect(decodeHeartbeat(Buffer.from("0".repeat(64)), KEY)).toEqual({ ok: false, refusal: "signature" });
  });

  it("refuses what is signed but no heartbeat: not JSON, another shape, or inflating past the limit", () => {
    expect(decodeHeartbeat(envelope(Buffer.from("not json")), KEY)).toEqual({ ok: false, refusal: "malformed" });
    expect(decodeHeartbeat(envelope(Buffer.from(JSON.stringify({ ...beat(), ver: 3 }))), KEY)).toEqual({ ok: false, refusal: "malformed" });
    expect(decodeHeartbeat(envelope(Buffer.from(JSON.stringify({ ...beat(), host_id: "../../etc" }))), KEY)).toEqual({ ok: false, refusal: "malformed" });
    expect(decodeHeartbeat(envelope(Buffer.from(JSON.stringify({ ...beat(), part: 1, parts: 1 }))), KEY)).toEqual({ ok: false, refusal: "malformed" });
    const negative = beat({ amphorae: { [randomUUID()]: { pid: 1, stats: { worker: 2, frontends: { f: ["OPEN", -1, 0, 0, 0, 0, 0] }, backends: {} } } } });
    expect(decodeHeartbeat(envelope(Buffer.from(JSON.stringify(negative))), KEY)).toEqual({ ok: false, refusal: "malformed" });
    // A few KiB that inflate to more than a megabyte: refused without inflating it all.
    const bomb = envelope(Buffer.alloc(MAX_HEARTBEAT_BYTES + 1, 0x20));
    expect(bomb.length).toBeLessThan(4096);
    expect(decodeHeartbeat(bomb, KEY)).toEqual({ ok: false, refusal: "malformed" });
  });

  it("orders a host's heartbeats by agent start, then by count, then by part", () => {
    const at = (epoch: number, seq: number, part = 0) => ({ epoch, seq, part });
    expect(isNewer(at(1, 5), at(1, 4))).toBe(true);
    expect(isNewer(at(1, 4), at(1, 4))).toBe(false);
    expect(isNewer(at(1, 3), at(1, 4))).toBe(false);
    expect(isNewer(at(1, 4, 1), at(1, 4, 0))).toBe(true);
    expect(isNewer(at(1, 4, 0), at(1, 4, 1))).toBe(false);
    expect(isNewer(at(1, 5, 0), at(1, 4, 3))).toBe(true);
    // A restarted agent counts from 0 again, and is newer.
    expect(isNewer(at(2, 0), at(1, 900))).toBe(true);
    expect(isNewer(at(0, 999), at(1, 0))).toBe(false);
  });
});
