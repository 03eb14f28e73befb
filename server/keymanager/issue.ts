import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

// Issues X.509 certificates: the demo cloud's CA and its instances' HTTPS certificates, and the
// certificates TLS tests make on the fly. RSA keys from node:crypto, signed with node-forge.

export interface IssuedCert {
  cert: string;
  key: string;
}

export interface CertOptions {
  cn: string;
  /** DNS names or IPv4 addresses for subjectAltName. */
  sans?: string[];
  notBefore?: Date;
  notAfter?: Date;
  ca?: boolean;
  /** extendedKeyUsage: what the certificate may authenticate (any, when unset). */
  usage?: "server" | "client";
}

const DAY = 24 * 3600 * 1000;

/** Issues a certificate signed by `issuer` (PEM certificate and key), or self-signed without one. */
export function issueCertificate(opts: CertOptions, issuer: IssuedCert | null = null): IssuedCert {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${randomBytes(8).toString("hex")}`;
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 365 * DAY);
  const subject = [{ name: "commonName", value: opts.cn }];
  cert.setSubject(subject);
  cert.setIssuer(issuer ? forge.pki.certificateFromPem(issuer.cert).subject.attributes : subject);
  const extensions: object[] = [{ name: "basicConstraints", cA: Boolean(opts.ca) }];
  if (opts.ca) extensions.push({ name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true });
  if (opts.usage) extensions.push({ name: "extKeyUsage", serverAuth: opts.usage === "server", clientAuth: opts.usage === "client" });
  if (opts.sans?.length) {
    extensions.push({
      name: "subjectAltName",
      altNames: opts.sans.map((n) => (/^[\d.]+$/.test(n) ? { type: 7, ip: n } : { type: 2, value: n })),
    });
  }
  cert.setExtensions(extensions);
  cert.sign(issuer ? forge.pki.privateKeyFromPem(issuer.key) : key, forge.md.sha256.create());
  // forge writes CRLF line ends; everything else (and HAProxy's files) uses LF.
  return { cert: forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n"), key: keyPem };
}
