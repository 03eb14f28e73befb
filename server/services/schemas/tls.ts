import { z } from "zod";
import { CLIENT_AUTHENTICATIONS, type ClientAuthentication } from "@/db/schema/enums";
import { ALPN_PROTOCOLS, TLS_CIPHERS, TLS_VERSIONS } from "@/amphora/patterns";
import { atMost, MAX_SNI_CONTAINERS, nameField } from "./fields";

// The TLS fields of listeners (TERMINATED_HTTPS) and pools (re-encryption), with Octavia's
// defaults ([api_settings]) and validation messages.

/** Octavia's CIPHERS_OWASP_SUITE_B, its default for listeners and pools. */
export const OWASP_SUITE_B =
  "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-SHA256:DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256";

export const DEFAULT_TLS = {
  tls_versions: ["TLSv1.2", "TLSv1.3"],
  tls_ciphers: OWASP_SUITE_B,
  alpn_protocols: ["h2", "http/1.1", "http/1.0"],
};

export { CLIENT_AUTHENTICATIONS };

export const containerRef = (field: string) => nameField(field);

export const tlsVersionsField = z
  .array(z.string({ error: "tls_versions must be a list of TLS versions" }), { error: "tls_versions must be a list of TLS versions" })
  .max(...atMost("tls_versions", TLS_VERSIONS.length))
  .superRefine((versions, ctx) => {
    if (versions.length === 0) {
      ctx.addIssue({ code: "custom", message: "Empty TLS version list. Either specify at least one TLS version or remove this parameter to use the default." });
      return;
    }
    const invalid = versions.filter((v) => !(TLS_VERSIONS as readonly string[]).includes(v));
    if (invalid.length > 0) ctx.addIssue({ code: "custom", message: `Invalid TLS versions: ${invalid.join(", ")}` });
  });

export const tlsCiphersField = z
  .string({ error: "tls_ciphers must be a string" })
  .regex(TLS_CIPHERS, { error: "tls_ciphers must be an OpenSSL cipher list of letters, digits and - + ! : @ = _ . (at most 2048 characters)" });

export const alpnProtocolsField = z
  .array(z.enum(ALPN_PROTOCOLS, { error: `alpn_protocols entries must be one of ${ALPN_PROTOCOLS.join(", ")}` }), { error: "alpn_protocols must be a list" })
  .max(...atMost("alpn_protocols", ALPN_PROTOCOLS.length));

export const listenerTlsFields = {
  default_tls_container_ref: containerRef("default_tls_container_ref").nullish(),
  sni_container_refs: z
    .array(containerRef("sni_container_refs entry"), { error: "sni_container_refs must be a list of secret refs" })
    .max(...atMost("sni_container_refs", MAX_SNI_CONTAINERS))
    .nullish(),
  client_ca_tls_container_ref: containerRef("client_ca_tls_container_ref").nullish(),
  client_authentication: z.enum(CLIENT_AUTHENTICATIONS, { error: `client_authentication must be one of ${CLIENT_AUTHENTICATIONS.join(", ")}` }).nullish(),
  client_crl_container_ref: containerRef("client_crl_container_ref").nullish(),
  tls_versions: tlsVersionsField.nullish(),
  tls_ciphers: tlsCiphersField.nullish(),
  alpn_protocols: alpnProtocolsField.nullish(),
};

export const poolTlsFields = {
  tls_enabled: z.boolean({ error: "tls_enabled must be true or false" }).optional(),
  tls_container_ref: containerRef("tls_container_ref").nullish(),
  ca_tls_container_ref: containerRef("ca_tls_container_ref").nullish(),
  crl_container_ref: containerRef("crl_container_ref").nullish(),
  tls_versions: tlsVersionsField.nullish(),
  tls_ciphers: tlsCiphersField.nullish(),
  alpn_protocols: alpnProtocolsField.nullish(),
};

export interface ListenerTlsValues {
  protocol: string;
  default_tls_container_ref?: string | null | undefined;
  sni_container_refs?: string[] | null | undefined;
  client_ca_tls_container_ref?: string | null | undefined;
  client_authentication?: ClientAuthentication | null | undefined;
  client_crl_container_ref?: string | null | undefined;
}

/** Octavia's cross-field rules of a listener's certificate fields: the first broken one, with its field. */
export function listenerTlsRule(v: ListenerTlsValues): { field: string; message: string } | null {
  const hasCert = Boolean(v.default_tls_container_ref) || (v.sni_container_refs?.length ?? 0) > 0;
  const anyRef = hasCert || Boolean(v.client_ca_tls_container_ref) || Boolean(v.client_crl_container_ref);
  if (v.protocol !== "TERMINATED_HTTPS") {
    return anyRef ? { field: "default_tls_container_ref", message: `Validation failure: Certificate container references are not allowed on ${v.protocol} protocol listeners.` } : null;
  }
  if (!hasCert) {
    return {
      field: "default_tls_container_ref",
      message: "Validation failure: An SNI or default certificate container reference must be provided for TERMINATED_HTTPS protocol listeners.",
    };
  }
  const auth = v.client_authentication ?? "NONE";
  if (auth !== "NONE" && !v.client_ca_tls_container_ref) {
    return { field: "client_authentication", message: `Validation failure: Client authentication setting ${auth} requires a client CA container reference.` };
  }
  if (v.client_crl_container_ref && !v.client_ca_tls_container_ref) {
    return {
      field: "client_crl_container_ref",
      message: "Validation failure: A client authentication CA reference is required to specify a client authentication revocation list.",
    };
  }
  return null;
}

export function poolTlsRule(v: { ca_tls_container_ref?: string | null | undefined; crl_container_ref?: string | null | undefined }): { field: string; message: string } | null {
  return v.crl_container_ref && !v.ca_tls_container_ref
    ? { field: "crl_container_ref", message: "Validation failure: A CA reference is required to specify a certificate revocation list." }
    : null;
}

/** Octavia's words for X-SSL-* headers asked of a listener that does not terminate TLS. */
export function sslHeadersRule(protocol: string, headers: object): string | null {
  const ssl = Object.keys(headers).filter((h) => h.startsWith("X-SSL-"));
  return protocol === "TERMINATED_HTTPS" || ssl.length === 0 ? null : `[${ssl.map((h) => `'${h}'`).join(", ")}] is not a valid option for ${protocol} protocol listener.`;
}
