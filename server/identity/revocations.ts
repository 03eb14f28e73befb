// Tells the open status streams of this process that a user's access changed (logout, token
// revoked, password changed, disabled, role revoked), so each re-checks its caller at once
// instead of at its next periodic check (events router). Kept on globalThis: Next bundles each
// route handler separately, and a revocation through Keystone's door must reach a stream opened
// through tRPC's.

type Listener = (userId: string) => void;

const registry = globalThis as unknown as { lbaasIdentityListeners?: Set<Listener> };
const listeners = (registry.lbaasIdentityListeners ??= new Set<Listener>());

/** Calls `listener` with the user's id whenever their access changes; returns the unsubscribe. */
export function onAccessChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function announceAccessChange(userId: string): void {
  for (const listener of listeners) listener(userId);
}
