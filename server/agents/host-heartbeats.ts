import type { AgentClient } from "@/amphora/agent/client";
import type { Db } from "@/db/client";
import { AmphoraReports } from "@/server/orchestrator/amphora-reports";
import { type HeartbeatListener, listenForHeartbeats } from "@/server/orchestrator/heartbeats";
import { HostMonitor, type HostMonitorOptions } from "@/server/orchestrator/host-monitor";

// The controller's end of the hosts' heartbeats, wired up: one UDP listener (on loopback at a free
// port, unless hosts on other machines need an address they reach) for every host, the monitor
// that marks each host UP or DOWN from them, what they say of their amphorae (for the health
// manager), and each agent told where to send.

export interface HostHeartbeatOptions {
  db: Db;
  key: string;
  intervalMs: number;
  timeoutMs: number;
  /** How old an amphora's stats may get on its host before they are read again (the agents' default: 5 s). */
  statsIntervalMs?: number;
  /**
   * Whether the amphorae's HAProxies push their checks' changes (the controller's health log):
   * then the agents read an amphora's stats at `statsIntervalMs` only, not also at its checks' pace.
   */
  checksPushed?: boolean;
  log: (line: string) => void;
  /** Told each host that went DOWN or came back UP (the controller fails over or sweeps then). */
  onChange?: HostMonitorOptions["onChange"];
  /** Where the listener binds, and the address agents are told to send to. Default: loopback, a free port. */
  bind?: { address: string; port: number };
}

export interface HostHeartbeats {
  monitor: HostMonitor;
  listener: HeartbeatListener;
  /** What the heartbeats say of each host's amphorae. */
  reports: AmphoraReports;
  /** Tells a host's agent to send its heartbeats here. */
  watch(hostId: string, agent: AgentClient): Promise<void>;
  stop(): Promise<void>;
}

export async function watchHostHeartbeats(opts: HostHeartbeatOptions): Promise<HostHeartbeats> {
  const monitor = new HostMonitor({ db: opts.db, timeoutMs: opts.timeoutMs, log: opts.log, ...(opts.onChange && { onChange: opts.onChange }) });
  const address = opts.bind?.address ?? "127.0.0.1";
  const reports = new AmphoraReports();
  const listener = await listenForHeartbeats({
    host: address,
    port: opts.bind?.port ?? 0,
    key: opts.key,
    onHeartbeat: (hb) => {
      monitor.heard(hb);
      reports.take(hb);
    },
  });
  // A silent host is noticed within a tenth of the timeout past it.
  await monitor.start(Math.max(50, Math.round(opts.timeoutMs / 10)));
  const { port } = listener.address();
  return {
    monitor,
    listener,
    reports,
    async watch(hostId, agent) {
      const heartbeat = { host_id: hostId, targets: [`${address}:${port}`], interval_ms: opts.intervalMs, key: opts.key };
      await agent.configure({
        heartbeat: { ...heartbeat, ...(opts.statsIntervalMs && { stats_interval_ms: opts.statsIntervalMs }), ...(opts.checksPushed && { follow_checks: false }) },
      });
      await monitor.expect(hostId);
    },
    async stop() {
      await monitor.stop();
      await listener.close();
    },
  };
}
