// A minimal Server-Sent Events reader over fetch, for tests that watch `events.onStatus` through
// the real HTTP endpoint (Node 20 has no EventSource). It understands what tRPC sends: `id:`,
// `event:` and `data:` lines, events separated by a blank line.

export interface SseMessage {
  id: string | null;
  event: string | null;
  data: string;
}

/** `headers` adds to the request, e.g. an X-Auth-Token or a session cookie. */
export async function* readSse(url: string, signal: AbortSignal, headers: Record<string, string> = {}): AsyncGenerator<SseMessage> {
  const res = await fetch(url, { signal, headers: { accept: "text/event-stream", ...headers } });
  if (!res.ok || !res.body) throw new Error(`SSE ${url} answered ${res.status}`);
  const decoder = new TextDecoder();
  let buffer = "";
  let message: SseMessage = { id: null, event: null, data: "" };
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, "");
        buffer = buffer.slice(newline + 1);
        if (line === "") {
          if (message.data !== "" || message.event) yield message;
          message = { id: null, event: null, data: "" };
          continue;
        }
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "id") message.id = value;
        else if (field === "event") message.event = value;
        else if (field === "data") message.data += (message.data ? "\n" : "") + value;
      }
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  }
}
