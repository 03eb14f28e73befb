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
