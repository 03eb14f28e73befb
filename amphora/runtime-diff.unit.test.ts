import { describe, expect, it } from "vitest";
import { runtimeChanges } from "./runtime-diff";

const B = "11111111-1111-1111-1111-111111111111:22222222-2222-2222-2222-222222222222";
const S = "33333333-3333-3333-3333-333333333333";
const config = (server: string, extra = "") => `global\n    maxconn 100\nbackend ${B}\n    balance roundrobin\n${extra}    ${server}\n`;

describe("runtimeChanges", () => {
  it("turns a weight change into one set-weight command", () => {
    expect(runtimeChanges(config(`server ${S} 127.0.0.1:80 weight 1 check`), config(`server ${S} 127.0.0.1:80 weight 5 check`))).toEqual([
      { backend: B, server: S, weight: 5 },
    ]);
  });

  it("turns disabling and enabling into maint and ready", () => {
    const on = config(`server ${S} 127.0.0.1:80 weight 1 check`);
    const off = config(`server ${S} 127.0.0.1:80 weight 1 check disabled`);
    expect(runtimeChanges(on, off)).toEqual([{ backend: B, server: S, state: "maint" }]);
    expect(runtimeChanges(off, on)).toEqual([{ backend: B, server: S, state: "ready" }]);
  });

  it("answers an empty list for identical configs", () => {
    const c = config(`server ${S} 127.0.0.1:80 weight 1`);
    expect(runtimeChanges(c, c)).toEqual([]);
  });

  it("refuses anything else: a new server, another address, another option", () => {
    const base = config(`server ${S} 127.0.0.1:80 weight 1 check`);
    expect(runtimeChanges(base, config(`server ${S} 127.0.0.1:80 weight 1 check`, `    server x 127.0.0.2:80 weight 1\n`))).toBeNull();
    expect(runtimeChanges(base, config(`server ${S} 127.0.0.2:80 weight 1 check`))).toBeNull();
    expect(runtimeChanges(base, config(`server ${S} 127.0.0.1:80 weight 1 check backup`))).toBeNull();
    expect(runtimeChanges(base, base.replace("roundrobin", "leastconn"))).toBeNull();
  });
});
