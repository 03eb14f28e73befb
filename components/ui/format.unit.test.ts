import { describe, expect, it } from "vitest";
import { formatBytes, formatTimestamp, orDash, yesNo } from "./format";

describe("format", () => {
  it("shows bytes in binary units", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 ** 3)).toBe("5.0 GiB");
  });
  it("keeps the existing helpers' behaviour", () => {
    expect(orDash("")).toBe("-");
    expect(formatTimestamp("2026-01-02T03:04:05.678Z")).toBe("2026-01-02 03:04:05 UTC");
    expect(yesNo(true)).toBe("Yes");
  });
});
