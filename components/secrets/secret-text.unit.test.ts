import { describe, expect, it } from "vitest";
import { payloadOf, validity } from "./secret-text";

describe("validity", () => {
  const dates = { not_before: "2025-01-01T00:00:00.000Z", not_after: "2026-01-01T00:00:00.000Z" };
  it("reads the certificate's dates against now", () => {
    expect(validity(dates, Date.parse("2025-06-01"))).toBe("Valid");
    expect(validity(dates, Date.parse("2026-06-01"))).toBe("Expired");
    expect(validity(dates, Date.parse("2024-06-01"))).toBe("Not yet valid");
    expect(validity({ not_before: null, not_after: null })).toBeNull();
  });
});

describe("payloadOf", () => {
  it("sends PEM as text and a binary archive as base64", () => {
    const pem = new TextEncoder().encode("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    expect(payloadOf(pem)).toEqual({ payload: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", payload_content_type: "text/plain" });
    expect(payloadOf(new Uint8Array([0x30, 0x82, 0xff, 0x00]))).toEqual({
      payload: "MIL/AA==",
      payload_content_type: "application/octet-stream",
      payload_content_encoding: "base64",
    });
  });
});
