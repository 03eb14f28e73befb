// What a client sees of a load balancer while something happens to it: a request to `url` sent
// every `everyMs` (a new connection each), whether or not the ones before have answered, so a
// request that hangs (a VIP nobody answers ARP for) does not delay the next. The outage is the
// longest run of failed requests, from the sending of its first to the sending of the first
// request answered after it: its resolution is `everyMs`.

export interface Outage {
  ok: number;
  failed: number;
  /** The longest run of failures (ms), or until the stop when one is under way; 0 when none failed. */
  gapMs: number;
}

/**
 * How long a request may take before it counts as failed, by default. A request whose SYN was
 * lost is retried by the kernel a second later, so a shorter timeout counts it as failed instead
 * of slow: what a benchmark of sub-second gaps needs.
 */
const REQUEST_TIMEOUT_MS = 2_000;

export function watchOutage(url: string, everyMs = 20, requestTimeoutMs = REQUEST_TIMEOUT_MS) {
  /** Each request's send time and outcome (null while it is in flight), in sending order. */
  const sent: { at: number; ok: boolean | null }[] = [];
  const inFlight = new Set<Promise<void>>();
  let waiter: { resolve: () => void; timer: NodeJS.Timeout } | null = null;
  /** Waiting for a failure: of a request sent at or after `from` (its index). */
  let failWaiter: { from: number; resolve: () => void; timer: NodeJS.Timeout } | null = null;
  /** Whether the newest answered request succeeded after a failure before it. */
  const upAgain = () => {
    const last = sent.findLastIndex((r) => r.ok !== null);
    return last >= 0 && sent[last]!.ok === true;
  };
  const probe = () => {
    const entry: { at: number; ok: boolean | null } = { at: performance.now(), ok: null };
    const index = sent.push(entry) - 1;
    const request = fetch(url, { headers: { connection: "close" }, signal: AbortSignal.timeout(requestTimeoutMs) })
      .then(async (res) => {
        await res.text();
        return res.ok;
      })
      .catch(() => false)
      .then((ok) => {
        entry.ok = ok;
        if (!ok && failWaiter && index >= failWaiter.from) {
          clearTimeout(failWaiter.timer);
          failWaiter.resolve();
          failWaiter = null;
        }
        if (ok && waiter && upAgain()) {
          clearTimeout(waiter.timer);
          waiter.resolve();
          waiter = null;
        }
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };
  probe();
  const timer = setInterval(probe, everyMs);

  /** The longest run of failures among the requests that have answered. */
  const measure = (until: number | null): Outage => {
    let ok = 0;
    let failed = 0;
    let gap = 0;
    let runStart: number | null = null;
    for (const r of sent) {
      if (r.ok === null) continue;
      if (r.ok) {
        ok++;
        if (runStart !== null) gap = Math.max(gap, r.at - runStart);
        runStart = null;
      } else {
        failed++;
        runStart ??= r.at;
      }
    }
    if (runStart !== null && until !== null) gap = Math.max(gap, until - runStart);
    return { ok, failed, gapMs: Math.round(gap) };
  };

  return {
    /** Resolves once the newest answered request succeeded: at once, or at the first success after the failures under way. */
    recovered(timeoutMs: number): Promise<void> {
      if (upAgain()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiter = { resolve, timer: setTimeout(() => reject(new Error(`${url} did not answer again within ${timeoutMs} ms`)), timeoutMs) };
      });
    },
    /**
     * Resolves at the first failed answer of a request sent from now on: what was sent before a
     * failure was caused may still answer, and must not be taken for a recovery.
     */
    failed(timeoutMs: number): Promise<void> {
      return new Promise((resolve, reject) => {
        failWaiter = { from: sent.length, resolve, timer: setTimeout(() => reject(new Error(`${url} answered every request for ${timeoutMs} ms`)), timeoutMs) };
      });
    },
    /** Stops sending, waits for the requests in flight, and measures. */
    async stop(): Promise<Outage> {
      clearInterval(timer);
      const stoppedAt = performance.now();
      await Promise.all([...inFlight]);
      return measure(stoppedAt);
    },
  };
}
