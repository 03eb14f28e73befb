import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetQuotas, setQuotas } from "@/server/identity/quotas";
import type { TestWorld } from "@/server/testing/database";
import { countRows, expectRejection, markTreeActive, type Settle, webGraph, worldWithWebGraph } from "@/server/testing/fixtures";

// L7 policies and rules through createCaller: Octavia's rules and messages, accepted and
// rejected, positions, the status lock, cascades and graph create.

let w: TestWorld;
let lbId: string;
let poolId: string;
let listenerId: string;
let accepted: Settle;

beforeAll(async () => {
  ({ w, lbId, poolId, listenerId, accepted } = await worldWithWebGraph());
});
afterAll(() => w.close());

const reject = (over: Record<string, unknown> = {}) => ({ listener_id: listenerId, action: "REJECT" as const, ...over });
const rule = (l7policy_id: string, over: Record<string, unknown>) => ({ l7policy_id, type: "PATH", compare_type: "STARTS_WITH", value: "/api", ...over }) as never;

async function positions() {
  const { items } = await w.caller.l7Policy.list({ listener_id: listenerId, sort: "position:asc" });
  return items.map((p) => ({ id: p.id, position: p.position }));
}

async function deleteAllPolicies() {
  for (const p of (await w.caller.l7Policy.list({ listener_id: listenerId })).items) await accepted(w.caller.l7Policy.delete({ id: p.id }));
}

