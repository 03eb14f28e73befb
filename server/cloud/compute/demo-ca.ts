import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/server/env";
import { type IssuedCert, issueCertificate } from "@/server/keymanager/issue";

// The demo cloud's certificate authority: made at first use and kept in $DATA_DIR/demo-ca, it
// signs each instance's HTTPS certificate (subjectAltName: its fixed IP), so a pool can
// re-encrypt to the instances and verify them with this CA (upload demo-ca/ca.pem to the key
// manager and give it as ca_tls_container_ref).

/** The port every demo instance serves HTTPS on, beside HTTP on its service port. */
export const INSTANCE_HTTPS_PORT = 443;

const dir = () => path.join(/*turbopackIgnore: true*/ env().DATA_DIR, "demo-ca");

function loadOrIssue(file: string, issue: () => IssuedCert): IssuedCert {
  try {
    const text = fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8");
    const keyAt = text.indexOf("-----BEGIN RSA PRIVATE KEY-----");
    if (keyAt > 0) return { cert: text.slice(0, keyAt), key: text.slice(keyAt) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const issued = issue();
  fs.mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(/*turbopackIgnore: true*/ tmp, issued.cert + issued.key, { mode: 0o600 });
  fs.renameSync(/*turbopackIgnore: true*/ tmp, file);
  return issued;
}

/** The demo CA (certificate and key). */
export function demoCa(): IssuedCert {
  return loadOrIssue(path.join(dir(), "ca.pem"), () => issueCertificate({ cn: "LBaaS Demo Cloud CA", ca: true, notAfter: new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000) }));
}

/**
 * The HTTPS certificate of the instance `name` at `address`, issued once by the demo CA. Kept
 * per name and address, what the certificate says: instances on two networks may share an
 * address (each in its own namespace), and each gets a certificate with its own name. The name
 * is hashed into the file's name, never used as a path.
 */
export function instanceCertificate(name: string, address: string): IssuedCert {
  const nameHash = createHash("sha256").update(name).digest("hex").slice(0, 16);
  return loadOrIssue(path.join(dir(), `instance-${address}-${nameHash}.pem`), () => issueCertificate({ cn: name, sans: [address] }, demoCa()));
}
