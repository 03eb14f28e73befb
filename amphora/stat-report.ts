import { z } from "zod";
import type { StatRow } from "./stats";

// What a heartbeat says of one amphora's HAProxy: the few columns of `show stat` the health
// manager reads (amphora/stats.ts: each frontend's status and counters, each backend's status,
// each server's status and weight), keyed by proxy and server name as HAProxy shows them. About
// a tenth of the rows' size, so that a host's hundreds of amphorae fit a few datagrams, as
// Octavia's health message carries listeners, pools and members and nothing else.

/** A proxy or server name: the renderer's ids (a UUID, or two joined by a colon) and HAProxy's FRONTEND/BACKEND. */
const name = z.string().min(1).max(100);
/** HAProxy's status texts ("UP", "DOWN 1/2", "MAINT (via b/s)", "no check", …). */
const status = z.string().max(40);
const count = z.number().int().nonnegative();

const MAX_PROXIES = 2_000;
const MAX_SERVERS = 10_000;

export const statReportSchema = z.object({
  /** The worker whose counters these are: a reload starts them again (server/services/statistics.ts). */
  worker: z.number().int().positive(),
  /** Each frontend: [status, scur, slim, stot, bin, bout, ereq]. */
  frontends: z.record(name, z.tuple([status, count, count, count, count, count, count])).refine((f) => Object.keys(f).length <= MAX_PROXIES, "too many frontends"),
  /** Each backend: its status, and each server's [status, weight]. */
  backends: z
    .record(name, z.tuple([status, z.record(name, z.tuple([status, count])).refine((s) => Object.keys(s).length <= MAX_SERVERS, "too many servers")]))
    .refine((b) => Object.keys(b).length <= MAX_PROXIES, "too many backends"),
});

export type StatReport = z.infer<typeof statReportSchema>;

/** The report of `rows`, read from worker `worker`. */
export function compactStats(worker: number, rows: StatRow[]): StatReport {
  const report: StatReport = { worker, frontends: {}, backends: {} };
  for (const r of rows) {
    if (r.type === "frontend") report.frontends[r.pxname] = [r.status, r.scur, r.slim, r.stot, r.bin, r.bout, r.ereq];
    else if (r.type === "backend") (report.backends[r.pxname] ??= [r.status, {}])[0] = r.status;
    else if (r.type === "server") (report.backends[r.pxname] ??= ["", {}])[1][r.svname] = [r.status, r.weight];
  }
  return report;
}

const row = (pxname: string, svname: string, type: StatRow["type"], status: string, numbers: Partial<StatRow> = {}): StatRow => ({
  pxname,
  svname,
  type,
  status,
  weight: 0,
  scur: 0,
  slim: 0,
  stot: 0,
  bin: 0,
  bout: 0,
  ereq: 0,
  check_status: "",
  fields: {},
  ...numbers,
});

/** The rows a report stands for, as amphora/stats.ts reads them (the columns it does not carry are empty). */
export function expandStats(report: StatReport): StatRow[] {
  const rows: StatRow[] = [];
  for (const [px, [st, scur, slim, stot, bin, bout, ereq]] of Object.entries(report.frontends)) {
    rows.push(row(px, "FRONTEND", "frontend", st, { scur, slim, stot, bin, bout, ereq }));
  }
  for (const [px, [st, servers]] of Object.entries(report.backends)) {
    for (const [sv, [serverStatus, weight]] of Object.entries(servers)) rows.push(row(px, sv, "server", serverStatus, { weight }));
    if (st !== "") rows.push(row(px, "BACKEND", "backend", st));
  }
  return rows;
}
