/** Keeps only the selected keys that are still rows (a deleted load balancer, or one on another page, leaves the selection). */
export function pruneSelection(selected: ReadonlySet<string>, keys: readonly string[]): Set<string> {
  const present = new Set(keys);
  return new Set([...selected].filter((k) => present.has(k)));
}
