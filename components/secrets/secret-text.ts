import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

// How the Secrets panel names a secret's contents and validity; pure, shared by the table and
// the details dialog.

export type Secret = inferRouterOutputs<AppRouter>["secret"]["get"];

export const KIND_LABELS: Record<Secret["kind"], string> = {
  certificate: "Certificate and key",
  ca: "CA certificates",
  crl: "Revocation list",
};

/** "Expired" / "Valid" against `now`; null for a secret without dates (a revocation list). */
export function validity(secret: Pick<Secret, "not_before" | "not_after">, now = Date.now()): "Expired" | "Not yet valid" | "Valid" | null {
  if (!secret.not_after || !secret.not_before) return null;
  if (Date.parse(secret.not_after) <= now) return "Expired";
  if (Date.parse(secret.not_before) > now) return "Not yet valid";
  return "Valid";
}

/** A file chosen for upload as the API wants it: PEM as text, anything else (PKCS12) as base64. */
export function payloadOf(bytes: Uint8Array): { payload: string; payload_content_type: "text/plain" | "application/octet-stream"; payload_content_encoding?: "base64" } {
  const text = new TextDecoder("latin1").decode(bytes);
  if (text.includes("-----BEGIN ")) return { payload: text, payload_content_type: "text/plain" };
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return { payload: btoa(binary), payload_content_type: "application/octet-stream", payload_content_encoding: "base64" };
}
