import { createPrivateKey, X509Certificate } from "node:crypto";
import type { SecretKind } from "@/db/schema/secrets";
import { ValidationError } from "@/server/kernel/errors";
import { Pkcs12Error, pkcs12ToPem } from "./pkcs12-decode";

// What an uploaded payload is, read once at upload: a certificate with its private key (and
// intermediates), CA certificates, or a revocation list. The payload is stored normalized as
// PEM in the order HAProxy wants it (certificate, intermediates, key), so the controller never
// parses PKCS12 and an amphora gets exactly the bytes that were checked here.

export interface ParsedSecret {
  kind: SecretKind;
  pem: string;
  subject_cn: string | null;
  subject_alt_names: string[];
  issuer: string | null;
  not_before: string | null;
  not_after: string | null;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\r\n]+([A-Za-z0-9+/=\r\n]+?)-----END \1-----/g;

export const NOT_A_CERTIFICATE =
  "The payload is not a PEM certificate with its private key, a PKCS12 archive, CA certificates or a certificate revocation list.";

const pemOf = (label: string, base64: string) => `-----BEGIN ${label}-----\n${base64.replace(/\s+/g, "").match(/.{1,64}/g)?.join("\n")}\n-----END ${label}-----\n`;

/**
 * `payload` as the API takes it: PEM text, or base64 (application/octet-stream) of a PKCS12
 * archive or of PEM text. Async because a PKCS12 archive is decoded off the event loop
 * (pkcs12-decode.ts): call it before opening a transaction, never inside one.
 */
export async function parseSecretPayload(payload: string, contentType: "text/plain" | "application/octet-stream", field = "payload"): Promise<ParsedSecret> {
  if (contentType === "text/plain") return parsePem(payload, field);
  const bytes = Buffer.from(payload.replace(/\s+/g, ""), "base64");
  const text = bytes.toString("latin1");
  if (text.includes("-----BEGIN ")) return parsePem(text, field);
  try {
    return parsePem(await pkcs12ToPem(bytes), field);
  } catch (err) {
    throw err instanceof Pkcs12Error ? new ValidationError(err.message, field) : err;
  }
}

function parsePem(text: string, field: string): ParsedSecret {
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1] as string, body: m[2] as string }));
  const certs = blocks.filter((b) => b.label === "CERTIFICATE").map((b) => pemOf(b.label, b.body));
  const keys = blocks.filter((b) => b.label.endsWith("PRIVATE KEY"));
  const crls = blocks.filter((b) => b.label === "X509 CRL");
  if (keys.some((k) => k.label === "ENCRYPTED PRIVATE KEY")) {
    throw new ValidationError("The private key is encrypted: upload it without a pass phrase.", field);
  }
  if (keys.length > 1) throw new ValidationError("The payload holds more than one private key: upload one certificate with its key.", field);

  const parsed = certs.map((pem) => {
    try {
      return { pem, x509: new X509Certificate(pem) };
    } catch (err) {
      throw new ValidationError(`A certificate in the payload cannot be read: ${(err as Error).message}`, field);
    }
  });

  const keyBlock = keys[0];
  if (keyBlock) {
    if (parsed.length === 0) throw new ValidationError("The payload has a private key but no certificate.", field);
    let key;
    try {
      key = createPrivateKey(pemOf(keyBlock.label, keyBlock.body));
    } catch (err) {
      throw new ValidationError(`The private key cannot be read: ${(err as Error).message}`, field);
    }
    const leaf = parsed.find((c) => c.x509.checkPrivateKey(key));
    if (!leaf) throw new ValidationError("The private key does not match the certificate.", field);
    const intermediates = parsed.filter((c) => c !== leaf).map((c) => c.pem);
    const keyPem = key.export({ type: "pkcs8", format: "pem" }).toString();
    return { kind: "certificate", pem: [leaf.pem, ...intermediates, keyPem].join(""), ...metadata(leaf.x509) };
  }
  const first = parsed[0];
  if (first) return { kind: "ca", pem: parsed.map((c) => c.pem).join(""), ...metadata(first.x509) };
  if (crls.length > 0) {
    return {
      kind: "crl",
      pem: crls.map((b) => pemOf(b.label, b.body)).join(""),
      subject_cn: null,
      subject_alt_names: [],
      issuer: null,
      not_before: null,
      not_after: null,
    };
  }
  throw new ValidationError(NOT_A_CERTIFICATE, field);
}

/** `CN=a\nO=b` (Node's form) -> the CN. */
const commonName = (dn: string) => dn.split("\n").find((part) => part.startsWith("CN="))?.slice(3) ?? null;

function metadata(cert: X509Certificate) {
  return {
    subject_cn: commonName(cert.subject),
    subject_alt_names: (cert.subjectAltName ?? "").split(", ").filter(Boolean),
    issuer: cert.issuer.split("\n").join(", "),
    not_before: new Date(cert.validFrom).toISOString(),
    not_after: new Date(cert.validTo).toISOString(),
  };
}
