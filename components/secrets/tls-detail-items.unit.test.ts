import { describe, expect, it } from "vitest";
import type { Listener, Pool } from "@/components/api-types";
import { listenerTlsItems, poolTlsItems } from "./tls-detail-items";

const SECRETS = "http://127.0.0.1:3000/key-manager/v1/secrets";
const names: Record<string, string> = { [`${SECRETS}/www`]: "www (www.example.test)", [`${SECRETS}/api`]: "api (api.example.test)", [`${SECRETS}/ca`]: "ca (Demo CA)" };
const secretName = (ref: string) => names[ref] ?? ref;
const valueOf = (items: { label: string; value: string }[], label: string) => items.find((i) => i.label === label)?.value;

describe("TLS details", () => {
  const listener = {
    protocol: "TERMINATED_HTTPS",
    default_tls_container_ref: `${SECRETS}/www`,
    sni_container_refs: [`${SECRETS}/api`],
    client_authentication: "MANDATORY",
    client_ca_tls_container_ref: `${SECRETS}/ca`,
    client_crl_container_ref: null,
    tls_versions: ["TLSv1.2", "TLSv1.3"],
    tls_ciphers: "HIGH:!aNULL",
    alpn_protocols: ["h2", "http/1.1"],
  } as unknown as Listener;

  it("lists a TERMINATED_HTTPS listener's certificates by name, its client authentication and TLS settings", () => {
    const items = listenerTlsItems(listener, secretName);
    expect(items.map((i) => i.label)).toEqual([
      "Default Certificate",
      "SNI Certificates",
      "Client Authentication",
      "Client CA Certificate",
      "Client Revocation List",
      "TLS Versions",
      "TLS Ciphers",
      "ALPN Protocols",
    ]);
    expect(valueOf(items, "Default Certificate")).toBe("www (www.example.test)");
    expect(valueOf(items, "SNI Certificates")).toBe("api (api.example.test)");
    expect(valueOf(items, "Client Authentication")).toBe("MANDATORY");
    expect(valueOf(items, "Client CA Certificate")).toBe("ca (Demo CA)");
    expect(valueOf(items, "Client Revocation List")).toBe("-");
    expect(valueOf(items, "TLS Versions")).toBe("TLSv1.2, TLSv1.3");
    expect(valueOf(items, "ALPN Protocols")).toBe("h2, http/1.1");
  });

  it("lists nothing of TLS for a listener that does not terminate it", () => {
    expect(listenerTlsItems({ ...listener, protocol: "HTTP" }, secretName)).toEqual([]);
  });

  it("says whether a pool re-encrypts and, when it does, with which CA and settings", () => {
    const pool = { tls_enabled: false, tls_container_ref: null, ca_tls_container_ref: null, crl_container_ref: null, tls_versions: null, tls_ciphers: null, alpn_protocols: null } as unknown as Pool;
    expect(poolTlsItems(pool, secretName)).toEqual([{ label: "TLS Enabled", value: "No" }]);
    const tls = poolTlsItems({ ...pool, tls_enabled: true, tls_versions: ["TLSv1.3"], alpn_protocols: ["h2"] }, secretName);
    expect(valueOf(tls, "TLS Enabled")).toBe("Yes");
    expect(valueOf(tls, "CA Certificate")).toBe("None (members are not verified)");
    expect(valueOf(poolTlsItems({ ...pool, tls_enabled: true, ca_tls_container_ref: `${SECRETS}/ca` }, secretName), "CA Certificate")).toBe("ca (Demo CA)");
    expect(valueOf(tls, "TLS Versions")).toBe("TLSv1.3");
    expect(valueOf(tls, "Client Certificate")).toBe("-");
  });
});