describe("L7 policy rules", () => {
  it("fills Octavia's defaults and resolves the action from the fields given", async () => {
    const url = await accepted(w.caller.l7Policy.create(reject({ action: "REDIRECT_TO_URL", redirect_url: "http://example.com/a?b=1&c=2" })));
    expect(url).toMatchObject({ action: "REDIRECT_TO_URL", redirect_http_code: 302, redirect_pool_id: null, position: 1, provisioning_status: "PENDING_CREATE", rules: [] });
    // REJECT with a prefix becomes REDIRECT_PREFIX (Octavia's precedence: pool > url > prefix).
    const prefix = await accepted(w.caller.l7Policy.create(reject({ redirect_prefix: "https://example.com", redirect_http_code: 308 })));
    expect(prefix).toMatchObject({ action: "REDIRECT_PREFIX", redirect_prefix: "https://example.com", redirect_http_code: 308, position: 2 });
    const pool = await accepted(w.caller.l7Policy.create(reject({ action: "REDIRECT_TO_POOL", redirect_pool_id: poolId, redirect_http_code: 301 })));
    expect(pool).toMatchObject({ action: "REDIRECT_TO_POOL", redirect_pool_id: poolId, redirect_http_code: null });
    const plain = await accepted(w.caller.l7Policy.create(reject({ redirect_url: null })));
    expect(plain).toMatchObject({ action: "REJECT", redirect_url: null, redirect_http_code: null, position: 4 });
    await deleteAllPolicies();
  });

  it.each([
    [{ action: "REDIRECT_TO_URL" }, "Invalid L7 Policy arguments: redirect_url must not be None"],
    [{ action: "REDIRECT_TO_POOL" }, "Invalid L7 Policy arguments: redirect_pool_id or redirect_pool must not be None"],
    [{ action: "REDIRECT_PREFIX" }, "Invalid L7 Policy arguments: redirect_prefix must not be None"],
    [
      { action: "REDIRECT_TO_POOL", redirect_pool_id: "00000000-0000-4000-8000-000000000001", redirect_url: "http://a.example" },
      "Invalid L7 Policy arguments: Cannot specify redirect_pool_id and redirect_url or redirect_prefix at the same time",
    ],
    [{ action: "REDIRECT_TO_URL", redirect_url: "ftp://example.com" }, "Value must be a valid URL string"],
    [{ action: "REDIRECT_TO_URL", redirect_url: "http://" }, "Value must be a valid URL string"],
    [{ action: "REDIRECT_TO_URL", redirect_url: "http://a.example/\nbind :1" }, "Value must be a valid URL string"],
    [{ action: "REDIRECT_TO_URL", redirect_url: "http://a.example/ #x" }, "Value must be a valid URL string"],
    [{ action: "REDIRECT_TO_URL", redirect_url: 'http://a.example/"' }, "Value must be a valid URL string"],
    [{ action: "REDIRECT_TO_URL", redirect_url: "http://a.example", redirect_http_code: 300 }, "redirect_http_code must be one of 301, 302, 303, 307, 308"],
    [{ action: "JUMP" }, "action must be one of REDIRECT_TO_POOL, REDIRECT_TO_URL, REDIRECT_PREFIX, REJECT"],
    [{ position: 0 }, "position must be between 1 and 2147483647"],
    [{ name: "x".repeat(256) }, "name must be at most 255 characters"],
  ])("rejects %j", async (over, message) => {
    await expectRejection(w.caller.l7Policy.create(reject(over) as never), "BAD_REQUEST", message);
  });

  it("takes policies on HTTP listeners only, and redirect pools of the same load balancer and a compatible protocol", async () => {
    const tcp = await accepted(w.caller.listener.create({ loadbalancer_id: lbId, protocol: "TCP", protocol_port: 7100 }));
    await expectRejection(
      w.caller.l7Policy.create(reject({ listener_id: tcp.id })),
      "BAD_REQUEST",
      "Provider 'amphora' does not support a requested option: TCP protocol listeners do not support L7 policies",
    );
    const tcpPool = await accepted(w.caller.pool.create({ listener_id: tcp.id, protocol: "TCP", lb_algorithm: "ROUND_ROBIN" }));
    await expectRejection(
      w.caller.l7Policy.create(reject({ action: "REDIRECT_TO_POOL", redirect_pool_id: tcpPool.id })),
      "BAD_REQUEST",
      "Validation failure: The pool protocol 'TCP' is invalid while the listener protocol is 'HTTP'.",
    );
    const other = await w.caller.loadBalancer.create(webGraph(w, { name: "other" }));
    await expectRejection(
      w.caller.l7Policy.create(reject({ action: "REDIRECT_TO_POOL", redirect_pool_id: other.pools[0]!.id })),
      "BAD_REQUEST",
      `is not on load balancer ${lbId}`,
    );
    await markTreeActive(w, other.id);
    await accepted(w.caller.listener.delete({ id: tcp.id }));
  });

  it("keeps positions 1..N: insert and move renumber the others, delete closes the gap", async () => {
    const a = await accepted(w.caller.l7Policy.create(reject({ name: "a" })));
    const b = await accepted(w.caller.l7Policy.create(reject({ name: "b" })));
    const c = await accepted(w.caller.l7Policy.create(reject({ name: "c", position: 1 })));
    expect(await positions()).toEqual([
      { id: c.id, position: 1 },
      { id: a.id, position: 2 },
      { id: b.id, position: 3 },
    ]);
    const far = await accepted(w.caller.l7Policy.create(reject({ name: "far", position: 99 })));
    expect(far.position).toBe(4);
    await accepted(w.caller.l7Policy.update({ id: b.id, position: 1 }));
    expect((await positions()).map((p) => p.id)).toEqual([b.id, c.id, a.id, far.id]);
    await accepted(w.caller.l7Policy.update({ id: b.id, position: 1000 }));
    expect((await positions()).map((p) => p.id)).toEqual([c.id, a.id, far.id, b.id]);
    await accepted(w.caller.l7Policy.delete({ id: a.id }));
    expect(await positions()).toEqual([
      { id: c.id, position: 1 },
      { id: far.id, position: 2 },
      { id: b.id, position: 3 },
    ]);
    await deleteAllPolicies();
  });

  it("updates: an empty update is refused, a new action takes its fields, the lock refuses a second change", async () => {
    const p = await accepted(w.caller.l7Policy.create(reject()));
    await expectRejection(w.caller.l7Policy.update({ id: p.id }), "BAD_REQUEST", "Invalid update options");
    await expectRejection(w.caller.l7Policy.update({ id: p.id, action: "REDIRECT_TO_URL" }), "BAD_REQUEST", "redirect_url must not be None");
    await expectRejection(w.caller.l7Policy.update({ id: p.id, listener_id: listenerId } as never), "BAD_REQUEST", "listener_id cannot be changed after creation");
    const moved = await w.caller.l7Policy.update({ id: p.id, action: "REDIRECT_TO_URL", redirect_url: "https://a.example/x" });
    expect(moved).toMatchObject({ action: "REDIRECT_TO_URL", redirect_http_code: 302, provisioning_status: "PENDING_UPDATE" });
    expect((await w.caller.listener.get({ id: listenerId })).provisioning_status).toBe("PENDING_UPDATE");
    await expectRejection(w.caller.l7Policy.update({ id: p.id, name: "again" }), "CONFLICT", `Load Balancer ${lbId} is immutable`);
    await markTreeActive(w, lbId);
    const back = await accepted(w.caller.l7Policy.update({ id: p.id, redirect_http_code: 307 }));
    expect(back).toMatchObject({ action: "REDIRECT_TO_URL", redirect_url: "https://a.example/x", redirect_http_code: 307 });
    await deleteAllPolicies();
  });

  it("refuses to delete a pool a policy redirects to", async () => {
    const p = await accepted(w.caller.l7Policy.create(reject({ action: "REDIRECT_TO_POOL", redirect_pool_id: poolId })));
    await expectRejection(w.caller.pool.delete({ id: poolId }), "CONFLICT", `Pool ${poolId} is in use by L7 policy ${p.id}`);
    await deleteAllPolicies();
  });

  it("answers another project's policy as not found", async () => {
    const p = await accepted(w.caller.l7Policy.create(reject()));
    const alt = await w.otherProject();
    await expectRejection(alt.l7Policy.get({ id: p.id }), "NOT_FOUND", `L7 Policy ${p.id} not found.`);
    await expectRejection(alt.l7Rule.create(rule(p.id, {})), "NOT_FOUND", `L7 Policy ${p.id} not found.`);
    await deleteAllPolicies();
  });
});

