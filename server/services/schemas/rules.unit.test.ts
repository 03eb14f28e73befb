import { describe, expect, it } from "vitest";
import { POOL_PROTOCOLS, type PoolProtocol } from "./enums";
import { expectedCodesRule, monitorTypeRule, poolProtocolRule, sessionPersistenceRule, urlPathRule } from "./rules";

describe("Octavia's pure rules", () => {
  it("implements the listener -> pool protocol table", () => {
    const allowed = (listener: Parameters<typeof poolProtocolRule>[0]) =>
      POOL_PROTOCOLS.filter((p: PoolProtocol) => poolProtocolRule(listener, p) === null);
    expect(allowed("TCP")).toEqual(["HTTP", "HTTPS", "TCP", "PROXY", "PROXYV2"]);
    expect(allowed("HTTP")).toEqual(["HTTP", "PROXY", "PROXYV2"]);
    expect(allowed("HTTPS")).toEqual(["HTTPS", "TCP", "PROXY", "PROXYV2"]);
    expect(allowed("TERMINATED_HTTPS")).toEqual(["HTTP", "PROXY", "PROXYV2"]);
    expect(allowed("UDP")).toEqual(["UDP"]);
    expect(allowed("SCTP")).toEqual(["SCTP"]);
  });

  it.each(["/", "/healthz", "/a/b?x=1&y=2", "/%20ok", "/~user/index.html"])("accepts url_path %s", (p) => {
    expect(urlPathRule(p)).toBeNull();
  });
  it.each(["", "health", "//evil.example/", "http://x/", "/a b", "/a\tb", "/a\nb", '/a"b', "/a#b", "/%zz", "/a'b"])(
    "rejects url_path %j",
    (p) => {
      expect(urlPathRule(p)).toBe("Value must be a valid URL Path string");
    },
  );

  it.each(["200", "200,202,204", "200-204", "500"])("accepts expected_codes %s", (c) => expect(expectedCodesRule(c)).toBeNull());
  it.each(["2xx", "20", "2000", "200,", "200-", "200 ", "600", "200-204,206", "200;201"])("rejects expected_codes %j", (c) =>
    expect(expectedCodesRule(c)).not.toBeNull(),
  );

  it("keeps UDP-CONNECT and SCTP monitors on UDP/SCTP pools", () => {
    expect(monitorTypeRule("UDP", "UDP-CONNECT")).toBeNull();
    expect(monitorTypeRule("HTTP", "UDP-CONNECT")).toMatch(/only valid for UDP and SCTP pools/);
    expect(monitorTypeRule("UDP", "HTTPS")).toMatch(/must be one of UDP-CONNECT, SCTP, TCP, HTTP/);
  });

  it("checks cookie names as RFC 6265 tokens", () => {
    expect(sessionPersistenceRule("HTTP", { type: "APP_COOKIE", cookie_name: "JSESSIONID" })).toBeNull();
    for (const bad of ["a b", 'a"b', "a(b", "a,b", "a/b", "a:b", "a;b", "a<b", "a=b", "a?b", "a@b", "a[b", "a\\b", "a{b", "a\nb"]) {
      expect(sessionPersistenceRule("HTTP", { type: "APP_COOKIE", cookie_name: bad })?.message).toBe('Supplied "cookie_name" is invalid.');
    }
  });
});
