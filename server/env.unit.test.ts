import { describe, expect, it } from "vitest";
import { amphoraRenderSettings, parseEnv } from "./env";

describe("AMPHORA_THREADS", () => {
  it("is 1 unless set, and is the controller's nbthread", () => {
    expect(amphoraRenderSettings(parseEnv({}))).toMatchObject({ nbthread: 1 });
    expect(amphoraRenderSettings(parseEnv({ AMPHORA_THREADS: "8" }))).toMatchObject({ nbthread: 8 });
  });

  it.each(["0", "65", "two", "1.5"])("refuses %s at start", (value) => {
    expect(() => parseEnv({ AMPHORA_THREADS: value })).toThrow("AMPHORA_THREADS");
  });
});
