// Slows password guessing without letting a stranger lock anyone out. Two rules, in memory
// (each web server counts its own, which bounds guessing per server without a database write
// per attempt):
//
// - per user name AND client address: after a few free failures, each further attempt must wait
//   a delay that doubles with every failure, up to a cap. Someone guessing `admin` from one
//   address slows only themselves; `admin` logging in from their own address is not affected.
// - per client address: at most `perAddress` failures in a sliding window, whatever the user
//   names (random names never repeat, so the first rule alone would not stop a spray).
//
// An attempt is reserved (counted as a failure) before the password is checked, and refunded
// when it succeeds, so concurrent attempts cannot all pass the check before any is recorded.
// Both tables are bounded: past `maxEntries` the least recently touched entry is dropped.

export interface LimiterSettings {
  /** Failures of one user+address pair that cost no delay. */
  freeFailures: number;
  /** The delay after the first failure past the free ones; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A pair quiet for this long starts over (longer than maxDelayMs, or waiting out the cap would reset it). */
  forgetAfterMs: number;
  /** Failures of one address allowed within `windowMs`, whatever the user names. */
  perAddress: number;
  windowMs: number;
  /** Entries kept per table; the least recently touched go first. */
  maxEntries: number;
}

interface PairState {
  failures: number;
  last: number;
}

/**
 * What an attempt is told: go ahead (and report how it went), or wait. `first` marks the first
 * refusal since the address (or the pair) was last let through, the one worth recording: a flood
 * of refused attempts must not become a flood of audit rows.
 */
export type Reservation = { allowed: true; succeeded(): void } | { allowed: false; retryAfterMs: number; first: boolean };

/** A Map that keeps at most `max` keys, dropping the least recently set. */
class BoundedMap<V> extends Map<string, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: string, value: V): this {
    super.delete(key); // re-inserted at the end: Map order is the eviction order
    super.set(key, value);
    while (this.size > this.max) this.delete(this.keys().next().value as string);
    return this;
  }
}

export class LoginLimiter {
  private readonly pairs: BoundedMap<PairState>;
  private readonly addresses: BoundedMap<number[]>;
  /** Pairs and addresses whose current refusal has been reported once already. */
  private readonly refused: BoundedMap<true>;

  constructor(private readonly settings: LimiterSettings) {
    this.pairs = new BoundedMap(settings.maxEntries);
    this.addresses = new BoundedMap(settings.maxEntries);
    this.refused = new BoundedMap(settings.maxEntries);
  }

  /** The wait after a pair's `failures`-th failure: none for the free ones, then doubling to the cap. */
  delayAfter(failures: number): number {
    const over = failures - this.settings.freeFailures - 1;
    if (over < 0) return 0;
    return Math.min(this.settings.baseDelayMs * 2 ** over, this.settings.maxDelayMs);
  }

  private recentOf(address: string, now: number): number[] {
    return (this.addresses.get(address) ?? []).filter((t) => t > now - this.settings.windowMs);
  }

  /** Milliseconds until `user` may try from `address`, or 0; reserves nothing. */
  retryAfterMs(user: string, address: string, now = Date.now()): number {
    let wait = 0;
    const pair = this.pairs.get(pairKey(user, address));
    if (pair) wait = Math.max(0, pair.last + this.delayAfter(pair.failures) - now);
    const recent = this.recentOf(address, now);
    if (recent.length >= this.settings.perAddress) {
      wait = Math.max(wait, recent[recent.length - this.settings.perAddress]! + this.settings.windowMs - now);
    }
    return wait;
  }

  /**
   * Takes an attempt for `user` from `address`: refused with the wait when either rule says so,
   * otherwise counted as a failure at once; `succeeded()` refunds it and forgets the pair.
   */
  reserve(user: string, address: string, now = Date.now()): Reservation {
    const key = pairKey(user, address);
    const wait = this.retryAfterMs(user, address, now);
    if (wait > 0) {
      // Refused for the address as a whole (a spray of names) or for this pair alone.
      const refusalKey = this.recentOf(address, now).length >= this.settings.perAddress ? `addr:${address}` : key;
      const first = !this.refused.has(refusalKey);
      if (first) this.refused.set(refusalKey, true);
      return { allowed: false, retryAfterMs: wait, first };
    }
    this.refused.delete(key);
    this.refused.delete(`addr:${address}`);
    const pair = this.pairs.get(key);
    // A pair quiet for long enough starts over: its old failures are forgiven.
    const fresh = !pair || pair.last + this.settings.forgetAfterMs <= now;
    this.pairs.set(key, { failures: fresh ? 1 : pair.failures + 1, last: now });
    const recent = [...this.recentOf(address, now), now];
    this.addresses.set(address, recent);
    return {
      allowed: true,
      succeeded: () => {
        this.pairs.delete(key);
        const times = this.addresses.get(address);
        const i = times?.indexOf(now) ?? -1;
        if (times && i >= 0) times.splice(i, 1);
      },
    };
  }

  /** How many entries the limiter holds (both tables), for tests of its bound. */
  get size(): number {
    return this.pairs.size + this.addresses.size + this.refused.size;
  }
}

const pairKey = (user: string, address: string) => JSON.stringify([user, address]);

/**
 * Three free failures per user+address, then 1 s doubling to 15 min, forgotten after a quiet
 * day; twenty failures per address in a quarter of an hour; 10,000 entries per table (a few MB
 * at most).
 */
export const newLoginLimiter = (overrides: Partial<LimiterSettings> = {}) =>
  new LoginLimiter({
    freeFailures: 3,
    baseDelayMs: 1_000,
    maxDelayMs: 15 * 60_000,
    forgetAfterMs: 24 * 3_600_000,
    perAddress: 20,
    windowMs: 15 * 60_000,
    maxEntries: 10_000,
    ...overrides,
  });