describe("L7 rule rules", () => {
  let policyId: string;
  beforeAll(async () => {
    policyId = (await accepted(w.caller.l7Policy.create(reject({ name: "rules" })))).id;
  });

  it.each([
    [{ type: "HEADER", key: undefined, value: "x" }, "Error parsing L7Rule: Invalid L7 Rule: L7 rule type requires a key"],
    [{ type: "COOKIE", value: "x" }, "Error parsing L7Rule: Invalid L7 Rule: L7 rule type requires a key"],
    [{ type: "HEADER", key: "X Bad", value: "x" }, "Error parsing L7Rule: Invalid characters in key"],
    [{ type: "HEADER", key: "X#Bad", value: "x" }, "Error parsing L7Rule: Invalid characters in key"],
    [{ type: "HEADER", key: "X-Ok", value: "a b" }, "Error parsing L7Rule: Invalid characters in header value"],
    [{ type: "COOKIE", key: "sid", value: "a;b" }, "Error parsing L7Rule: Invalid characters in cookie value"],
    [{ type: "PATH", value: "/a b" }, "Error parsing L7Rule: Invalid characters in comparison value"],
    [{ type: "PATH", value: "" }, "Error parsing L7Rule: Invalid L7 Rule: L7 rule type requires a value"],
    [{ type: "PATH", value: "/a\nacl x" }, "value must be a single line"],
    [{ type: "FILE_TYPE", compare_type: "STARTS_WITH", value: "jpg" }, "Error parsing L7Rule: Invalid L7 Rule: invalid comparison type for rule type"],
    [{ compare_type: "REGEX", value: "(unclosed" }, "Error parsing L7Rule: Unable to parse regular expression: "],
    [{ compare_type: "REGEX", value: "^(a+)+$" }, "a repeated group may not contain a quantifier or an alternation"],
    [{ compare_type: "REGEX", value: "^(a|aa)*$" }, "a repeated group may not contain a quantifier or an alternation"],
    [{ compare_type: "REGEX", value: "(a)\\1" }, "backreferences are not supported"],
    [{ compare_type: "REGEX", value: "a(?=b)" }, "lookarounds and named groups are not supported"],
    [{ compare_type: "REGEX", value: "a{5000}" }, "a counted repeat may not exceed 1000"],
    [{ type: "SSL_CONN_HAS_CERT", compare_type: "EQUAL_TO", key: "k", value: "true" }, 'Invalid L7 Rule: L7rule type SSL_CONN_HAS_CERT does not use the "key" field.'],
    [{ type: "SSL_CONN_HAS_CERT", compare_type: "EQUAL_TO", value: "yes" }, "Invalid L7 Rule: L7rule value yes is not a boolean True string."],
    [{ type: "SSL_CONN_HAS_CERT", compare_type: "REGEX", value: "True" }, "Invalid L7 Rule: L7rule type SSL_CONN_HAS_CERT only supports the EQUAL_TO compare type."],
    [{ type: "SSL_VERIFY_RESULT", compare_type: "EQUAL_TO", value: "-1" }, "Invalid L7 Rule: L7rule type SSL_VERIFY_RESULT needs a int value, which is >= 0"],
    [{ type: "SSL_DN_FIELD", compare_type: "EQUAL_TO", value: "x" }, "Invalid L7 Rule: L7rule type SSL_DN_FIELD needs to specify a key and a value."],
    [{ type: "SSL_DN_FIELD", compare_type: "EQUAL_TO", key: "1CN", value: "x" }, "Invalid L7 Rule: Invalid L7rule distinguished name field."],
    [{ type: "URL" }, "type must be one of HOST_NAME, PATH, FILE_TYPE, HEADER, COOKIE, SSL_CONN_HAS_CERT, SSL_VERIFY_RESULT, SSL_DN_FIELD"],
    [{ compare_type: "LIKE" }, "compare_type must be one of REGEX, STARTS_WITH, ENDS_WITH, CONTAINS, EQUAL_TO"],
  ])("rejects %j", async (over, message) => {
    await expectRejection(w.caller.l7Rule.create(rule(policyId, over)), "BAD_REQUEST", message);
  });

  it.each([
    [{ type: "HOST_NAME", compare_type: "EQUAL_TO", value: "www.example.com" }],
    [{ type: "HEADER", key: "X-Quoted", compare_type: "EQUAL_TO", value: '"a b #c"' }],
    [{ type: "HEADER", key: "X-Chars", compare_type: "CONTAINS", value: "a#b'c\\d$e" }],
    [{ type: "COOKIE", key: "sid", compare_type: "ENDS_WITH", value: "abc" }],
    [{ type: "FILE_TYPE", compare_type: "EQUAL_TO", value: "jpg" }],
    [{ type: "PATH", compare_type: "REGEX", value: "^/api/v[0-9]+/(?:users|groups)$" }],
    [{ type: "SSL_CONN_HAS_CERT", compare_type: "EQUAL_TO", value: "TRUE" }],
    [{ type: "SSL_VERIFY_RESULT", compare_type: "EQUAL_TO", value: "0" }],
    [{ type: "SSL_DN_FIELD", compare_type: "STARTS_WITH", key: "CN", value: "client" }],
  ])("accepts %j and locks the policy, listener and load balancer", async (over) => {
    const r = await w.caller.l7Rule.create(rule(policyId, { invert: true, ...over }));
    expect(r).toMatchObject({ ...over, invert: true, provisioning_status: "PENDING_CREATE", l7policy_id: policyId });
    expect((await w.caller.l7Policy.get({ id: policyId })).provisioning_status).toBe("PENDING_UPDATE");
    expect((await w.caller.loadBalancer.get({ id: lbId })).provisioning_status).toBe("PENDING_UPDATE");
    await markTreeActive(w, lbId);
    await accepted(w.caller.l7Rule.delete({ l7policy_id: policyId, id: r.id }));
  });

  it("validates an update against the stored rule merged with the change", async () => {
    const r = await accepted(w.caller.l7Rule.create(rule(policyId, { type: "HEADER", key: "X-A", compare_type: "EQUAL_TO", value: "v" })));
    await expectRejection(w.caller.l7Rule.update({ id: r.id, key: null }), "BAD_REQUEST", "Invalid L7 Rule: L7 rule type requires a key");
    await expectRejection(w.caller.l7Rule.update({ id: r.id, type: "FILE_TYPE", compare_type: "CONTAINS" }), "BAD_REQUEST", "invalid comparison type for rule type");
    await expectRejection(w.caller.l7Rule.update({ id: r.id }), "BAD_REQUEST", "Invalid update options");
    const changed = await accepted(w.caller.l7Rule.update({ id: r.id, value: "w", invert: true }));
    expect(changed).toMatchObject({ key: "X-A", value: "w", invert: true });
    const reset = await accepted(w.caller.l7Rule.update({ id: r.id, invert: null }));
    expect(reset.invert).toBe(false);
    const other = await accepted(w.caller.l7Policy.create(reject({ name: "other" })));
    await expectRejection(w.caller.l7Rule.get({ l7policy_id: other.id, id: r.id }), "NOT_FOUND", `L7 Rule ${r.id} not found.`);
    expect((await w.caller.l7Rule.list({ l7policy_id: policyId })).items.map((x) => x.id)).toEqual([r.id]);
    expect((await w.caller.l7Policy.get({ id: policyId })).rules).toEqual([{ id: r.id }]);
    await accepted(w.caller.l7Policy.delete({ id: other.id }));
    await accepted(w.caller.l7Rule.delete({ id: r.id }));
  });

  it("allows at most 50 rules on a policy (Octavia's 409)", async () => {
    const p = await accepted(w.caller.l7Policy.create(reject({ rules: Array.from({ length: 50 }, (_, i) => ({ type: "PATH", compare_type: "EQUAL_TO", value: `/r${i}` })) })));
    expect(p.rules).toHaveLength(50);
    await expectRejection(w.caller.l7Rule.create(rule(p.id, {})), "CONFLICT", `Too many rules on L7 policy ${p.id}`);
    await accepted(w.caller.l7Policy.delete({ id: p.id }));
  });

  it("counts policies and rules against the project's quotas", async () => {
    await setQuotas(w.db, w.projectId, { l7rule: 0 });
    try {
      await expectRejection(w.caller.l7Rule.create(rule(policyId, {})), "FORBIDDEN", "Quota has been met for resources: L7 Rule");
      await setQuotas(w.db, w.projectId, { l7rule: null, l7policy: 0 });
      await expectRejection(w.caller.l7Policy.create(reject()), "FORBIDDEN", "Quota has been met for resources: L7 Policy");
    } finally {
      await resetQuotas(w.db, w.projectId);
    }
  });
});

