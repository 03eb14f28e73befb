import dgram from "node:dgram";
import type { AddressInfo } from "node:net";
import { decodeHeartbeat, type Heartbeat, isNewer } from "@/amphora/heartbeat";

// The controller's end of the amphora hosts' heartbeats (Octavia's health manager listening on
// `controller_ip_port_list`): UDP datagrams in amphora/heartbeat.ts's envelope. One is acted on
// only when it is signed with the heartbeat key and is newer than the last one accepted from its
// host; a forged, replayed or malformed one is dropped and counted, never logged one by one (a
// flood of them must not flood the log too). server/agents/host-heartbeats.ts wires it up.

export type HeartbeatOutcome = "accepted" | "forged" | "replayed" | "malformed";

export type HeartbeatCounters = Record<HeartbeatOutcome, number>;

export interface HeartbeatListenerOptions {
  /** Where to listen: the address the agents send to. */
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  key: string;
  onHeartbeat: (heartbeat: Heartbeat) => void;
  /** Every datagram's outcome, after it was counted. */
  onHandled?: (outcome: HeartbeatOutcome) => void;
}

export interface HeartbeatListener {
  address(): AddressInfo;
  counters(): HeartbeatCounters;
  close(): Promise<void>;
}

export async function listenForHeartbeats(opts: HeartbeatListenerOptions): Promise<HeartbeatListener> {
  const counters: HeartbeatCounters = { accepted: 0, forged: 0, replayed: 0, malformed: 0 };
  /** The newest heartbeat accepted from each host. */
  const newest = new Map<string, Pick<Heartbeat, "epoch" | "seq" | "part">>();
  const socket = dgram.createSocket("udp4");

  const outcomeOf = (datagram: Buffer): HeartbeatOutcome => {
    const decoded = decodeHeartbeat(datagram, opts.key);
    if (!decoded.ok) return decoded.refusal === "signature" ? "forged" : "malformed";
    const { message } = decoded;
    const last = newest.get(message.host_id);
    if (last && !isNewer(message, last)) return "replayed";
    newest.set(message.host_id, { epoch: message.epoch, seq: message.seq, part: message.part });
    try {
      opts.onHeartbeat(message);
    } catch {
      // The receiver's trouble is its own: the datagram was a good heartbeat, and the socket goes on.
    }
    return "accepted";
  };

  socket.on("message", (datagram) => {
    const outcome = outcomeOf(datagram);
    counters[outcome]++;
    opts.onHandled?.(outcome);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(opts.port, opts.host, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  return {
    address: () => socket.address(),
    counters: () => ({ ...counters }),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
