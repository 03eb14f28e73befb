// What a client sees of a load balancer while something happens to it: `url` asked every
// `everyMs` (a new connection each time) until stopped, counting answers and failures and timing
// the longest run of failures, from the first failed request to the first answer after it.

export interface Outage {
  ok: number;
  failed: number;
  /** The longest time between a first failed request and the next answer (ms), or until the stop; 0 when none failed. */
  gapMs: number;
}

export function watchOutage(url: string, everyMs = 20) {
  let stopped = false;
  let ok = 0;
  let failed = 0;
  let gapMs = 0;
  let downSince: number | null = null;
  let answeredAfterFailure: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      const sent = performance.now();
      let answered = false;
      try {
        const res = await fetch(url, { headers: { connection: "close" }, signal: AbortSignal.timeout(1_000) });
        await res.text();
        answered = res.ok;
      } catch {
        answered = false;
      }
      if (answered) {
        ok++;
        if (downSince !== null) {
          gapMs = Math.max(gapMs, performance.now() - downSince);
          downSince = null;
          (answeredAfterFailure as (() => void) | null)?.();
        }
      } else {
        failed++;
        downSince ??= sent;
      }
      const rest = everyMs - (performance.now() - sent);
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    }
  })();
  return {
    /** Resolves once the last request was answered: at once, or at the first answer after the failures under way. */
    recovered(timeoutMs: number): Promise<void> {
      return new Promise((resolve, reject) => {
        if (downSince === null) return resolve();
        const timer = setTimeout(() => reject(new Error(`${url} did not answer again within ${timeoutMs} ms`)), timeoutMs);
        answeredAfterFailure = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    async stop(): Promise<Outage> {
      stopped = true;
      await loop;
      if (downSince !== null) gapMs = Math.max(gapMs, performance.now() - downSince);
      return { ok, failed, gapMs: Math.round(gapMs) };
    },
  };
}
