import { describe, expect, it } from "vitest";
import { untilSettled } from "./until-settled";

describe("waiting for a load balancer to leave PENDING_*", () => {
  it("reads again as soon as the live feed says it changed, not only on the slow re-read", async () => {
    const statuses = ["PENDING_UPDATE", "ACTIVE"];
    let wake: () => void = () => {};
    let unsubscribed = false;
    const started = Date.now();
    const waiting = untilSettled({
      read: async () => statuses.shift() ?? "ACTIVE",
      onChange: (w) => {
        wake = w;
        return () => {
          unsubscribed = true;
        };
      },
      pollMs: 60_000,
    });
    setTimeout(() => wake(), 20);
    await expect(waiting).resolves.toBe("ACTIVE");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(unsubscribed).toBe(true);
  });

  it("re-reads on its own when no change is reported, and gives up after the timeout", async () => {
    let reads = 0;
    const none = () => () => {};
    await expect(untilSettled({ read: async () => (++reads < 3 ? "PENDING_UPDATE" : "ERROR"), onChange: none, pollMs: 5 })).resolves.toBe("ERROR");
    expect(reads).toBe(3);
    await expect(untilSettled({ read: async () => "PENDING_UPDATE", onChange: none, pollMs: 5, timeoutMs: 30 })).rejects.toThrow(
      /still PENDING_UPDATE/,
    );
  });
});
