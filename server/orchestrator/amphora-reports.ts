import type { Heartbeat } from "@/amphora/heartbeat";
import type { StatReport } from "@/amphora/stat-report";

// What the hosts' heartbeats say of their amphorae, kept for the health manager (health.ts):
// which amphorae each host runs, as of its last beat heard whole (every part), and what each
// amphora's stats said when its agent last read them. Each beat a host sends is numbered here
// in the order heard; the health manager judges an amphora only on beats begun after it last saw
// the amphora change, so nothing an agent said before an apply is taken for after it.

export interface AmphoraReport {
  pid: number;
  /** Absent until the agent's first read after a start or a change. */
  stats?: StatReport;
  /** The number of the host's beat that carried it (beats()). */
  beat: number;
  /** Changes whenever what the host says of the amphora changes: equal revisions, nothing new. */
  rev: number;
}

interface HostBeats {
  /** The beat being heard: its identity, its parts heard, its amphorae so far. */
  current: { epoch: number; seq: number; parts: number; heard: Set<number>; ids: Set<string> } | null;
  /** Beats heard from the host so far (whole or not). */
  beats: number;
  /** The last beat heard whole: its number and the amphorae it said run. */
  whole: { beat: number; ids: Set<string> } | null;
  amphorae: Map<string, AmphoraReport & { said: string }>;
}

export class AmphoraReports {
  private readonly hosts = new Map<string, HostBeats>();
  private revisions = 0;

  /** Takes an accepted heartbeat (signed, newer than the last from its host). */
  take(hb: Heartbeat): void {
    let host = this.hosts.get(hb.host_id);
    if (!host) {
      host = { current: null, beats: 0, whole: null, amphorae: new Map() };
      this.hosts.set(hb.host_id, host);
    }
    let current = host.current;
    if (!current || current.epoch !== hb.epoch || current.seq !== hb.seq) {
      current = { epoch: hb.epoch, seq: hb.seq, parts: hb.parts, heard: new Set(), ids: new Set() };
      host.current = current;
      host.beats++;
    }
    current.heard.add(hb.part);
    for (const [lbId, amphora] of Object.entries(hb.amphorae)) {
      current.ids.add(lbId);
      const said = JSON.stringify(amphora);
      const known = host.amphorae.get(lbId);
      if (known?.said === said) {
        known.beat = host.beats;
        continue;
      }
      host.amphorae.set(lbId, { pid: amphora.pid, ...(amphora.stats && { stats: amphora.stats }), beat: host.beats, rev: ++this.revisions, said });
    }
    if (current.heard.size === current.parts) {
      host.whole = { beat: host.beats, ids: current.ids };
      for (const lbId of host.amphorae.keys()) if (!current.ids.has(lbId)) host.amphorae.delete(lbId);
    }
  }

  /** How many beats were heard from `hostId` so far. */
  beats(hostId: string): number {
    return this.hosts.get(hostId)?.beats ?? 0;
  }

  /** The host's last beat heard whole: its number and whether it said `lbId` runs. Null before one. */
  lastWhole(hostId: string, lbId: string): { beat: number; runs: boolean } | null {
    const whole = this.hosts.get(hostId)?.whole;
    return whole ? { beat: whole.beat, runs: whole.ids.has(lbId) } : null;
  }

  /** What `hostId` last said of the amphora of `lbId`. */
  report(hostId: string, lbId: string): AmphoraReport | undefined {
    return this.hosts.get(hostId)?.amphorae.get(lbId);
  }
}
