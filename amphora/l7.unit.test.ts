import { describe, expect, it } from "vitest";
import { directives, parseConfig, section } from "./config-parse";
import { configWord, logFormatWord, regexProblem } from "./l7-values";
import type { L7PolicyModel, L7RuleModel, LoadBalancerModel } from "./model";
import { RenderError, renderConfig } from "./render";
import { id, listener, loadBalancer, pool, simpleLb, testPaths } from "./testing/models";

const rule = (over: Partial<L7RuleModel> = {}): L7RuleModel => ({
  id: id(),
  type: "PATH",
  compare_type: "STARTS_WITH",
  key: null,
  value: "/api",
  invert: false,
  admin_state_up: true,
  provisioning_status: "ACTIVE",
  ...over,
});

const policy = (over: Partial<L7PolicyModel> = {}): L7PolicyModel => ({
  id: id(),
  action: "REJECT",
  position: 1,
  redirect_pool_id: null,
  redirect_url: null,
  redirect_prefix: null,
  redirect_http_code: null,
  admin_state_up: true,
  provisioning_status: "ACTIVE",
  rules: [rule()],
  ...over,
});

function withPolicies(policies: L7PolicyModel[], extraPools = [pool()]): LoadBalancerModel {
  const { lb, listener: l } = simpleLb();
  l.l7policies = policies;
  lb.pools.push(...extraPools);
  return lb;
}

const frontendLines = (lb: LoadBalancerModel) => section(parseConfig(renderConfig(lb, testPaths(lb.id))), "frontend", lb.listeners[0]!.id).lines;

