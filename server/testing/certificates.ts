import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type CertOptions, type IssuedCert, issueCertificate } from "@/server/keymanager/issue";

// Certificates made on the fly for TLS tests: a CA, server and client certificates it signs
// (with any validity, expired ones too), and PKCS12 archives. Keys are generated per run; none
// is ever committed.

export type TestCert = IssuedCert;

export type TestCa = ReturnType<typeof testCa>;

/** A self-signed CA that signs server and client certificates. */
export function testCa(cn = "Test CA") {
  const ca = issueCertificate({ cn, ca: true });
  return { ...ca, issue: (opts: CertOptions): TestCert => issueCertificate(opts, ca) };
}

/** Certificate then key, as a PEM upload. */
export const pemBundle = (c: TestCert, intermediates: string[] = []) => [c.cert, ...intermediates, c.key].join("");

/**
 * A PKCS12 archive of `c` without a pass phrase, base64, made as Octavia's cookbook makes one
 * (openssl); `iterations` sets its MAC's and encryptions' key derivation rounds (OpenSSL's 2048).
 * `legacy`: the PKCS#12 PBE algorithms (RC2, 3DES) older tools write instead of PBES2;
 * `macIterationsOne`: one MAC round whatever `iterations` says.
 */
export function pkcs12Base64(c: TestCert, iterations = 2048, opts: { legacy?: boolean; macIterationsOne?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "p12-"));
  try {
    fs.writeFileSync(path.join(dir, "in.pem"), pemBundle(c), { mode: 0o600 });
    execFileSync("openssl", ["pkcs12", "-export", "-in", "in.pem", "-passout", "pass:", "-iter", String(iterations), ...(opts.legacy ? ["-legacy"] : []), ...(opts.macIterationsOne ? ["-nomaciter"] : []), "-out", "out.p12"], { cwd: dir, stdio: "pipe" });
    return fs.readFileSync(path.join(dir, "out.p12")).toString("base64");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
