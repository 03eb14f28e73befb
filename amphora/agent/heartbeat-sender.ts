import dgram from "node:dgram";
import { z } from "zod";
import { fastestCheckMs } from "../config-parse";
import type { AmphoraDriver } from "../driver";
import { encodeHeartbeat, type Heartbeat } from "../heartbeat";
import { compactStats, type StatReport } from "../stat-report";

// The agent's heartbeats (Octavia's amphora health daemon): every interval, UDP datagrams to each
// of the controller's addresses, signed with the heartbeat key, saying which amphorae of the host
// run and what each one's stats said when last read: its listeners' statuses and counters, its
// pools' and members' statuses. The health manager takes its statuses and statistics from them.
// Each amphora's stats are read as often as its fastest health check runs (HAProxy changes a
// server's state only at a check; not where the checks' changes are pushed to the controller),
// at least every `stats_interval_ms` (about 1 ms of CPU a read), and at once after a change
// through this agent (a config applied, a stop); until then its entry carries no stats, so the
// controller never reads the old config's. The controller sends the settings (PUT /1.0/config,
// as Octavia's controller uploads the agent's configuration); until then nothing is sent.

const HOST_PORT = /^(?:\d{1,3}\.){3}\d{1,3}:\d{1,5}$/;

export const heartbeatConfigSchema = z.strictObject({
  host_id: z.string().uuid(),
  /** Where the controller listens: Octavia's `controller_ip_port_list`. */
  targets: z.array(z.string().regex(HOST_PORT, "an IPv4 address and port, e.g. 198.19.0.1:5555")).min(1).max(8),
  interval_ms: z.number().int().min(100).max(60_000),
  /** How old an amphora's stats may get before they are read again. Default 5000. */
  stats_interval_ms: z.number().int().min(100).max(3_600_000).optional(),
  /**
   * Whether an amphora is also read as often as its fastest health check runs. Default true;
   * false where its HAProxy pushes its checks' changes to the controller (the health log).
   */
  follow_checks: z.boolean().optional(),
  key: z.string().min(16).max(256),
});

export type HeartbeatConfig = z.infer<typeof heartbeatConfigSchema>;

/** What one datagram may carry, with room to spare under UDP's 65507 bytes; a beat past it goes in parts. */
export const MAX_DATAGRAM = 60_000;

const DEFAULT_STATS_INTERVAL_MS = 5_000;

/** Stats read at once, at most. */
const READ_CONCURRENCY = 8;

interface Read {
  /** performance.now() of the read. */
  at: number;
  stats: StatReport;
}

type Amphorae = Heartbeat["amphorae"];

/**
 * The datagrams of one beat: every amphora in one if it fits, else the amphorae halved until
 * each share fits (a single amphora too large for a datagram is sent without its stats).
 */
export function beatDatagrams(base: Omit<Heartbeat, "part" | "parts" | "amphorae">, amphorae: Amphorae, key: string, max = MAX_DATAGRAM): Buffer[] {
  const shares: Amphorae[] = [];
  const size = (share: [string, Amphorae[string]][]) => encodeHeartbeat({ ...base, part: 0, parts: 1, amphorae: Object.fromEntries(share) }, key).length;
  const split = (share: [string, Amphorae[string]][]) => {
    const [only] = share;
    if (share.length === 0 || size(share) <= max) shares.push(Object.fromEntries(share));
    else if (share.length === 1 && only) shares.push({ [only[0]]: { pid: only[1].pid } });
    else {
      const half = Math.ceil(share.length / 2);
      split(share.slice(0, half));
      split(share.slice(half));
    }
  };
  split(Object.entries(amphorae));
  return shares.map((share, part) => encodeHeartbeat({ ...base, part, parts: shares.length, amphorae: share }, key));
}

export class HeartbeatSender {
  /** When this agent started: with `seq` and `part`, it orders every heartbeat the host ever sends. */
  private readonly epoch = Date.now();
  private seq = 0;
  private config: HeartbeatConfig | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly socket = dgram.createSocket("udp4");
  /** The master pid last seen per amphora: checking one still there is a syscall or two. */
  private readonly pids = new Map<string, number>();
  /** Each amphora's stats as last read. */
  private readonly reads = new Map<string, Read>();
  /** How often each amphora's fastest health check runs (ms), from its config. */
  private readonly checks = new Map<string, number>();
  /**
   * Counts each amphora's changes, once as one starts and once as it ends (odd: one under way):
   * a read that a change overlapped is not kept.
   */
  private readonly changes = new Map<string, number>();
  /**
   * The driver the agent's API acts through: as `driver`, except that what it reads is kept for
   * the next heartbeat and a change drops what was kept.
   */
  readonly driver: AmphoraDriver;