describe("L7 rendering (Octavia's ACL mapping)", () => {
  it("maps each rule type and compare type to its fetch and match, before default_backend", () => {
    const rules = [
      rule({ type: "HOST_NAME", compare_type: "EQUAL_TO", value: "www.example.com" }),
      rule({ type: "PATH", compare_type: "REGEX", value: "^/api/v[0-9]+$" }),
      rule({ type: "FILE_TYPE", compare_type: "EQUAL_TO", value: "jpg" }),
      rule({ type: "HEADER", key: "X-Env", compare_type: "CONTAINS", value: "prod" }),
      rule({ type: "COOKIE", key: "sid", compare_type: "ENDS_WITH", value: "z", invert: true }),
      rule({ type: "SSL_CONN_HAS_CERT", compare_type: "EQUAL_TO", value: "true" }),
      rule({ type: "SSL_VERIFY_RESULT", compare_type: "EQUAL_TO", value: "0" }),
      rule({ type: "SSL_DN_FIELD", key: "CN", compare_type: "STARTS_WITH", value: "client" }),
    ];
    const p = policy({ rules });
    const lb = withPolicies([p]);
    const lines = frontendLines(lb);
    const [h, pa, f, he, c, s1, s2, s3] = rules.map((r) => r.id);
    expect(lines.filter((l) => l.startsWith("acl "))).toEqual([
      `acl ${h} req.hdr(host) -i -m str -- www.example.com`,
      `acl ${pa} path -m reg -- ^/api/v[0-9]+$`,
      `acl ${f} path_end -- jpg`,
      `acl ${he} req.hdr(X-Env) -m sub -- prod`,
      `acl ${c} req.cook(sid) -m end -- z`,
      `acl ${s1} ssl_c_used`,
      `acl ${s2} ssl_c_verify eq 0`,
      `acl ${s3} ssl_c_s_dn(CN) -m beg -- client`,
    ]);
    expect(lines).toContain(`http-request set-var(txn.l7_policy) str(${p.id}) if !{ var(txn.l7_policy) -m found } ${h} ${pa} ${f} ${he} !${c} ${s1} ${s2} ${s3}`);
    expect(lines).toContain(`http-request deny if { var(txn.l7_policy) -m str ${p.id} }`);
    expect(lines.at(-1)).toMatch(/^default_backend /);
  });

  it("records the first matching policy by position, so position decides whatever the actions", () => {
    const target = pool();
    const second = policy({ position: 2, action: "REJECT" });
    const first = policy({ position: 1, action: "REDIRECT_TO_POOL", redirect_pool_id: target.id });
    const third = policy({ position: 3, action: "REDIRECT_TO_URL", redirect_url: "https://example.com/a?b=1&c=%41#top", redirect_http_code: 302 });
    const fourth = policy({ position: 4, action: "REDIRECT_PREFIX", redirect_prefix: "https://example.com", redirect_http_code: 308 });
    const lb = withPolicies([second, fourth, first, third], [target]);
    const lines = frontendLines(lb);
    expect(lines.filter((l) => l.startsWith("http-request set-var")).map((l) => l.match(/str\(([^)]+)\)/)?.[1])).toEqual([first.id, second.id, third.id, fourth.id]);
    expect(lines).toContain(`http-request redirect code 302 location https://example.com/a?b=1&c=%%41\\#top if { var(txn.l7_policy) -m str ${third.id} }`);
    expect(lines).toContain(`http-request redirect code 308 prefix https://example.com if { var(txn.l7_policy) -m str ${fourth.id} }`);
    const listenerId = lb.listeners[0]!.id;
    expect(lines).toContain(`use_backend ${target.id}:${listenerId} if { var(txn.l7_policy) -m str ${first.id} }`);
    // The redirect pool gets a backend of its own for this listener.
    expect(directives(section(parseConfig(renderConfig(lb, testPaths(lb.id))), "backend", `${target.id}:${listenerId}`), "server")).toHaveLength(1);
    // use_backend comes after every http-request rule (HAProxy runs them first anyway; no warning).
    expect(lines.findIndex((l) => l.startsWith("use_backend"))).toBeGreaterThan(lines.findLastIndex((l) => l.startsWith("http-request")));
  });

  it("leaves out disabled or deleted policies, disabled rules, policies without an enabled rule, and pools that are off", () => {
    const offPool = pool({ admin_state_up: false });
    const lb = withPolicies(
      [
        policy({ admin_state_up: false }),
        policy({ provisioning_status: "PENDING_DELETE" }),
        policy({ rules: [] }),
        policy({ rules: [rule({ admin_state_up: false }), rule({ provisioning_status: "PENDING_DELETE" })] }),
        policy({ action: "REDIRECT_TO_POOL", redirect_pool_id: offPool.id }),
      ],
      [offPool],
    );
    const lines = frontendLines(lb);
    expect(lines.filter((l) => l.startsWith("acl ") || l.startsWith("http-request set-var") || l.startsWith("use_backend"))).toEqual([]);
    const kept = policy({ rules: [rule({ admin_state_up: false }), rule()] });
    const keptLines = frontendLines(withPolicies([kept]));
    expect(keptLines.filter((l) => l.startsWith("acl "))).toEqual([`acl ${kept.rules[1]!.id} path -m beg -- /api`]);
  });

  it("renders nothing for a TCP listener's policies (the API refuses them there)", () => {
    const p = pool({ protocol: "TCP" });
    const l = listener({ protocol: "TCP", default_pool_id: p.id, l7policies: [policy()] });
    const lb = loadBalancer({ listeners: [l], pools: [p] });
    expect(section(parseConfig(renderConfig(lb, testPaths(lb.id))), "frontend", l.id).lines.some((x) => x.startsWith("acl"))).toBe(false);
  });
});

