// Waiting for a load balancer to leave PENDING_* (its status lock) before the next change to it,
// e.g. deleting a listener's default pool after the listener: the second call would otherwise be
// refused as "immutable". The live status feed wakes the wait as soon as the load balancer
// changes; a slow re-read covers a feed that is down.

import { isPending } from "@/db/schema/statuses";

export interface SettleOptions {
  /** The load balancer's provisioning status, read now. */
  read: () => Promise<string>;
  /** Calls `wake` whenever the load balancer may have changed; returns the unsubscribe. */
  onChange: (wake: () => void) => () => void;
  timeoutMs?: number;
  pollMs?: number;
}

/** Resolves with the status once it is not PENDING_*; rejects after the timeout. */
export async function untilSettled({ read, onChange, timeoutMs = 30_000, pollMs = 1_000 }: SettleOptions): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let wake = () => {};
  const unsubscribe = onChange(() => wake());
  try {
    for (;;) {
      const status = await read();
      if (!isPending(status)) return status;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`The load balancer is still ${status} after ${Math.round(timeoutMs / 1000)} s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(pollMs, left));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    unsubscribe();
  }
}