  constructor(
    private readonly raw: AmphoraDriver,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.socket.unref();
    this.socket.on("error", (err) => this.log(`heartbeat: ${err.message}`));
    const changed =
      <A extends unknown[], R>(act: (lbId: string, ...rest: A) => Promise<R>) =>
      async (lbId: string, ...rest: A): Promise<R> => {
        this.changed(lbId);
        try {
          return await act(lbId, ...rest);
        } finally {
          this.changed(lbId);
        }
      };
    this.driver = {
      ...raw,
      apply: changed(raw.apply),
      stop: changed(raw.stop),
      setServerWeight: changed(raw.setServerWeight),
      setServerState: changed(raw.setServerState),
      counters: async (lbId) => {
        const before = this.changes.get(lbId) ?? 0;
        const counters = await raw.counters(lbId);
        if (before % 2 === 0 && (this.changes.get(lbId) ?? 0) === before) this.reads.set(lbId, { at: performance.now(), stats: compactStats(counters.worker_pid, counters.stats) });
        return counters;
      },
    };
  }

  /** Starts sending with `config`, or goes on with the new one. */
  configure(config: HeartbeatConfig): void {
    this.config = config;
    if (!this.timer) this.schedule(0);
  }

  /** Stops sending until configured again. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.config = null;
  }

  close(): void {
    this.stop();
    this.socket.close();
  }

  /** A change through this agent: what was read or known of its config is not about it any more. */
  private changed(lbId: string): void {
    this.reads.delete(lbId);
    this.checks.delete(lbId);
    this.changes.set(lbId, (this.changes.get(lbId) ?? 0) + 1);
  }

  private schedule(delayMs: number): void {
    const timer = setTimeout(() => void this.beat().finally(() => this.timer === timer && this.config && this.schedule(this.config.interval_ms)), delayMs);
    this.timer = timer;
    timer.unref();
  }

  /** The amphorae whose HAProxy runs in place now, with their stats, read again where due. */
  private async amphorae({ stats_interval_ms: statsIntervalMs = DEFAULT_STATS_INTERVAL_MS, follow_checks: followChecks = true, interval_ms: beatMs }: HeartbeatConfig): Promise<Amphorae> {
    const ids = await this.raw.list();
    const found = await this.raw.running(Object.fromEntries(ids.map((id) => [id, this.pids.get(id) ?? null])));
    this.pids.clear();
    const running: [string, number][] = [];
    for (const [id, state] of Object.entries(found)) {
      if (state.pid !== null) this.pids.set(id, state.pid);
      if (state.running && state.pid !== null) running.push([id, state.pid]);
    }
    for (const id of this.reads.keys()) if (!this.pids.has(id)) this.reads.delete(id);
    for (const id of this.checks.keys()) if (!this.pids.has(id)) this.checks.delete(id);
    const listed = new Set(ids);
    for (const [id, count] of this.changes) if (count % 2 === 0 && !listed.has(id)) this.changes.delete(id);
    const unknownChecks = followChecks ? running.filter(([id]) => !this.checks.has(id)) : [];
    await Promise.all(
      unknownChecks.map(async ([id]) => {
        const config = await this.raw.readConfig(id).catch(() => null);
        this.checks.set(id, config === null ? Infinity : fastestCheckMs(config));
      }),
    );
    const now = performance.now();
    const every = (id: string) => (followChecks ? Math.min(statsIntervalMs, this.checks.get(id) ?? Infinity) : statsIntervalMs);
    // Half a beat of slack: a read due a moment after this beat is made now, not a whole beat late.
    const due = running.filter(([id]) => now - (this.reads.get(id)?.at ?? -Infinity) + beatMs / 2 >= every(id)).map(([id]) => id);
    for (let i = 0; i < due.length; i += READ_CONCURRENCY) {
      // One that does not answer now (between start and ready, or stopping) is read next beat.
      await Promise.all(due.slice(i, i + READ_CONCURRENCY).map((id) => this.driver.counters(id).catch(() => undefined)));
    }
    const amphorae: Amphorae = {};
    for (const [id, pid] of running) {
      const read = this.reads.get(id);
      amphorae[id] = read ? { pid, stats: read.stats } : { pid };
    }
    return amphorae;
  }

  private async beat(): Promise<void> {
    const config = this.config;
    if (!config) return;
    try {
      const amphorae = await this.amphorae(config);
      const datagrams = beatDatagrams({ ver: 2, host_id: config.host_id, epoch: this.epoch, seq: this.seq++ }, amphorae, config.key);
      for (const target of config.targets) {
        const [address, port] = target.split(":");
        for (const datagram of datagrams) this.socket.send(datagram, Number(port), address);
      }
    } catch (err) {
      this.log(`heartbeat: ${(err as Error).message}`);
    }
  }
}
