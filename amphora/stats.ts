import type { LoadBalancerModel } from "./model";
import { backendName, defaultPool, isEnabled, isServed } from "./served";

// What the data plane observes, read from HAProxy's `show stat` CSV and turned into Octavia's
// operating statuses and listener statistics. Pure functions: the driver fetches the text, the
// health manager decides what to write.

export type StatRowType = "frontend" | "backend" | "server" | "listener";

export interface StatRow {
  pxname: string;
  svname: string;
  type: StatRowType;
  /** e.g. OPEN, FULL, UP, "UP 1/3", DOWN, "DOWN 1/2", NOLB, DRAIN, MAINT, "MAINT (via b/s)", "no check". */
  status: string;
  /** Effective weight (server) or total weight (backend); 0 when the column is empty. */
  weight: number;
  scur: number;
  slim: number;
  stot: number;
  bin: number;
  bout: number;
  ereq: number;
  check_status: string;
  /** Every column by its header name, as text: 2.6 has ~100 and the set grows with versions. */
  fields: Record<string, string>;
}

const TYPES: Record<string, StatRowType> = { "0": "frontend", "1": "backend", "2": "server", "3": "listener" };

/** Parses `show stat` output: a `# pxname,svname,...` header, then one CSV line per proxy/server. */
export function parseShowStat(text: string): StatRow[] {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const headerLine = lines.shift();
  if (!headerLine?.startsWith("# ")) throw new Error(`not "show stat" output: ${JSON.stringify(text.slice(0, 80))}`);
  const header = splitCsv(headerLine.slice(2));
  return lines.map((line) => {
    const values = splitCsv(line);
    const fields: Record<string, string> = {};
    header.forEach((name, i) => {
      if (name !== "") fields[name] = values[i] ?? "";
    });
    const num = (name: string) => {
      const n = Number(fields[name] || 0);
      return Number.isFinite(n) ? n : 0;
    };
    const type = TYPES[fields.type ?? ""];
    if (!type) throw new Error(`unknown stat row type ${JSON.stringify(fields.type)} in ${JSON.stringify(line)}`);
    return {
      pxname: fields.pxname ?? "",
      svname: fields.svname ?? "",
      type,
      status: fields.status ?? "",
      weight: num("weight"),
      scur: num("scur"),
      slim: num("slim"),
      stot: num("stot"),
      bin: num("bin"),
      bout: num("bout"),
      ereq: num("ereq"),
      check_status: fields.check_status ?? "",
      fields,
    };
  });
}

/** HAProxy quotes a field only when it holds a comma or a quote, doubling inner quotes. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      out.push(value);
      i++; // the comma after the closing quote
    } else {
      const end = line.indexOf(",", i);
      out.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

export type OperatingStatus = "ONLINE" | "OFFLINE" | "DEGRADED" | "ERROR" | "DRAINING" | "NO_MONITOR";

export interface OperatingStatusReport {
  loadbalancer: OperatingStatus;
  listeners: Record<string, OperatingStatus>;
  pools: Record<string, OperatingStatus>;
  members: Record<string, OperatingStatus>;
}

/** When one pool or member appears under several backends (one per listener), the worst row wins. */
const SEVERITY: OperatingStatus[] = ["ONLINE", "NO_MONITOR", "DRAINING", "OFFLINE", "DEGRADED", "ERROR"];
const worst = (statuses: OperatingStatus[]): OperatingStatus =>
  statuses.reduce((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a));

export function memberStatusFromRow(row: StatRow): OperatingStatus {
  const status = row.status.trim();
  // "UP 1/3" is UP on its way down and "DOWN 1/2" DOWN on its way up: HAProxy has not changed
  // its routing yet, so neither has the status.
  if (status.startsWith("MAINT")) return "OFFLINE";
  if (status === "DRAIN" || status === "NOLB") return "DRAINING";
  const unchecked = status === "no check"; // takes traffic as if UP
  if ((unchecked || status.startsWith("UP")) && row.weight === 0) return "DRAINING";
  if (unchecked) return "NO_MONITOR";
  if (status.startsWith("UP")) return "ONLINE";
  return "ERROR"; // DOWN, "DOWN 1/2", "DOWN (agent)" and anything this code does not know
}

function frontendStatus(row: StatRow | undefined): OperatingStatus {
  if (!row) return "ERROR"; // enabled but not running: the config or the process is not what we think
  // HAProxy 2.6 reports a FRONTEND as OPEN, PAUSED or STOP only; FULL (which older versions
  // and Octavia use) is left to per-bind rows. A frontend at its maxconn is full all the same.
  if (row.status === "FULL" || row.status === "PAUSED" || (row.slim > 0 && row.scur >= row.slim)) return "DEGRADED";
  if (row.status === "OPEN") return "ONLINE";
  return "OFFLINE"; // STOP: disabled or stopping
}

