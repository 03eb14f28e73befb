import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { demoCa, instanceCertificate } from "./demo-ca";

// The demo CA's instance certificates, read back from $DATA_DIR/demo-ca as the agent gets them.

describe("instance certificates", () => {
  it("give two instances that share an address (two networks) each a certificate with its own name", () => {
    const ca = new X509Certificate(demoCa().cert);
    const address = "10.0.0.5";
    for (const name of ["cert-web-a", "cert-web-b"]) {
      const cert = new X509Certificate(instanceCertificate(name, address).cert);
      expect(cert.subject).toBe(`CN=${name}`);
      expect(cert.checkIP(address)).toBe(address);
      expect(cert.verify(ca.publicKey)).toBe(true);
      // Issued once: asked again, the same certificate.
      expect(instanceCertificate(name, address).cert).toBe(cert.toString());
    }
  });
});
