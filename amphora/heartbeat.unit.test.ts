import { randomUUID } from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeHeartbeat, encodeHeartbeat, type Heartbeat, isNewer, MAX_HEARTBEAT_BYTES, sealEnvelope } from "./heartbeat";

const KEY = "insecure-test-key";
const beat = (over: Partial<Heartbeat> = {}): Heartbeat => ({
  ver: 1,
  host_id: "2d0c3b5e-8f0e-4c53-9d54-5f4f2f6f1a01",
  epoch: 1_765_000_000_000,
  seq: 7,
  amphorae: { [randomUUID()]: { pid: 4242 } },
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
    // A few KiB that inflate to more than a megabyte: refused without inflating it all.
    const bomb = envelope(Buffer.alloc(MAX_HEARTBEAT_BYTES + 1, 0x20));
    expect(bomb.length).toBeLessThan(4096);
    expect(decodeHeartbeat(bomb, KEY)).toEqual({ ok: false, refusal: "malformed" });
  });

  it("orders a host's heartbeats by agent start, then by count", () => {
    expect(isNewer({ epoch: 1, seq: 5 }, { epoch: 1, seq: 4 })).toBe(true);
    expect(isNewer({ epoch: 1, seq: 4 }, { epoch: 1, seq: 4 })).toBe(false);
    expect(isNewer({ epoch: 1, seq: 3 }, { epoch: 1, seq: 4 })).toBe(false);
    // A restarted agent counts from 0 again, and is newer.
    expect(isNewer({ epoch: 2, seq: 0 }, { epoch: 1, seq: 900 })).toBe(true);
    expect(isNewer({ epoch: 0, seq: 999 }, { epoch: 1, seq: 0 })).toBe(false);
  });
});
