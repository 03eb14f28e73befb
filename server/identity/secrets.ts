import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// Session ids and tokens: 160 random bits, handed out once, stored only as their SHA-256. A
// leaked database row cannot be turned back into a working cookie or token.

export function newSecret(): string {
  return randomBytes(20).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
