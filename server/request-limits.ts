// What one HTTP request may ask of the server, for every door (tRPC, Octavia, Neutron, Keystone):
// the size of its body and the calls in one tRPC batch. No server imports: the dashboard's tRPC
// client reads MAX_BATCH_SIZE to split its batches to what the server takes.

/**
 * The largest request body read. The largest legitimate one is a key manager upload (64 KiB of
 * payload, a PKCS12 archive or PEM bundle) or a graph create at its array bounds (a few hundred
 * KiB); 1 MiB fits both with room, and no client can make the server buffer more.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export const BODY_TOO_LARGE = `The request body is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MiB.`;

/** Calls in one tRPC batch (the dashboard's client splits larger ones). */
export const MAX_BATCH_SIZE = 50;

/**
 * `req` with its body read into memory, or null when the body is larger than `max` bytes (the
 * caller answers 413). A declared Content-Length over the bound is refused unread; a body sent
 * without one is read at most to the bound, then dropped.
 */
export async function boundedRequest(req: Request, max: number = MAX_BODY_BYTES): Promise<Request | null> {
  if (req.body === null) return req;
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) {
    await req.body.cancel().catch(() => undefined);
    return null;
  }
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  chunks.reduce((offset, chunk) => (body.set(chunk, offset), offset + chunk.byteLength), 0);
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}
