import dgram from "node:dgram";
import { z } from "zod";
import type { AmphoraDriver } from "../driver";
import { encodeHeartbeat, type Heartbeat } from "../heartbeat";

// The agent's heartbeats (Octavia's amphora health daemon): every interval, one UDP datagram to
// each of the controller's addresses, signed with the heartbeat key, saying which amphorae of
// the host run. The controller sends the settings (PUT /1.0/config, as Octavia's controller
// uploads the agent's configuration); until then nothing is sent.

const HOST_PORT = /^(?:\d{1,3}\.){3}\d{1,3}:\d{1,5}$/;

export const heartbeatConfigSchema = z.strictObject({
  host_id: z.string().uuid(),
  /** Where the controller listens: Octavia's `controller_ip_port_list`. */
  targets: z.array(z.string().regex(HOST_PORT, "an IPv4 address and port, e.g. 198.19.0.1:5555")).min(1).max(8),
  interval_ms: z.number().int().min(100).max(60_000),
  key: z.string().min(16).max(256),
});

export type HeartbeatConfig = z.infer<typeof heartbeatConfigSchema>;

/** What fits one datagram with room to spare; a host past it reports itself alone, and says so in its log. */
const MAX_DATAGRAM = 60_000;

export class HeartbeatSender {
  /** When this agent started: with `seq`, it orders every heartbeat the host ever sends. */
  private readonly epoch = Date.now();
  private seq = 0;
  private config: HeartbeatConfig | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly socket = dgram.createSocket("udp4");
  /** The master pid last seen per amphora: checking one still there is a syscall or two. */
  private readonly pids = new Map<string, number>();
  private warnedSize = false;

  constructor(
    private readonly driver: AmphoraDriver,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.socket.unref();
    this.socket.on("error", (err) => this.log(`heartbeat: ${err.message}`));
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

  private schedule(delayMs: number): void {
    const timer = setTimeout(() => void this.beat().finally(() => this.timer === timer && this.config && this.schedule(this.config.interval_ms)), delayMs);
    this.timer = timer;
    timer.unref();
  }

  /** The amphorae whose HAProxy runs in place now. */
  private async running(): Promise<Heartbeat["amphorae"]> {
    const ids = await this.driver.list();
    const found = await this.driver.running(Object.fromEntries(ids.map((id) => [id, this.pids.get(id) ?? null])));
    this.pids.clear();
    const amphorae: Heartbeat["amphorae"] = {};
    for (const [id, state] of Object.entries(found)) {
      if (state.pid !== null) this.pids.set(id, state.pid);
      if (state.running && state.pid !== null) amphorae[id] = { pid: state.pid };
    }
    return amphorae;
  }

  private async beat(): Promise<void> {
    const config = this.config;
    if (!config) return;
    try {
      const message: Heartbeat = { ver: 1, host_id: config.host_id, epoch: this.epoch, seq: this.seq++, amphorae: await this.running() };
      let datagram = encodeHeartbeat(message, config.key);
      if (datagram.length > MAX_DATAGRAM) {
        if (!this.warnedSize) this.log(`heartbeat: ${Object.keys(message.amphorae).length} amphorae do not fit one datagram; the host reports itself alone`);
        this.warnedSize = true;
        datagram = encodeHeartbeat({ ...message, amphorae: {} }, config.key);
      }
      for (const target of config.targets) {
        const [address, port] = target.split(":");
        this.socket.send(datagram, Number(port), address);
      }
    } catch (err) {
      this.log(`heartbeat: ${(err as Error).message}`);
    }
  }
}
