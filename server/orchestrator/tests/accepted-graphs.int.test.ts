import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { amphoraPaths } from "@/amphora/layout";
import { renderConfig } from "@/amphora/render";
import { tlsFiles, writeTlsFiles } from "@/amphora/tls";
import { loadTree } from "@/server/orchestrator/tree";
import { l7PolicySpec } from "@/server/services/schemas/l7";
import { loadBalancerCreateInput } from "@/server/services/schemas/loadBalancer";
import { arbitraryOf, validOf } from "@/server/testing/arbitraries";
import { pemBundle, testCa } from "@/server/testing/certificates";
import { type TestWorld, testWorld } from "@/server/testing/database";

// Whatever the API accepts, the amphora must apply. Random graphs built from the create
// schema itself (every protocol, algorithm, persistence type, monitor type and listener option)
// go through the real service. A graph it refuses must be refused as the caller's mistake (never
// an internal error); a graph it accepts must render and pass `haproxy -c` with no warning, or
// it would go to ERROR after the user was told "Success".

const RUNS = Number(process.env.ACCEPTED_GRAPH_RUNS ?? 100);

// An operator may allow PING monitors; whatever the API then accepts must render too (their
// external check needs directives of its own), so this file runs as such a deployment. The
// setting is read once per process, before any service call.
vi.stubEnv("ALLOW_PING_HEALTH_MONITORS", "1");

let w: TestWorld;
const baseDir = fs.mkdtempSync(path.join(inject("amphoraRoot") ?? os.tmpdir(), "gen-"));

/** secret_refs the TLS fields pick from: a certificate with its key, another for SNI, a CA. */
const refs = { cert: "", sni: "", ca: "" };

beforeAll(async () => {
  w = await testWorld();
  const ca = testCa("Accepted Graphs CA");
  const upload = async (payload: string) => (await w.caller.secret.create({ payload, payload_content_type: "text/plain" })).secret_ref;
  refs.cert = await upload(pemBundle(ca.issue({ cn: "www.example.test", sans: ["www.example.test"] })));
  refs.sni = await upload(pemBundle(ca.issue({ cn: "api.example.test", sans: ["api.example.test"] })));
  refs.ca = await upload(ca.cert);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await w?.close();
  fs.rmSync(baseDir, { recursive: true, force: true });
});

/** Mostly absent: options that only some protocols or types take would otherwise refuse most graphs. */
const seldom = (arb: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });

