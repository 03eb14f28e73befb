import { describe, expect, it } from "vitest";
import { newLoginLimiter } from "@/server/identity/login-limiter";

// The login limiter's rules on a clock of the test's own: a delay per user+address that doubles
// up to a cap, a cap per address, reservations taken before the password is checked, bounded
// memory.

const fail = (limiter: ReturnType<typeof newLoginLimiter>, user: string, address: string, now: number) => {
  const r = limiter.reserve(user, address, now);
  if (!r.allowed) throw new Error(`refused at ${now}: wait ${r.retryAfterMs}`);
};

describe("the login limiter", () => {
  it("lets three failures of a user+address pair go free, then makes each wait twice as long, up to the cap", () => {
    const limiter = newLoginLimiter({ baseDelayMs: 1_000, maxDelayMs: 8_000 });
    let now = 1_000_000;
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      fail(limiter, "admin", "198.51.100.1", now);
      waits.push(limiter.retryAfterMs("admin", "198.51.100.1", now));
      now += waits.at(-1)!;
    }
    expect(waits).toEqual([0, 0, 0, 1_000, 2_000, 4_000, 8_000]);
    fail(limiter, "admin", "198.51.100.1", now);
    expect(limiter.retryAfterMs("admin", "198.51.100.1", now)).toBe(8_000);
  });

  it("does not let a stranger's failures lock the user out from another address", () => {
    const limiter = newLoginLimiter();
    const now = 2_000_000;
    for (let i = 0; i < 6; i++) limiter.reserve("admin", "203.0.113.66", now);
    expect(limiter.retryAfterMs("admin", "203.0.113.66", now)).toBeGreaterThan(0);
    expect(limiter.reserve("admin", "198.51.100.2", now)).toMatchObject({ allowed: true });
  });

  it("caps the failures of one address whatever the user names, until they leave the window", () => {
    const limiter = newLoginLimiter({ perAddress: 5, windowMs: 60_000 });
    const now = 3_000_000;
    for (let i = 0; i < 5; i++) fail(limiter, `random-${i}`, "203.0.113.9", now + i);
    expect(limiter.reserve("someone-new", "203.0.113.9", now + 10)).toEqual({ allowed: false, retryAfterMs: 60_000 - 10, first: true });
    // Only the first refusal of the series is marked for the record, whatever names follow.
    expect(limiter.reserve("someone-else", "203.0.113.9", now + 11)).toMatchObject({ allowed: false, first: false });
    expect(limiter.reserve("someone-new", "203.0.113.10", now + 10)).toMatchObject({ allowed: true });
    expect(limiter.reserve("someone-new", "203.0.113.9", now + 60_001)).toMatchObject({ allowed: true });
  });

  it("counts an attempt when it is reserved, so concurrent guesses cannot all pass the check", () => {
    const limiter = newLoginLimiter({ perAddress: 3 });
    const now = 4_000_000;
    // Three attempts in flight at once (none has reported back): the fourth is refused.
    const inFlight = [0, 1, 2].map((i) => limiter.reserve(`user-${i}`, "203.0.113.20", now));
    expect(inFlight.every((r) => r.allowed)).toBe(true);
    expect(limiter.reserve("user-3", "203.0.113.20", now).allowed).toBe(false);
    // One of them was right: its attempt is refunded, and the pair is forgotten.
    const first = inFlight[0]!;
    if (first.allowed) first.succeeded();
    expect(limiter.reserve("user-3", "203.0.113.20", now).allowed).toBe(true);
  });

  it("keeps a bounded number of entries, dropping the least recently touched", () => {
    const limiter = newLoginLimiter({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) limiter.reserve(`user-${i}`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 5_000_000);
    expect(limiter.size).toBeLessThanOrEqual(300);
    // The newest are still counted.
    for (let i = 0; i < 3; i++) limiter.reserve("user-9999", "10.0.39.15", 5_000_000);
    expect(limiter.retryAfterMs("user-9999", "10.0.39.15", 5_000_000)).toBeGreaterThan(0);
  });
});
