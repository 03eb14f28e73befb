/** The list's search box: rows whose name contains the text, any case; blank shows all. */
export function filterByName<Row extends { name: string }>(rows: Row[] | undefined, text: string): Row[] | undefined {
  const needle = text.trim().toLowerCase();
  if (!rows || needle === "") return rows;
  return rows.filter((row) => row.name.toLowerCase().includes(needle));
}

/** Keeps only the selected keys that are still rows (a deleted load balancer leaves the selection). */
export function pruneSelection(selected: ReadonlySet<string>, keys: readonly string[]): Set<string> {
  const present = new Set(keys);
  return new Set([...selected].filter((k) => present.has(k)));
}
