import { createHmac, timingSafeEqual } from "node:crypto";
import zlib from "node:zlib";
import { z } from "zod";
import { statReportSchema } from "./stat-report";

// An amphora host's heartbeat, in Octavia's envelope: the message as JSON, zlib-compressed, then
// the HMAC-SHA256 of those compressed bytes as 64 hex digits (octavia/amphorae/backends/
// health_daemon/status_message.py, wrap_envelope with hmac_hex). The key is shared by the
// controller and its agents (Octavia's `heartbeat_key`). A datagram is trusted for nothing
// before its HMAC checks, and is inflated only then, to a bounded size. Unlike Octavia's, whose
// message is per amphora, one heartbeat covers a host's amphorae, and it is ordered (`epoch`,
// `seq`, `part`) so that a replayed one can be refused (server/orchestrator/heartbeats.ts). A
// host whose amphorae do not fit one datagram sends the beat in parts, each a heartbeat of its
// own with some of them; the controller knows which amphorae run once it has every part.

const HMAC_HEX_LENGTH = 64;

/** Far above a host's report of hundreds of amphorae; a datagram inflating past it is refused. */
export const MAX_HEARTBEAT_BYTES = 1 << 20;

const uuid = z.string().uuid();

/** Far above the parts a host's amphorae need (a few hundred a datagram). */
const MAX_PARTS = 1_000;

/**
 * What one agent says about its host at one moment. `epoch` is when the agent started (ms) and
 * `seq` counts its beats from 0, each beat sent in `parts` datagrams numbered by `part`:
 * together they order every heartbeat a host ever sends, across restarts of its agent, so a
 * replayed one is told from a new one.
 */
export const heartbeatSchema = z
  .object({
    ver: z.literal(2),
    host_id: uuid,
    epoch: z.number().int().nonnegative(),
    seq: z.number().int().nonnegative(),
    part: z.number().int().nonnegative(),
    parts: z.number().int().positive().max(MAX_PARTS),
    /**
     * The amphorae whose HAProxy runs in place on the host (this part's share of them), by load
     * balancer id: its master's pid, and what its stats said when last read (absent until the
     * first read after a start or a change).
     */
    amphorae: z
      .record(uuid, z.object({ pid: z.number().int().positive(), stats: statReportSchema.optional() }))
      .refine((a) => Object.keys(a).length <= 10_000, "too many amphorae"),
  })
  .refine((h) => h.part < h.parts, "part beyond parts");

export type Heartbeat = z.infer<typeof heartbeatSchema>;

export type HeartbeatRefusal = "signature" | "malformed";

const hmacHex = (payload: Buffer, key: string) => createHmac("sha256", key).update(payload).digest("hex");

/** Octavia's envelope around any document: deflated, then the hex HMAC of the deflated bytes. */
export function sealEnvelope(document: Buffer, key: string): Buffer {
  const payload = zlib.deflateSync(document);
  return Buffer.concat([payload, Buffer.from(hmacHex(payload, key), "latin1")]);
}

/** The datagram for `message`, signed with `key`. */
export function encodeHeartbeat(message: Heartbeat, key: string): Buffer {
  return sealEnvelope(Buffer.from(JSON.stringify(message)), key);
}

/**
 * The message a datagram carries, or why it is refused: `signature` (too short, or not signed
 * with `key`: forged, or from an agent with another key) or `malformed` (signed, but not a
 * heartbeat: it does not inflate within MAX_HEARTBEAT_BYTES, is not JSON, or not this shape).
 */
export function decodeHeartbeat(datagram: Buffer, key: string): { ok: true; message: Heartbeat } | { ok: false; refusal: HeartbeatRefusal } {
  if (datagram.length <= HMAC_HEX_LENGTH) return { ok: false, refusal: "signature" };
  const payload = datagram.subarray(0, datagram.length - HMAC_HEX_LENGTH);
  const given = datagram.subarray(datagram.length - HMAC_HEX_LENGTH);
  const expected = Buffer.from(hmacHex(payload, key), "latin1");
  if (!timingSafeEqual(given, expected)) return { ok: false, refusal: "signature" };
  try {
    const json = zlib.inflateSync(payload, { maxOutputLength: MAX_HEARTBEAT_BYTES });
    const parsed = heartbeatSchema.safeParse(JSON.parse(json.toString("utf8")));
    return parsed.success ? { ok: true, message: parsed.data } : { ok: false, refusal: "malformed" };
  } catch {
    return { ok: false, refusal: "malformed" };
  }
}

type Order = Pick<Heartbeat, "epoch" | "seq" | "part">;

/** Whether heartbeat `b` comes after `a` from the same host (a later agent start, a later beat, or a later part of the same beat). */
export function isNewer(b: Order, a: Order): boolean {
  if (b.epoch !== a.epoch) return b.epoch > a.epoch;
  return b.seq > a.seq || (b.seq === a.seq && b.part > a.part);
}
