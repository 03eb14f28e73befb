import type { Identity } from "@/server/identity/identity";
import { onAccessChange } from "@/server/identity/revocations";

// A status stream outlives the request that opened it, so the caller's right to it is checked
// again while it runs: at once when this process ends one of the caller's sessions or tokens,
// changes their password, disables them or revokes a role (server/identity/revocations.ts), and
// every RECHECK_MS in any case (a change made by another web server). When the credentials no
// longer resolve, or resolve to other roles, the stream ends; a client that reconnects goes
// through the policy again.

export const RECHECK_MS = 5_000;

const sameAccess = (a: Identity, b: Identity) =>
  a.user.id === b.user.id && a.project.id === b.project.id && [...a.roles].sort().join(",") === [...b.roles].sort().join(",");

export interface AccessWatch {
  /** Aborts when the caller's access ended or changed, or when `signal` aborts. */
  signal: AbortSignal;
  close(): void;
}

export function watchAccess(opts: { identity: Identity; recheck: () => Promise<Identity | null>; signal?: AbortSignal | undefined; intervalMs?: number }): AccessWatch {
  const ended = new AbortController();
  let checking = false;
  const check = async () => {
    if (checking || ended.signal.aborted) return;
    checking = true;
    try {
      const now = await opts.recheck();
      if (!now || !sameAccess(now, opts.identity)) ended.abort();
    } catch {
      // The database is unreachable: the next check decides; the stream itself fails meanwhile.
    } finally {
      checking = false;
    }
  };
  const stopListening = onAccessChange((userId) => {
    if (userId === opts.identity.user.id) void check();
  });
  const timer = setInterval(() => void check(), opts.intervalMs ?? RECHECK_MS);
  timer.unref();
  return {
    signal: opts.signal ? AbortSignal.any([opts.signal, ended.signal]) : ended.signal,
    close() {
      clearInterval(timer);
      stopListening();
    },
  };
}