describe("L7 in graph create, cascades and the status tree", () => {
  const graph = (protocol: "HTTP" | "TCP", rules: unknown[]) =>
    webGraph(w, {
      name: "l7-graph",
      listeners: [
        {
          protocol,
          protocol_port: 8000,
          l7policies: [
            { action: "REDIRECT_TO_URL", redirect_url: "https://example.com/", rules },
            { action: "REJECT", position: 1, rules: [{ type: "HEADER", key: "X-Block", compare_type: "EQUAL_TO", value: "1" }] },
          ],
        },
      ],
    });
  const pathRule = { type: "PATH", compare_type: "STARTS_WITH", value: "/old" };

  it("creates a listener's policies and rules in the same transaction, in position order", async () => {
    const lb = await w.caller.loadBalancer.create(graph("HTTP", [pathRule]) as never);
    const listener = lb.listeners[0]!;
    const { items } = await w.caller.l7Policy.list({ listener_id: listener.id, sort: "position" });
    expect(items.map((p) => [p.action, p.position, p.rules.length])).toEqual([
      ["REJECT", 1, 1],
      ["REDIRECT_TO_URL", 2, 1],
    ]);
    const tree = await w.caller.loadBalancer.statusTree({ id: lb.id });
    expect(tree.loadbalancer.listeners[0]!.l7policies).toMatchObject([
      { id: items[0]!.id, action: "REJECT", provisioning_status: "PENDING_CREATE", rules: [{ type: "HEADER", provisioning_status: "PENDING_CREATE" }] },
      { id: items[1]!.id, action: "REDIRECT_TO_URL" },
    ]);
    await markTreeActive(w, lb.id);
    // Deleting the listener takes its policies and rules with it.
    await w.caller.listener.delete({ id: listener.id });
    const policy = await w.caller.l7Policy.get({ id: items[0]!.id });
    expect(policy.provisioning_status).toBe("PENDING_DELETE");
    const [ruleRef] = policy.rules;
    expect((await w.caller.l7Rule.get({ id: ruleRef!.id })).provisioning_status).toBe("PENDING_DELETE");
    await markTreeActive(w, lb.id);
    await expectRejection(w.caller.l7Policy.get({ id: items[0]!.id }), "NOT_FOUND", "not found");
    await w.caller.loadBalancer.delete({ id: lb.id, cascade: true });
  });

  it("leaves nothing behind when a policy or rule of the graph is refused", async () => {
    const before = await countRows(w);
    await expectRejection(w.caller.loadBalancer.create(graph("TCP", [pathRule]) as never), "BAD_REQUEST", "TCP protocol listeners do not support L7 policies");
    const many = Array.from({ length: 51 }, () => pathRule);
    await expectRejection(w.caller.loadBalancer.create(graph("HTTP", many) as never), "CONFLICT", "Too many rules on L7 policy");
    await expectRejection(
      w.caller.loadBalancer.create(graph("HTTP", [{ type: "HEADER", compare_type: "EQUAL_TO", value: "x" }]) as never),
      "BAD_REQUEST",
      "L7 rule type requires a key",
    );
    expect(await countRows(w)).toEqual(before);
    expect((await w.caller.l7Policy.list({ name: "never" })).items).toEqual([]);
  });
});