describe("hostile values", () => {
  it("escapes every character HAProxy's tokenizer treats specially, so a value stays one word", () => {
    expect(configWord(`a b#c'd"e\\f$g`)).toBe(`a\\ b\\#c\\'d\\"e\\\\f$g`);
    expect(logFormatWord("https://x/%41#y'z")).toBe("https://x/%%41\\#y\\'z");
    const hostile = rule({ type: "HEADER", key: "X-H", compare_type: "EQUAL_TO", value: `"a b # c ' \\ $HOME"` });
    const lines = frontendLines(withPolicies([policy({ rules: [hostile] })]));
    // The quoted header value form means the text inside the quotes.
    expect(lines).toContain(`acl ${hostile.id} req.hdr(X-H) -m str -- a\\ b\\ \\#\\ c\\ \\'\\ \\\\\\ $HOME`);
    const dash = rule({ value: "-i" });
    expect(frontendLines(withPolicies([policy({ rules: [dash] })]))).toContain(`acl ${dash.id} path -m beg -- -i`);
  });

  it.each([
    ["a newline in a value", rule({ value: "/a\n    bind :1" })],
    ["a carriage return in a value", rule({ value: "/a\r" })],
    ["a tab in a value", rule({ value: "/a\tb" })],
    ["a non-ASCII value", rule({ value: "/é" })],
    ["an empty value", rule({ value: "" })],
    ["a catastrophic regex", rule({ compare_type: "REGEX", value: "^(a+)+$" })],
    ["a regex with a backreference", rule({ compare_type: "REGEX", value: "(a)\\1" })],
    ["a key with a space", rule({ type: "HEADER", key: "X H", value: "v" })],
    ["a key with a comma", rule({ type: "HEADER", key: "X,1", value: "v" })],
    ["a key with a #", rule({ type: "COOKIE", key: "a#b", value: "v" })],
    ["a key with a parenthesis", rule({ type: "COOKIE", key: "a)", value: "v" })],
    ["a missing key", rule({ type: "HEADER", key: null, value: "v" })],
    ["a DN field that is not a name", rule({ type: "SSL_DN_FIELD", key: "C N", value: "v" })],
    ["a verify result that is not a number", rule({ type: "SSL_VERIFY_RESULT", compare_type: "EQUAL_TO", value: "0 || 1" })],
    ["a rule id that is not an id", rule({ id: "x y" })],
  ])("refuses %s", (_, bad) => {
    expect(() => frontendLines(withPolicies([policy({ rules: [bad] })]))).toThrow(RenderError);
  });

  it.each([
    ["a URL with a space", "https://a.example/a b"],
    ["a URL with a newline", "https://a.example/\nbind :1"],
    ["a URL with a quote", 'https://a.example/"'],
    ["a URL with a backslash", "https://a.example/\\"],
    ["a URL of another scheme", "javascript:alert(1)"],
  ])("refuses %s", (_, url) => {
    expect(() => frontendLines(withPolicies([policy({ action: "REDIRECT_TO_URL", redirect_url: url, redirect_http_code: 302 })]))).toThrow(RenderError);
  });

  it("refuses a redirect code that is not a redirect", () => {
    expect(() => frontendLines(withPolicies([policy({ action: "REDIRECT_TO_URL", redirect_url: "https://a.example", redirect_http_code: 200 })]))).toThrow(RenderError);
  });
});

describe("regexProblem", () => {
  it.each(["^/api", "^/v[0-9]{1,3}/", "\\.(?:jpg|png)$", "^a*?b$", "(?:ab)+", "[a-z]+\\d", "\\x41", "[\\]]"])("accepts %s", (re) => {
    expect(regexProblem(re)).toBeNull();
  });
  it.each([
    ["(a+)+", "repeated group"],
    ["(a*)*", "repeated group"],
    ["(?:a|ab)+", "repeated group"],
    ["((a)+)?", "repeated group"],
    ["(a)\\1", "backreferences"],
    ["a(?<=b)", "lookarounds"],
    ["(?<n>a)", "lookarounds"],
    ["[]", "empty character class"],
    ["\\u0041", "escape"],
    ["a{1001}", "counted repeat"],
    ["(", "Unterminated group"],
  ])("refuses %s", (re, message) => {
    expect(regexProblem(re)).toContain(message);
  });
});
