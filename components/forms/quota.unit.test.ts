import { describe, expect, it } from "vitest";
import { quotaExceeded } from "./quota";

describe("quotaExceeded", () => {
  it("is false when unlimited, whatever is used", () => {
    expect(quotaExceeded({ limit: -1, used: 0 })).toBe(false);
    expect(quotaExceeded({ limit: -1, used: 5000 })).toBe(false);
  });
  it("is true once the usage reaches the limit", () => {
    expect(quotaExceeded({ limit: 3, used: 2 })).toBe(false);
    expect(quotaExceeded({ limit: 3, used: 3 })).toBe(true);
    expect(quotaExceeded({ limit: 3, used: 4 })).toBe(true);
    expect(quotaExceeded({ limit: 0, used: 0 })).toBe(true);
  });
});
