import dgram from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeHeartbeat, type Heartbeat, sealEnvelope } from "@/amphora/heartbeat";
import { type HeartbeatListener, type HeartbeatOutcome, listenForHeartbeats } from "./heartbeats";

// The heartbeat listener on a real UDP socket: a heartbeat signed with the key and newer than the
// last from its host is delivered; one signed with another key (forged), one already seen or
// older (replayed), and one signed but not a heartbeat are dropped and counted.

const KEY = "heartbeat-test-key";
const HOST = "6f1d2a44-3b1f-4c3e-8a0e-7c1f00000001";

let listener: HeartbeatListener;
const delivered: Heartbeat[] = [];
const outcomes: HeartbeatOutcome[] = [];
let waiting: { count: number; resolve: () => void } | null = null;
const client = dgram.createSocket("udp4");

beforeAll(async () => {
  listener = await listenForHeartbeats({
    host: "127.0.0.1",
    port: 0,
    key: KEY,
    onHeartbeat: (hb) => delivered.push(hb),
    onHandled: (outcome) => {
      outcomes.push(outcome);
      if (waiting && outcomes.length >= waiting.count) waiting.resolve();
    },
  });
});
afterAll(async () => {
  client.close();
  await listener?.close();
});

const beat = (epoch: number, seq: number): Heartbeat => ({ ver: 2, host_id: HOST, epoch, seq, part: 0, parts: 1, amphorae: {} });

/** Sends each datagram and resolves with their outcomes, once the listener has handled them all. */
async function send(...datagrams: Buffer[]): Promise<HeartbeatOutcome[]> {
  const from = outcomes.length;
  const handled = new Promise<void>((resolve) => (waiting = { count: from + datagrams.length, resolve }));
  // One at a time, in order: their order is what replay protection judges.
  for (const d of datagrams) await new Promise<void>((resolve, reject) => client.send(d, listener.address().port, "127.0.0.1", (err) => (err ? reject(err) : resolve())));
  await handled;
  return outcomes.slice(from);
}

describe("the heartbeat listener", () => {
  it("delivers a signed heartbeat, and drops a forged one, a replay, an older one and signed garbage, counting each", async () => {
    const first = encodeHeartbeat(beat(100, 1), KEY);
    expect(await send(first)).toEqual(["accepted"]);
    expect(delivered.map((d) => d.seq)).toEqual([1]);

    const forged = encodeHeartbeat(beat(100, 2), "not-the-key");
    const older = encodeHeartbeat(beat(100, 0), KEY);
    const unsigned = Buffer.concat([Buffer.from("x"), Buffer.alloc(64, 0x30)]);
    // Signed with the key, but a document that is no heartbeat.
    const signedGarbage = sealEnvelope(Buffer.from(JSON.stringify({ ver: 2, host_id: HOST, epoch: 100, seq: 9, part: 0, parts: 1, amphorae: "all" })), KEY);
    expect(await send(forged, first, older, unsigned, signedGarbage)).toEqual(["forged", "replayed", "replayed", "forged", "malformed"]);
    expect(delivered).toHaveLength(1);

    // The next count, then a restarted agent (a later epoch, counting from 0): both are new.
    expect(await send(encodeHeartbeat(beat(100, 2), KEY), encodeHeartbeat(beat(200, 0), KEY))).toEqual(["accepted", "accepted"]);
    expect(delivered.map((d) => [d.epoch, d.seq])).toEqual([[100, 1], [100, 2], [200, 0]]);
    // The restarted agent's heartbeats outrank the old one's, however high its count was.
    expect(await send(encodeHeartbeat(beat(100, 50), KEY))).toEqual(["replayed"]);
    expect(listener.counters()).toEqual({ accepted: 3, forged: 2, replayed: 3, malformed: 1 });
  });
});
