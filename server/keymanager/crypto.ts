import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/server/env";

// Secrets at rest: AES-256-GCM under one key per installation, kept in a file outside the
// database (SECRET_KEY_FILE, by default $DATA_DIR/secret.key). A copy of the database alone
// reveals no payload. Each ciphertext is bound to its secret's id (GCM's additional data), so a
// payload moved to another row does not decrypt there.

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = "v1";

export function secretKeyPath(): string {
  const e = env();
  return path.resolve(/*turbopackIgnore: true*/ e.SECRET_KEY_FILE ?? path.join(e.DATA_DIR, "secret.key"));
}

/**
 * The key in `file`, created (32 random bytes, base64, mode 0600) when absent. Every process of
 * an installation (web servers, workers) must read the same file: copy it, never regenerate it,
 * or the secrets already stored can no longer be read.
 */
export function loadSecretKey(file: string = secretKeyPath()): Buffer {
  // The key file is chosen at run time (turbopackIgnore: the bundler must not trace the project for it).
  if (!fs.existsSync(/*turbopackIgnore: true*/ file)) {
    fs.mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
    try {
      // `wx`: two processes starting at once must not both write a key; the loser reads the winner's.
      fs.writeFileSync(/*turbopackIgnore: true*/ file, `${randomBytes(KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  const key = Buffer.from(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8").trim(), "base64");
  if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold a ${KEY_BYTES}-byte key in base64 (SECRET_KEY_FILE)`);
  return key;
}

let cachedKey: { file: string; key: Buffer } | undefined;

/** The installation's key, read once per process. */
export function secretKey(): Buffer {
  const file = secretKeyPath();
  if (cachedKey?.file !== file) cachedKey = { file, key: loadSecretKey(file) };
  return cachedKey.key;
}

/** `v1:<base64 of nonce | ciphertext | tag>`. */
export function encryptPayload(key: Buffer, secretId: string, plaintext: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(secretId));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString("base64")}`;
}

export function decryptPayload(key: Buffer, secretId: string, stored: string): string {
  const [version, data] = stored.split(":");
  if (version !== VERSION || !data) throw new Error(`secret ${secretId}: unknown payload format`);
  const raw = Buffer.from(data, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(secretId));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(`secret ${secretId} cannot be decrypted: SECRET_KEY_FILE is not the key it was stored with`);
  }
}
