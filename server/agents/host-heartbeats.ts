import type { AgentClient } from "@/amphora/agent/client";
import type { Db } from "@/db/client";
import { type HeartbeatListener, listenForHeartbeats } from "@/server/orchestrator/heartbeats";
import { HostMonitor } from "@/server/orchestrator/host-monitor";

// The controller's end of a host's heartbeats, wired up: a UDP listener on loopback (a free
// port), the monitor that marks the host UP or DOWN from them, and the agent told where to send.

export interface HostHeartbeatOptions {
  db: Db;
  agent: AgentClient;
  hostId: string;
  key: string;
  intervalMs: number;
  timeoutMs: number;
  log: (line: string) => void;
}

export interface HostHeartbeats {
  monitor: HostMonitor;
  listener: HeartbeatListener;
  stop(): Promise<void>;
}

export async function watchHostHeartbeats(opts: HostHeartbeatOptions): Promise<HostHeartbeats> {
  const monitor = new HostMonitor({ db: opts.db, timeoutMs: opts.timeoutMs, log: opts.log });
  const listener = await listenForHeartbeats({ host: "127.0.0.1", port: 0, key: opts.key, onHeartbeat: (hb) => monitor.heard(hb) });
  // A silent host is noticed within a tenth of the timeout past it.
  await monitor.start(Math.max(50, Math.round(opts.timeoutMs / 10)));
  const { port } = listener.address();
  await opts.agent.configure({ heartbeat: { host_id: opts.hostId, targets: [`127.0.0.1:${port}`], interval_ms: opts.intervalMs, key: opts.key } });
  return {
    monitor,
    listener,
    async stop() {
      await monitor.stop();
      await listener.close();
    },
  };
}
