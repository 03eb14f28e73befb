import { describe, expect, it } from "vitest";
import { issueCertificate } from "@/server/keymanager/issue";
import { dueForRenewal } from "./pki";

describe("agent certificates", () => {
  it("are renewed with less than 30 days left, not before", () => {
    const now = Date.now();
    const day = 24 * 3600 * 1000;
    expect(dueForRenewal(issueCertificate({ cn: "a", notAfter: new Date(now + 60 * day) }).cert, now)).toBe(false);
    expect(dueForRenewal(issueCertificate({ cn: "b", notAfter: new Date(now + 29 * day) }).cert, now)).toBe(true);
    expect(dueForRenewal("not a certificate", now)).toBe(true);
  });
});
