import type { SecretKind } from "@/db/schema";
import { resolveSecretRef } from "@/server/keymanager/secrets";
import type { ServiceContext } from "@/server/kernel/context";
import { ValidationError } from "@/server/kernel/errors";
import { DEFAULT_TLS, listenerTlsRule, type ListenerTlsValues, poolTlsRule } from "./schemas/tls";

// The TLS columns of a listener or pool about to be written: every ref resolved in the caller's
// project (and locked for share, so the secret cannot be deleted under the change), of the kind
// the field needs, certificates not expired, and Octavia's defaults where nothing was given.

const TLS_KEYS = [
  "default_tls_container_ref",
  "sni_container_refs",
  "client_ca_tls_container_ref",
  "client_authentication",
  "client_crl_container_ref",
  "tls_versions",
  "tls_ciphers",
  "alpn_protocols",
] as const;

type TlsInput = ListenerTlsValues & {
  tls_versions?: string[] | null | undefined;
  tls_ciphers?: string | null | undefined;
  alpn_protocols?: string[] | null | undefined;
};

export const touchesListenerTls = (input: object) => TLS_KEYS.some((k) => k in input && (input as Record<string, unknown>)[k] !== undefined);

async function certificateRef(ctx: ServiceContext, ref: string, field: string, checkExpiry: boolean) {
  const secret = await resolveSecretRef(ctx, ref, field, ["certificate"]);
  if (checkExpiry && secret.not_after !== null && Date.parse(secret.not_after) <= Date.now()) {
    throw new ValidationError(`Validation failure: The certificate ${ref} expired on ${secret.not_after}.`, field);
  }
}

async function optionalRef(ctx: ServiceContext, ref: string | null | undefined, field: string, kinds: SecretKind[]) {
  if (ref) await resolveSecretRef(ctx, ref, field, kinds);
}

/**
 * The TLS columns of a listener. `previous`: the row's certificate refs on an update; a ref that
 * stays is not refused for having expired since (only a new one is).
 */
export async function listenerTlsColumns(ctx: ServiceContext, v: TlsInput, field: string, previous: string[] = []) {
  const broken = listenerTlsRule(v);
  if (broken) throw new ValidationError(broken.message, `${field}${broken.field}`);
  if (v.protocol !== "TERMINATED_HTTPS") {
    return {
      default_tls_container_ref: null,
      sni_container_refs: [],
      client_ca_tls_container_ref: null,
      client_authentication: "NONE" as const,
      client_crl_container_ref: null,
      tls_versions: null,
      tls_ciphers: null,
      alpn_protocols: null,
    };
  }
  if (v.default_tls_container_ref) {
    await certificateRef(ctx, v.default_tls_container_ref, `${field}default_tls_container_ref`, !previous.includes(v.default_tls_container_ref));
  }
  for (const [i, ref] of (v.sni_container_refs ?? []).entries()) {
    await certificateRef(ctx, ref, `${field}sni_container_refs.${i}`, !previous.includes(ref));
  }
  await optionalRef(ctx, v.client_ca_tls_container_ref, `${field}client_ca_tls_container_ref`, ["ca", "certificate"]);
  await optionalRef(ctx, v.client_crl_container_ref, `${field}client_crl_container_ref`, ["crl"]);
  return {
    default_tls_container_ref: v.default_tls_container_ref ?? null,
    sni_container_refs: v.sni_container_refs ?? [],
    client_ca_tls_container_ref: v.client_ca_tls_container_ref ?? null,
    client_authentication: v.client_authentication ?? "NONE",
    client_crl_container_ref: v.client_crl_container_ref ?? null,
    // Octavia: absent or null means the default.
    tls_versions: v.tls_versions ?? DEFAULT_TLS.tls_versions,
    tls_ciphers: v.tls_ciphers ?? DEFAULT_TLS.tls_ciphers,
    alpn_protocols: v.alpn_protocols ?? DEFAULT_TLS.alpn_protocols,
  };
}

/** A listener row's TLS values with an update's given fields laid over them. */
export function mergedListenerTls<R extends Record<(typeof TLS_KEYS)[number] | "protocol", unknown>>(row: R, input: object): TlsInput {
  const merged: Record<string, unknown> = { protocol: row.protocol };
  for (const k of TLS_KEYS) {
    const given = (input as Record<string, unknown>)[k];
    // An update's null resets the versions, ciphers and ALPN to the defaults (listenerTlsColumns).
    merged[k] = given !== undefined ? given : row[k];
  }
  return merged as unknown as TlsInput;
}

export interface PoolTlsInput {
  tls_enabled?: boolean | undefined;
  tls_container_ref?: string | null | undefined;
  ca_tls_container_ref?: string | null | undefined;
  crl_container_ref?: string | null | undefined;
  tls_versions?: string[] | null | undefined;
  tls_ciphers?: string | null | undefined;
  alpn_protocols?: string[] | null | undefined;
}

const POOL_TLS_KEYS = ["tls_enabled", "tls_container_ref", "ca_tls_container_ref", "crl_container_ref", "tls_versions", "tls_ciphers", "alpn_protocols"] as const;

/** The TLS columns of a pool: refs resolved in the project, defaults when TLS is on. */
export async function poolTlsColumns(ctx: ServiceContext, v: PoolTlsInput, field: string) {
  const broken = poolTlsRule(v);
  if (broken) throw new ValidationError(broken.message, `${field}${broken.field}`);
  if (v.tls_container_ref) await certificateRef(ctx, v.tls_container_ref, `${field}tls_container_ref`, false);
  await optionalRef(ctx, v.ca_tls_container_ref, `${field}ca_tls_container_ref`, ["ca", "certificate"]);
  await optionalRef(ctx, v.crl_container_ref, `${field}crl_container_ref`, ["crl"]);
  const enabled = v.tls_enabled ?? false;
  return {
    tls_enabled: enabled,
    tls_container_ref: v.tls_container_ref ?? null,
    ca_tls_container_ref: v.ca_tls_container_ref ?? null,
    crl_container_ref: v.crl_container_ref ?? null,
    // Octavia's default_pool_* settings apply only when TLS is on.
    tls_versions: v.tls_versions ?? (enabled ? DEFAULT_TLS.tls_versions : null),
    tls_ciphers: v.tls_ciphers ?? (enabled ? DEFAULT_TLS.tls_ciphers : null),
    alpn_protocols: v.alpn_protocols ?? (enabled ? DEFAULT_TLS.alpn_protocols : null),
  };
}

export const touchesPoolTls = (input: object) => POOL_TLS_KEYS.some((k) => (input as Record<string, unknown>)[k] !== undefined);

export function mergedPoolTls(row: Record<(typeof POOL_TLS_KEYS)[number], unknown>, input: object): PoolTlsInput {
  const merged: Record<string, unknown> = {};
  for (const k of POOL_TLS_KEYS) {
    const given = (input as Record<string, unknown>)[k];
    merged[k] = given !== undefined ? given : row[k];
  }
  return merged as PoolTlsInput;
}
