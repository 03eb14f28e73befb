/** Empty values shown the way Horizon does: a dash. */
export function orDash(value: string | null | undefined): string {
  return value ? value : "-";
}

/** A timestamp from the API (ISO text) as "YYYY-MM-DD HH:MM:SS" UTC: same on every machine. */
export function formatTimestamp(value: string | null | undefined): string {
  if (!value) return "-";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function adminStateLabel(up: boolean): string {
  return up ? "Up" : "Down";
}

/** 1536 -> "1.5 KiB": traffic counters in the units operators read. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function yesNo(value: boolean): string {
  return value ? "Yes" : "No";
}
