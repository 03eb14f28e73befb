import { sql } from "drizzle-orm";
import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, isoTimestamp, updatedAt } from "./columns";

// The key manager's secrets (Barbican's model, project-scoped). The payload is never stored in
// clear: `encrypted_payload` is AES-256-GCM under the key of SECRET_KEY_FILE, bound to the row's
// id (server/keymanager/crypto.ts). The rest is metadata read from the payload at upload, so
// lists and pickers never decrypt anything.

export const SECRET_KINDS = ["certificate", "ca", "crl"] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export const secrets = pgTable(
  "secrets",
  {
    id: uuid("id").primaryKey(),
    project_id: uuid("project_id").notNull(),
    name: text("name").notNull().default(""),
    /** certificate: a certificate with its private key (and intermediates); ca: certificates only; crl: a revocation list. */
    kind: text("kind", { enum: SECRET_KINDS }).notNull(),
    payload_content_type: text("payload_content_type").notNull(),
    payload_content_encoding: text("payload_content_encoding"),
    encrypted_payload: text("encrypted_payload").notNull(),
    subject_cn: text("subject_cn"),
    subject_alt_names: text("subject_alt_names").array().notNull().default(sql`'{}'::text[]`),
    issuer: text("issuer"),
    not_before: isoTimestamp("not_before"),
    not_after: isoTimestamp("not_after"),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [index("secrets_project_created_idx").on(t.project_id, t.created_at, t.id)],
);
