import { z } from "zod";
import { nameField, uuidField } from "./fields";

// The key manager's inputs (Barbican's field names). A payload is PEM text (text/plain) or
// base64 (application/octet-stream with payload_content_encoding base64): a PKCS12 archive, as
// Octavia's cookbook stores certificates, or base64 of PEM text.

/** Large enough for a certificate chain and key; far below what would strain a request. */
const MAX_PAYLOAD = 64 * 1024;

export const secretCreateInput = z
  .strictObject({
    name: nameField().optional(),
    payload: z
      .string({ error: (iss) => (iss.input === undefined ? "payload is required" : "payload must be a string") })
      .min(1, { error: "payload cannot be empty" })
      .max(MAX_PAYLOAD, { error: `payload must be at most ${MAX_PAYLOAD} characters` }),
    payload_content_type: z.enum(["text/plain", "application/octet-stream"], {
      error: "payload_content_type must be text/plain (PEM) or application/octet-stream (base64 PKCS12)",
    }),
    payload_content_encoding: z.enum(["base64"], { error: "payload_content_encoding must be base64" }).nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.payload_content_type === "application/octet-stream" && v.payload_content_encoding !== "base64") {
      ctx.addIssue({ code: "custom", path: ["payload_content_encoding"], message: "payload_content_encoding must be base64 for application/octet-stream payloads" });
    }
    if (v.payload_content_type === "text/plain" && v.payload_content_encoding) {
      ctx.addIssue({ code: "custom", path: ["payload_content_encoding"], message: "payload_content_encoding is only for application/octet-stream payloads" });
    }
  });
export type SecretCreateInput = z.infer<typeof secretCreateInput>;

export const secretIdInput = z.strictObject({ id: uuidField("id") });
