import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pemBundle, testCa } from "@/server/testing/certificates";
import { type TestWorld, testWorld } from "@/server/testing/database";
import { expectRejection, markTreeActive } from "@/server/testing/fixtures";

// The TLS fields of listeners and pools through createCaller: Octavia's defaults and every
// validation message, refs resolved only within the caller's project, expired certificates.

let w: TestWorld;
const refs = { cert: "", expired: "", ca: "", other: "" };
let lbId = "";

beforeAll(async () => {
  w = await testWorld();
  const ca = testCa("Validation CA");
  const upload = async (caller: TestWorld["caller"], payload: string) => (await caller.secret.create({ payload, payload_content_type: "text/plain" })).secret_ref;
  refs.cert = await upload(w.caller, pemBundle(ca.issue({ cn: "www.example.test" })));
  refs.expired = await upload(w.caller, pemBundle(ca.issue({ cn: "old.example.test", notBefore: new Date("2020-01-01"), notAfter: new Date("2021-01-01") })));
  refs.ca = await upload(w.caller, ca.cert);
  refs.other = await upload(await w.otherProject(), pemBundle(ca.issue({ cn: "theirs.example.test" })));
  lbId = (await w.caller.loadBalancer.create({ name: "tls-validation", vip_subnet_id: w.selfservice.id })).id;
  await markTreeActive(w, lbId);
});
afterAll(async () => w?.close());

const listener = (fields: Record<string, unknown>) => ({ loadbalancer_id: lbId, protocol: "TERMINATED_HTTPS" as const, protocol_port: 443, ...fields });

describe("TERMINATED_HTTPS listener fields", () => {
  it("applies Octavia's defaults", async () => {
    const created = await w.caller.listener.create(listener({ default_tls_container_ref: refs.cert }));
    expect(created).toMatchObject({
      default_tls_container_ref: refs.cert,
      sni_container_refs: [],
      client_authentication: "NONE",
      tls_versions: ["TLSv1.2", "TLSv1.3"],
      alpn_protocols: ["h2", "http/1.1", "http/1.0"],
    });
    expect(created.tls_ciphers).toMatch(/^TLS_AES_256_GCM_SHA384:/);
    await markTreeActive(w, lbId);
    await w.caller.listener.delete({ id: created.id });
    await markTreeActive(w, lbId);
  });

  it("says what is wrong, in Octavia's words", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, "Validation failure: An SNI or default certificate container reference must be provided for TERMINATED_HTTPS protocol listeners."],
      [{ protocol: "HTTP", protocol_port: 80, default_tls_container_ref: refs.cert }, "Validation failure: Certificate container references are not allowed on HTTP protocol listeners."],
      [{ default_tls_container_ref: refs.cert, client_authentication: "MANDATORY" }, "Validation failure: Client authentication setting MANDATORY requires a client CA container reference."],
      [{ default_tls_container_ref: refs.cert, client_crl_container_ref: refs.ca }, "Validation failure: A client authentication CA reference is required to specify a client authentication revocation list."],
      [{ default_tls_container_ref: refs.cert, tls_versions: [] }, "Empty TLS version list. Either specify at least one TLS version or remove this parameter to use the default."],
      [{ default_tls_container_ref: refs.cert, tls_versions: ["TLSv1.2", "TLSv9"] }, "Invalid TLS versions: TLSv9"],
      [{ default_tls_container_ref: refs.cert, tls_ciphers: "HIGH\nbind :1" }, "tls_ciphers must be an OpenSSL cipher list"],
      [{ default_tls_container_ref: refs.cert, alpn_protocols: ["spdy/3"] }, "alpn_protocols entries must be one of h2, http/1.1, http/1.0"],
      [{ protocol: "HTTP", protocol_port: 80, insert_headers: { "X-SSL-Client-CN": true } }, "['X-SSL-Client-CN'] is not a valid option for HTTP protocol listener."],
    ];
    for (const [fields, message] of cases) await expectRejection(w.caller.listener.create(listener(fields)), "BAD_REQUEST", message);
  });

  it("refuses another project's secret, a missing one and a ref that is not the key manager's", async () => {
    for (const ref of [refs.other, refs.other.replace(/[0-9a-f]{12}$/, "000000000000"), "https://barbican.example/v1/containers/x"]) {
      await expectRejection(w.caller.listener.create(listener({ default_tls_container_ref: ref })), "BAD_REQUEST", `Could not retrieve certificate: ${ref}`);
    }
  });

  it("refuses an expired certificate and a CA where a certificate with its key is needed", async () => {
    await expectRejection(
      w.caller.listener.create(listener({ default_tls_container_ref: refs.expired })),
      "BAD_REQUEST",
      `Validation failure: The certificate ${refs.expired} expired on 2021-01-01T00:00:00.000Z.`,
    );
    await expectRejection(
      w.caller.listener.create(listener({ sni_container_refs: [refs.ca] })),
      "BAD_REQUEST",
      `Validation failure: The secret ${refs.ca} holds CA certificates; sni_container_refs.0 needs a certificate with its private key.`,
    );
  });

  it("checks an update against the row: client authentication without a CA is refused, with one accepted", async () => {
    const created = await w.caller.listener.create(listener({ default_tls_container_ref: refs.cert }));
    await markTreeActive(w, lbId);
    await expectRejection(
      w.caller.listener.update({ id: created.id, client_authentication: "OPTIONAL" }),
      "BAD_REQUEST",
      "Validation failure: Client authentication setting OPTIONAL requires a client CA container reference.",
    );
    const updated = await w.caller.listener.update({ id: created.id, client_authentication: "OPTIONAL", client_ca_tls_container_ref: refs.ca, tls_versions: ["TLSv1.3"] });
    expect(updated).toMatchObject({ client_authentication: "OPTIONAL", client_ca_tls_container_ref: refs.ca, tls_versions: ["TLSv1.3"] });
    await markTreeActive(w, lbId);
    // null resets to the default, as in Octavia.
    expect(await w.caller.listener.update({ id: created.id, tls_versions: null })).toMatchObject({ tls_versions: ["TLSv1.2", "TLSv1.3"] });
    await markTreeActive(w, lbId);
    await expectRejection(w.caller.secret.delete({ id: refs.ca.split("/").at(-1)! }), "CONFLICT", `is in use by listener ${created.id}`);
  });
});

describe("pool TLS fields", () => {
  it("takes TLS on with the defaults, and refuses a CRL without a CA", async () => {
    const pool = await w.caller.pool.create({ loadbalancer_id: lbId, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", tls_enabled: true, ca_tls_container_ref: refs.ca });
    expect(pool).toMatchObject({ tls_enabled: true, ca_tls_container_ref: refs.ca, tls_versions: ["TLSv1.2", "TLSv1.3"] });
    await markTreeActive(w, lbId);
    await expectRejection(
      w.caller.pool.create({ loadbalancer_id: lbId, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", tls_enabled: true, crl_container_ref: refs.ca }),
      "BAD_REQUEST",
      "Validation failure: A CA reference is required to specify a certificate revocation list.",
    );
    await expectRejection(
      w.caller.pool.create({ loadbalancer_id: lbId, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", tls_enabled: true, tls_container_ref: refs.other }),
      "BAD_REQUEST",
      `Could not retrieve certificate: ${refs.other}`,
    );
  });
});