function graphs(world: TestWorld) {
  // Monitor addresses are hosts of the project's own subnet (not its gateway .1): members may only be there.
  const selfserviceHost = fc.integer({ min: 2, max: 254 }).map((host) => world.selfservice.cidr.replace(/0\/24$/, String(host)));
  const listener = loadBalancerCreateInput.shape.listeners.unwrap().element;
  const fieldOf = (schema: { shape: Record<string, unknown> }, key: string) => arbitraryOf(schema.shape[key] as never);
  const overrides = {
    name: fc.constantFrom(undefined, "", "web"),
    description: fc.constant(undefined),
    tags: fc.constant(undefined),
    protocol_port: fc.constantFrom(80, 443, 8080, 3306),
    insert_headers: seldom(fieldOf(listener, "insert_headers")),
    // Members are the seeded instances, as the dashboard offers them; their subnet is found.
    address: fc.constantFrom(world.web1.fixed_ip, world.web2.fixed_ip),
    subnet_id: fc.constant(undefined),
    monitor_address: fc.option(selfserviceHost, { nil: undefined }),
    http_method: seldom(fc.constantFrom("GET", "HEAD", "POST", "OPTIONS")),
    url_path: seldom(fc.constantFrom(null, "/", "/healthz", "/a/b?x=1&y=%41")),
    expected_codes: seldom(fc.constantFrom(null, "200", "200,202", "200-204")),
    http_version: seldom(fc.constantFrom(null, "1.0", "1.1")),
    domain_name: seldom(fc.constantFrom(null, "example.com")),
    cookie_name: fc.constantFrom(undefined, null, "", "JSESSIONID", "sid"),
    // TLS: the key manager's refs made in beforeAll (no CRL: one would need its own CA tooling).
    default_tls_container_ref: fc.constantFrom(undefined, refs.cert),
    sni_container_refs: seldom(fc.constant([refs.sni])),
    client_ca_tls_container_ref: seldom(fc.constant(refs.ca)),
    client_crl_container_ref: fc.constant(undefined),
    tls_container_ref: seldom(fc.constant(refs.cert)),
    ca_tls_container_ref: seldom(fc.constant(refs.ca)),
    crl_container_ref: fc.constant(undefined),
    tls_versions: seldom(fc.constantFrom(null, ["TLSv1.2"], ["TLSv1.3"], ["TLSv1.1", "TLSv1.2"], ["TLSv1.2", "TLSv1.3"])),
    tls_ciphers: seldom(fc.constantFrom(null, "ECDHE-RSA-AES128-GCM-SHA256", "HIGH:!aNULL:!MD5")),
    alpn_protocols: seldom(fc.constantFrom(null, ["h2"], ["http/1.1", "http/1.0"], ["h2", "http/1.1", "http/1.0"])),
  };
  // L7 rules and policies, with values that need escaping (or must be refused) in the config.
  // Each rule, policy and listener is drawn valid by its own schema (validOf): a graph filtered
  // whole would be thrown away whenever one of them broke a cross-field rule, which left almost
  // no graph with L7 policies.
  const rule = validOf(l7PolicySpec.shape.rules.unwrap().element, {
    ...overrides,
    key: fc.constantFrom(undefined, null, "X-Env", "sid", "CN", "x!$%&*+-.^_`|~"),
    value: fc.constantFrom("/api", "jpg", "true", "TRUE", "0", "-i", '"a b # c \\ $HOME"', "a#b'c\\d$e", "^/v[0-9]{1,3}/(?:a|b)$", "(a+)+", "\\.(jpg|png)$"),
  });
  const policies = fc.array(
    validOf(l7PolicySpec, {
      ...overrides,
      redirect_pool_id: fc.constant(undefined), // the graph's pools have no ids yet
      redirect_url: fc.constantFrom(undefined, null, "http://example.com", "https://a.example/x?y=1&z=%41#frag'q"),
      redirect_prefix: fc.constantFrom(undefined, null, "https://b.example"),
      // Mostly some rules: a policy without any matches every request, which says little.
      rules: fc.option(fc.array(rule, { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 5 }),
    }),
    { minLength: 1, maxLength: 3 },
  );
  const anyListener = validOf(listener, { ...overrides, l7policies: seldom(policies) });
  // A protocol drawn from all seven would seldom be one that takes L7 policies (and TLS
  // termination), so three listeners in five are HTTP or TERMINATED_HTTPS, most with policies.
  const webListener = fc
    .tuple(arbitraryOf(listener, { ...overrides, l7policies: fc.option(policies, { nil: undefined, freq: 4 }) }), fc.constantFrom("HTTP", "TERMINATED_HTTPS"))
    .map(([spec, protocol]) => ({ ...(spec as object), protocol }))
    .filter((spec) => listener.safeParse(spec).success);
  return fc
    .record({
      graph: arbitraryOf(loadBalancerCreateInput, {
        ...overrides,
        vip_subnet_id: fc.constant(undefined), // set below: every graph needs it
        vip_network_id: fc.constant(undefined),
        vip_address: fc.constant(undefined),
        availability_zone: fc.constant(undefined), // placement, not rendering: any host will do
        flavor_id: fc.constant(undefined), // the topology, not rendering: the default is SINGLE
        listeners: fc.array(fc.oneof({ arbitrary: anyListener, weight: 2 }, { arbitrary: webListener, weight: 3 }), { minLength: 1, maxLength: 2 }),
      }),
    })
    .map(({ graph }) => ({ ...(graph as object), vip_subnet_id: world.selfservice.id }))
    .filter((graph) => loadBalancerCreateInput.safeParse(graph).success);
}

/** What the tally reads of a generated graph. */
type Graph = { listeners?: { l7policies?: { rules?: unknown[] }[] }[] };

async function haproxyCheck(lbId: string): Promise<string> {
  const tree = await loadTree(w.db, lbId);
  if (!tree) throw new Error(`load balancer ${lbId} vanished`);
  const paths = amphoraPaths(baseDir, lbId);
  // The options production renders with (server/runtime.ts), the health log included.
  const text = renderConfig(tree.model, paths, { healthLog: "/run/lbaas/health-log.sock" });
  fs.mkdirSync(paths.dir, { recursive: true });
  await writeTlsFiles(paths, tlsFiles(tree.model, paths));
  fs.writeFileSync(paths.config, text);
  fs.writeFileSync(paths.serverStateFile, "1\n");
  const result = await execa("/usr/sbin/haproxy", ["-c", "-f", paths.config], { reject: false, all: true });
  return `exit ${result.exitCode}\n${result.all}\n--- config ---\n${text}`;
}

describe("every graph the API accepts", () => {
  it("renders and passes haproxy -c without a warning", { timeout: 600_000 }, async () => {
    const tally = { accepted: 0, refused: 0, withL7: 0, withRules: 0, withTls: 0, withPing: 0 };
    await fc.assert(
      fc.asyncProperty(graphs(w), async (input) => {
        let lbId: string;
        try {
          lbId = (await w.caller.loadBalancer.create(input as never)).id;
        } catch (err) {
          const code = (err as { code?: string }).code;
          expect(["BAD_REQUEST", "CONFLICT"], `refused with ${code}: ${(err as Error).message}`).toContain(code);
          tally.refused++;
          return;
        }
        tally.accepted++;
        const policies = ((input as Graph).listeners ?? []).flatMap((l) => l.l7policies ?? []);
        if (policies.length > 0) tally.withL7++;
        if (policies.some((p) => p.rules?.length)) tally.withRules++;
        if (JSON.stringify(input).includes("/key-manager/")) tally.withTls++;
        if (JSON.stringify(input).includes('"type":"PING"')) tally.withPing++;
        const check = await haproxyCheck(lbId);
        expect(check).toMatch(/^exit 0\n/);
        expect(check).not.toMatch(/\[(WARNING|ALERT)\]/);
      }),
      { numRuns: RUNS, maxSkipsPerRun: 1_000 },
    );
    const share = (n: number) => `${n} (${Math.round((100 * n) / Math.max(tally.accepted, 1))}%)`;
    console.log(
      `accepted ${tally.accepted} of ${RUNS} random graphs: ${share(tally.withL7)} with L7 policies, ${share(tally.withRules)} with L7 rules, ` +
        `${share(tally.withTls)} with TLS refs, ${share(tally.withPing)} with PING monitors; refused ${tally.refused}`,
    );
    // A generator whose graphs are all refused, or that seldom reaches L7 or TLS, would prove little
    // there: each must be in a fair share (here 30-50%; at least a tenth) of the accepted graphs.
    expect(tally.accepted).toBeGreaterThan(RUNS / 4);
    const fairShare = Math.max(1, tally.accepted / 10);
    expect(tally.withL7, "graphs with L7 policies").toBeGreaterThanOrEqual(fairShare);
    expect(tally.withRules, "graphs with L7 rules").toBeGreaterThanOrEqual(fairShare);
    expect(tally.withTls, "graphs with TLS refs").toBeGreaterThanOrEqual(fairShare);
  });
});
