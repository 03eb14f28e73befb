import type { ListenerTlsModel, PoolTlsModel } from "@/amphora/model";
import type { Db } from "@/db/client";
import type { listeners, pools } from "@/db/schema";
import { secretIdOf } from "@/server/keymanager/refs";
import { secretPayloads } from "@/server/keymanager/secrets";
import { DEFAULT_TLS } from "@/server/services/schemas/tls";

// The TLS part of a load balancer's model: the key manager's payloads, decrypted for the
// renderer, behind the refs its listeners and pools carry. Only the controller decrypts.

type ListenerRow = typeof listeners.$inferSelect;
type PoolRow = typeof pools.$inferSelect;

export async function tlsModels(db: Db, ls: ListenerRow[], ps: PoolRow[]) {
  const terminated = ls.filter((l) => l.protocol === "TERMINATED_HTTPS");
  const reencrypting = ps.filter((p) => p.tls_enabled);
  const refs = [
    ...terminated.flatMap((l) => [l.default_tls_container_ref, ...l.sni_container_refs, l.client_ca_tls_container_ref, l.client_crl_container_ref]),
    ...reencrypting.flatMap((p) => [p.tls_container_ref, p.ca_tls_container_ref, p.crl_container_ref]),
  ].filter((r): r is string => r !== null);
  const payloads = await secretPayloads(db, [...new Set(refs.map(secretIdOf).filter((id): id is string => id !== null))]);
  const pem = (ref: string | null): string | null => {
    if (ref === null) return null;
    const payload = payloads.get(secretIdOf(ref) ?? "");
    // The API refuses refs it cannot resolve and deleting a secret in use: this is a bug, say so.
    if (payload === undefined) throw new Error(`secret ${ref} is gone from the key manager`);
    return payload;
  };
  return {
    listener(l: ListenerRow): ListenerTlsModel | null {
      if (l.protocol !== "TERMINATED_HTTPS") return null;
      return {
        certificates: [l.default_tls_container_ref, ...l.sni_container_refs].map(pem).filter((p): p is string => p !== null),
        client_ca: pem(l.client_ca_tls_container_ref),
        client_crl: pem(l.client_crl_container_ref),
        client_authentication: l.client_authentication,
        tls_versions: (l.tls_versions ?? DEFAULT_TLS.tls_versions) as ListenerTlsModel["tls_versions"],
        tls_ciphers: l.tls_ciphers,
        alpn_protocols: (l.alpn_protocols ?? []) as ListenerTlsModel["alpn_protocols"],
      };
    },
    pool(p: PoolRow): PoolTlsModel | null {
      if (!p.tls_enabled) return null;
      return {
        client_certificate: pem(p.tls_container_ref),
        ca: pem(p.ca_tls_container_ref),
        crl: pem(p.crl_container_ref),
        tls_versions: (p.tls_versions ?? DEFAULT_TLS.tls_versions) as PoolTlsModel["tls_versions"],
        tls_ciphers: p.tls_ciphers,
        alpn_protocols: (p.alpn_protocols ?? []) as PoolTlsModel["alpn_protocols"],
      };
    },
  };
}
