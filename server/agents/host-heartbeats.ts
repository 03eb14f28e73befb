import type { AgentClient } from "@/amphora/agent/client";
import type { Db } from "@/db/client";
import { type HeartbeatListener, listenForHeartbeats } from "@/server/orchestrator/heartbeats";
import { HostMonitor, type HostMonitorOptions } from "@/server/orchestrator/host-monitor";

// The controller's end of the hosts' heartbeats, wired up: one UDP listener on loopback (a free
// port) for every host, the monitor that marks each host UP or DOWN from them, and each agent
// told where to send.

export interface HostHeartbeatOptions {
  db: Db;
  key: string;
  intervalMs: number;
  timeoutMs: number;
  log: (line: string) => void;
  /** Told each host that went DOWN or came back UP (the controller fails over or sweeps then). */
  onChange?: HostMonitorOptions["onChange"];
}

export interface HostHeartbeats {
  monitor: HostMonitor;
  listener: HeartbeatListener;
  /** Tells a host's agent to send its heartbeats here. */
  watch(hostId: string, agent: AgentClient): Promise<void>;
  stop(): Promise<void>;
}

export async function watchHostHeartbeats(opts: HostHeartbeatOptions): Promise<HostHeartbeats> {
  const monitor = new HostMonitor({ db: opts.db, timeoutMs: opts.timeoutMs, log: opts.log, ...(opts.onChange && { onChange: opts.onChange }) });
  const listener = await listenForHeartbeats({ host: "127.0.0.1", port: 0, key: opts.key, onHeartbeat: (hb) => monitor.heard(hb) });
  // A silent host is noticed within a tenth of the timeout past it.
  await monitor.start(Math.max(50, Math.round(opts.timeoutMs / 10)));
  const { port } = listener.address();
  return {
    monitor,
    listener,
    async watch(hostId, agent) {
      await agent.configure({ heartbeat: { host_id: hostId, targets: [`127.0.0.1:${port}`], interval_ms: opts.intervalMs, key: opts.key } });
      monitor.expect(hostId);
    },
    async stop() {
      await monitor.stop();
      await listener.close();
    },
  };
}
