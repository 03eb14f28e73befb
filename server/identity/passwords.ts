import { hash, verify } from "@node-rs/argon2";

// argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes). The hash string
// carries its own parameters, so raising them later leaves old hashes verifiable.

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed hash verifies nothing
  }
}

/** Verifies against a throwaway hash, so an unknown user name costs as long as a wrong password. */
let decoy: Promise<string> | undefined;
export async function burnVerifyTime(password: string): Promise<void> {
  decoy ??= hash("decoy password that matches nothing");
  await verifyPassword(await decoy, password);
}
