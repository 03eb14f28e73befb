import { describe, expect, it } from "vitest";
import { directives, fastestCheckMs, parseConfig, section } from "./config-parse";
import { renderConfig } from "./render";
import { id, listener, loadBalancer, monitor, pool, testPaths } from "./testing/models";

const TEXT = `# a comment before anything
global
    user haproxy
    # a comment inside
    stats socket /run/x.sock mode 600

defaults
    retries 3

frontend f1
    bind 127.0.0.1:80
    bind   127.0.0.2:80
    option forwardfor
    option   forwardfor-not-this
backend b1:f1
    server s1 127.0.0.1:8080 weight 1
`;

describe("parseConfig", () => {
  it("splits sections and keeps directives in order, whitespace normalised, comments dropped", () => {
    expect(parseConfig(TEXT)).toEqual([
      { kind: "global", name: "", lines: ["user haproxy", "stats socket /run/x.sock mode 600"] },
      { kind: "defaults", name: "", lines: ["retries 3"] },
      { kind: "frontend", name: "f1", lines: ["bind 127.0.0.1:80", "bind 127.0.0.2:80", "option forwardfor", "option forwardfor-not-this"] },
      { kind: "backend", name: "b1:f1", lines: ["server s1 127.0.0.1:8080 weight 1"] },
    ]);
  });

  it("finds one section and the directives starting with whole words", () => {
    const fe = section(parseConfig(TEXT), "frontend", "f1");
    expect(directives(fe, "bind")).toHaveLength(2);
    expect(directives(fe, "option forwardfor")).toEqual(["option forwardfor"]);
    expect(() => section(parseConfig(TEXT), "backend", "nope")).toThrow(/found 0/);
  });

  it("treats an unindented section keyword as a new section, which is how an injection would show", () => {
    const cfg = parseConfig("backend a\n    server x 1.2.3.4:80\nbackend evil\n    server y 6.6.6.6:80\n");
    expect(cfg.map((s) => s.name)).toEqual(["a", "evil"]);
  });

  it("refuses a directive before any section", () => {
    expect(() => parseConfig("    maxconn 10\n")).toThrow(/outside any section/);
  });
});

describe("fastestCheckMs", () => {
  it("is the shortest delay of the monitors the rendered config checks with, and Infinity without one", () => {
    const [p1, p2] = [id(), id()];
    const lb = loadBalancer({
      listeners: [listener({ protocol_port: 80, default_pool_id: p1 }), listener({ protocol_port: 81, default_pool_id: p2 })],
      pools: [pool({ id: p1, healthmonitor: monitor({ delay: 7 }) }), pool({ id: p2, healthmonitor: monitor({ delay: 3 }) })],
    });
    expect(fastestCheckMs(renderConfig(lb, testPaths(lb.id)))).toBe(3_000);
    const unchecked = loadBalancer({ listeners: [listener({ default_pool_id: p1 })], pools: [pool({ id: p1 })] });
    expect(fastestCheckMs(renderConfig(unchecked, testPaths(unchecked.id)))).toBe(Infinity);
  });
});