function backendStatus(row: StatRow | undefined): OperatingStatus {
  if (!row) return "ERROR";
  return row.status === "UP" ? "ONLINE" : "ERROR";
}

/**
 * Octavia's operating statuses for every listener, pool and member of `lb`, from the rows of
 * the HAProxy running its config. Everything the renderer leaves out (disabled, PENDING_DELETE,
 * a pool no listener uses) is OFFLINE; a UDP/SCTP listener, which HAProxy cannot serve, is
 * ERROR like any other enabled listener without a frontend.
 */
export function deriveOperatingStatus(lb: LoadBalancerModel, rows: StatRow[]): OperatingStatusReport {
  const report: OperatingStatusReport = { loadbalancer: "OFFLINE", listeners: {}, pools: {}, members: {} };
  for (const l of lb.listeners) report.listeners[l.id] = "OFFLINE";
  for (const p of lb.pools) {
    report.pools[p.id] = "OFFLINE";
    for (const m of p.members) report.members[m.id] = "OFFLINE";
  }
  if (!lb.admin_state_up) return report;

  const frontends = new Map(rows.filter((r) => r.type === "frontend").map((r) => [r.pxname, r]));
  const backends = new Map(rows.filter((r) => r.type === "backend").map((r) => [r.pxname, r]));
  const servers = new Map(rows.filter((r) => r.type === "server").map((r) => [`${r.pxname}/${r.svname}`, r]));

  // The backend names the rendered config has for each pool (one per listener using it).
  const backendsOfPool = new Map<string, string[]>();
  for (const listener of lb.listeners) {
    if (isServed(lb, listener)) {
      report.listeners[listener.id] = frontendStatus(frontends.get(listener.id));
      const pool = defaultPool(lb, listener);
      if (pool) backendsOfPool.set(pool.id, [...(backendsOfPool.get(pool.id) ?? []), backendName(pool, listener)]);
    } else if (isEnabled(lb, listener)) {
      report.listeners[listener.id] = "ERROR"; // UDP/SCTP: enabled, yet nothing serves it
    }
  }

  for (const pool of lb.pools) {
    const names = backendsOfPool.get(pool.id);
    if (!names) continue; // not rendered: OFFLINE, and so are its members
    let anyMemberError = false;
    for (const member of pool.members) {
      const memberRows = names.map((b) => servers.get(`${b}/${member.id}`)).filter((r): r is StatRow => r !== undefined);
      const status = memberRows.length === 0 ? "OFFLINE" : worst(memberRows.map(memberStatusFromRow));
      report.members[member.id] = status;
      if (status === "ERROR") anyMemberError = true;
    }
    const status = worst(names.map((b) => backendStatus(backends.get(b))));
    report.pools[pool.id] = status === "ONLINE" && anyMemberError ? "DEGRADED" : status;
  }

  const listenerStatuses = Object.values(report.listeners);
  const poolStatuses = [...backendsOfPool.keys()].map((id) => report.pools[id]);
  report.loadbalancer = poolStatuses.includes("ERROR")
    ? "ERROR"
    : listenerStatuses.includes("DEGRADED") || poolStatuses.includes("DEGRADED")
      ? "DEGRADED"
      : "ONLINE";
  return report;
}

export interface ListenerStats {
  bytes_in: number;
  bytes_out: number;
  active_connections: number;
  total_connections: number;
  request_errors: number;
}

export interface LoadBalancerStats {
  listeners: Record<string, ListenerStats>;
  total: ListenerStats;
}

/**
 * Octavia's per-listener statistics (and their sum) from the FRONTEND rows. These are the
 * counters of the current worker: a reload starts them again at zero, so whoever keeps
 * running totals must add deltas and treat a counter going down as a restart.
 */
export function loadBalancerStats(rows: StatRow[]): LoadBalancerStats {
  const zero = (): ListenerStats => ({ bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 0, request_errors: 0 });
  const result: LoadBalancerStats = { listeners: {}, total: zero() };
  for (const row of rows) {
    if (row.type !== "frontend") continue;
    const s = (result.listeners[row.pxname] ??= zero());
    const add = { bytes_in: row.bin, bytes_out: row.bout, active_connections: row.scur, total_connections: row.stot, request_errors: row.ereq };
    for (const key of Object.keys(add) as (keyof ListenerStats)[]) {
      s[key] += add[key];
      result.total[key] += add[key];
    }
  }
  return result;
}
