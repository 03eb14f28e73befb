import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import forge from "node-forge";

// Certificates made on the fly for TLS tests: a CA, server and client certificates it signs
// (with any validity, expired ones too), and PKCS12 archives. Keys are generated per run; none
// is ever committed.

export interface TestCert {
  cert: string;
  key: string;
}

const DAY = 24 * 3600 * 1000;

function rsaKey() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  return { pem, forge: forge.pki.privateKeyFromPem(pem) };
}

interface CertOptions {
  cn: string;
  /** DNS names or IP addresses for subjectAltName. */
  sans?: string[];
  notBefore?: Date;
  notAfter?: Date;
  ca?: boolean;
}

function issue(opts: CertOptions, issuer: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | null): TestCert & { forge: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } } {
  const key = rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.forge.n, key.forge.e);
  cert.serialNumber = `01${randomBytes(8).toString("hex")}`;
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 365 * DAY);
  const subject = [{ name: "commonName", value: opts.cn }];
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  const extensions: object[] = [{ name: "basicConstraints", cA: Boolean(opts.ca) }];
  if (opts.ca) extensions.push({ name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true });
  if (opts.sans?.length) {
    extensions.push({
      name: "subjectAltName",
      altNames: opts.sans.map((n) => (/^[\d.]+$/.test(n) ? { type: 7, ip: n } : { type: 2, value: n })),
    });
  }
  cert.setExtensions(extensions);
  cert.sign(issuer?.key ?? key.forge, forge.md.sha256.create());
  // forge writes CRLF line ends; everything else (and HAProxy's files) uses LF.
  return { cert: forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n"), key: key.pem, forge: { cert, key: key.forge } };
}

export type TestCa = ReturnType<typeof testCa>;

/** A self-signed CA that signs server and client certificates. */
export function testCa(cn = "Test CA") {
  const ca = issue({ cn, ca: true }, null);
  return {
    cert: ca.cert,
    key: ca.key,
    issue: (opts: CertOptions): TestCert => {
      const { cert, key } = issue(opts, ca.forge);
      return { cert, key };
    },
  };
}

/** Certificate then key, as a PEM upload. */
export const pemBundle = (c: TestCert, intermediates: string[] = []) => [c.cert, ...intermediates, c.key].join("");

/** A PKCS12 archive of `c` without a pass phrase, base64, made as Octavia's cookbook makes one (openssl). */
export function pkcs12Base64(c: TestCert): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "p12-"));
  try {
    fs.writeFileSync(path.join(dir, "in.pem"), pemBundle(c), { mode: 0o600 });
    execFileSync("openssl", ["pkcs12", "-export", "-in", "in.pem", "-passout", "pass:", "-out", "out.p12"], { cwd: dir, stdio: "pipe" });
    return fs.readFileSync(path.join(dir, "out.p12")).toString("base64");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
