import { env } from "@/server/env";
import { getRuntime } from "@/server/runtime";
import type { KeystoneDeps } from "./keystone";

/** What the Keystone handlers need, from the running process and its settings. */
export async function keystoneDeps(): Promise<KeystoneDeps> {
  const rt = await getRuntime();
  return {
    db: rt.database.db,
    tokenTtlMs: env().TOKEN_TTL_MINUTES * 60_000,
    publicUrl: env().PUBLIC_URL,
    loginLimiter: rt.loginLimiter,
    trustedProxies: env().TRUSTED_PROXIES,
  };
}
