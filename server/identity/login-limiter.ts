// Failed logins are counted per user name and per client address over a sliding window; past
// the limit, logins are refused until the oldest failure leaves the window. In memory: each
// web server counts its own, which bounds guessing per server without a database write per
// attempt.

export interface LimiterSettings {
  windowMs: number;
  perUser: number;
  perAddress: number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly settings: LimiterSettings) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => t > now - this.settings.windowMs);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Milliseconds until a login may be tried again, or 0 when it may be tried now. */
  retryAfterMs(user: string, address: string, now = Date.now()): number {
    const checks: [string, number][] = [
      [`user:${user}`, this.settings.perUser],
      [`addr:${address}`, this.settings.perAddress],
    ];
    let wait = 0;
    for (const [key, limit] of checks) {
      const times = this.recent(key, now);
      if (times.length >= limit) wait = Math.max(wait, times[times.length - limit]! + this.settings.windowMs - now);
    }
    return wait;
  }

  fail(user: string, address: string, now = Date.now()): void {
    for (const key of [`user:${user}`, `addr:${address}`]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeed(user: string): void {
    this.failures.delete(`user:${user}`);
  }
}

/** Five failures per user, twenty per address, in a quarter of an hour. */
export const newLoginLimiter = () => new LoginLimiter({ windowMs: 15 * 60_000, perUser: 5, perAddress: 20 });
