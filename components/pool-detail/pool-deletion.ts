// What goes with a pool when it is deleted, in words for its confirmation: Octavia deletes its
// members and health monitor with it, and a listener whose default pool it is keeps running
// with none (it then refuses connections).

export function poolDeletionNote(pool: { members: readonly unknown[]; healthmonitor_id: string | null }, listenerNames: readonly string[]): string {
  const members = pool.members.length;
  const parts = [members === 1 ? "its member" : members > 1 ? `its ${members} members` : null, pool.healthmonitor_id ? "its health monitor" : null].filter(
    (p): p is string => p !== null,
  );
  const singular = parts.length === 1 && members <= 1;
  const children = parts.length > 0 ? `${capitalize(parts.join(" and "))} ${singular ? "is" : "are"} deleted with it.` : "It has no members or health monitor.";
  if (listenerNames.length === 0) return children;
  const one = listenerNames.length === 1;
  return `${children} ${one ? "Listener" : "Listeners"} ${listenerNames.join(", ")} ${one ? "loses its" : "lose their"} default pool and refuse${one ? "s" : ""} connections until given another.`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
