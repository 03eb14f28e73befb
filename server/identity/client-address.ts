import { subscribe } from "node:diagnostics_channel";
import { Address4, Address6 } from "ip-address";
import { z } from "zod";

// Who is on the other end of a request, for the login limiter and the logs. A client may write
// any X-Forwarded-For it likes, and Next only adds the peer's address when the header is absent,
// so the header is believed only hop by hop from the right, while each hop is a configured
// proxy (TRUSTED_PROXIES); the first untrusted hop is the client.
//
// Next hands route handlers no socket, so the peer's address is stamped on every request by the
// server itself: Node publishes each request on the `http.server.request.start` diagnostics
// channel before any handler sees it, and the stamp overwrites whatever a client sent under
// that name. Where no stamp was installed (a process that did not call stampPeerAddresses),
// the peer is unknown and every untrusted request shares the one address "unknown".

export const PEER_HEADER = "x-lbaas-peer-address";

// On globalThis: Next bundles instrumentation and each route handler separately, and the stamp
// installed by one must be believed by the others.
const registry = globalThis as unknown as { lbaasStampingPeers?: boolean };

/** Stamps each incoming request of this process's HTTP servers with its peer's address. Idempotent. */
export function stampPeerAddresses(): void {
  if (registry.lbaasStampingPeers) return;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: { headers: Record<string, unknown> }; socket: { remoteAddress?: string } };
    request.headers[PEER_HEADER] = socket.remoteAddress ?? "unknown";
  });
  registry.lbaasStampingPeers = true;
}

/** An IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d; it is a.b.c.d. */
function normalized(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed.toLowerCase();
}

const parsed = (address: string): Address4 | Address6 | null => {
  if (Address4.isValid(address)) return new Address4(address);
  if (Address6.isValid(address)) return new Address6(address);
  return null;
};

/** TRUSTED_PROXIES: addresses and CIDRs, IPv4 or IPv6, comma-separated; empty trusts no one. */
export const trustedProxiesSchema = z
  .string()
  .default("")
  .transform((s) => s.split(",").map((c) => c.trim()).filter(Boolean))
  .pipe(z.array(z.string().refine((c) => parsed(c) !== null, { error: (i) => `${String(i.input)} is not an IP address or CIDR such as 10.0.0.0/8` })));

export type TrustedProxies = readonly string[];

export function isTrusted(address: string, trusted: TrustedProxies): boolean {
  const candidate = parsed(normalized(address));
  if (!candidate) return false;
  return trusted.some((entry) => {
    const range = parsed(entry);
    if (!range || range.v4 !== candidate.v4) return false;
    return candidate.isInSubnet(range as never);
  });
}

/** The client's address: the peer, or, while hops are trusted proxies, the hop each one names. */
export function clientAddress(headers: Headers, trusted: TrustedProxies): string {
  const peer = registry.lbaasStampingPeers ? headers.get(PEER_HEADER) : null;
  if (!peer) return "unknown";
  let address = normalized(peer);
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  while (hops.length > 0 && isTrusted(address, trusted)) address = normalized(hops.pop()!);
  return address;
}
