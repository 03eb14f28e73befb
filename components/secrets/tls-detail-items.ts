import type { Listener, Pool } from "@/components/api-types";
import { yesNo } from "@/components/ui/format";

// The TLS fields of a listener or a pool as their detail pages list them. Pure: `secretName`
// turns a secret_ref into what the user knows it by (the page asks the key manager).

export interface TlsDetailItem {
  label: string;
  value: string;
}

type SecretName = (ref: string) => string;

const listOrDash = (values: readonly string[] | null) => (values?.length ? values.join(", ") : "-");
const refOrDash = (ref: string | null, secretName: SecretName) => (ref ? secretName(ref) : "-");

/** A TERMINATED_HTTPS listener's certificates, client authentication and TLS settings; none for other protocols. */
export function listenerTlsItems(l: Listener, secretName: SecretName): TlsDetailItem[] {
  if (l.protocol !== "TERMINATED_HTTPS") return [];
  return [
    { label: "Default Certificate", value: refOrDash(l.default_tls_container_ref, secretName) },
    { label: "SNI Certificates", value: l.sni_container_refs.length ? l.sni_container_refs.map(secretName).join("; ") : "-" },
    { label: "Client Authentication", value: l.client_authentication },
    { label: "Client CA Certificate", value: refOrDash(l.client_ca_tls_container_ref, secretName) },
    { label: "Client Revocation List", value: refOrDash(l.client_crl_container_ref, secretName) },
    { label: "TLS Versions", value: listOrDash(l.tls_versions) },
    { label: "TLS Ciphers", value: l.tls_ciphers ?? "-" },
    { label: "ALPN Protocols", value: listOrDash(l.alpn_protocols) },
  ];
}

/** Whether a pool re-encrypts to its members and, when it does, with what. */
export function poolTlsItems(p: Pool, secretName: SecretName): TlsDetailItem[] {
  const enabled = { label: "TLS Enabled", value: yesNo(p.tls_enabled) };
  if (!p.tls_enabled) return [enabled];
  return [
    enabled,
    { label: "CA Certificate", value: p.ca_tls_container_ref ? secretName(p.ca_tls_container_ref) : "None (members are not verified)" },
    { label: "Revocation List", value: refOrDash(p.crl_container_ref, secretName) },
    { label: "Client Certificate", value: refOrDash(p.tls_container_ref, secretName) },
    { label: "TLS Versions", value: listOrDash(p.tls_versions) },
    { label: "TLS Ciphers", value: p.tls_ciphers ?? "-" },
    { label: "ALPN Protocols", value: listOrDash(p.alpn_protocols) },
  ];
}
