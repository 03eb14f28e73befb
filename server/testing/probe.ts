import { execa } from "execa";

// A request from inside the cloud: curl run in a namespace of the product (an instance's, or an
// amphora's), the way a tenant's machine on that network would send it. The host itself never
// sends to a tenant address; it reaches the cloud through floating IPs.

export interface ProbeAnswer {
  /** The HTTP status, or 0 when nothing answered (refused, timed out, reset). */
  status: number;
  body: string;
}

/** GET (or whatever `args` say) `url` from inside `netns`; never throws for a failed connection. */
export async function curlFrom(netns: string, url: string, args: string[] = [], timeoutSeconds = 3): Promise<ProbeAnswer> {
  if (!/^[a-z][a-z0-9]{1,4}-(instance|amphora|qrouter)-[0-9a-f-]{36}$/.test(netns)) throw new Error(`not a product namespace: ${netns}`);
  const result = await execa("ip", ["netns", "exec", netns, "curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "--max-time", String(timeoutSeconds), ...args, url], {
    reject: false,
    stdin: "ignore",
  });
  const out = result.stdout ?? "";
  const cut = out.lastIndexOf("\n");
  const status = Number(out.slice(cut + 1)) || 0;
  return { status, body: cut >= 0 ? out.slice(0, cut) : "" };
}

/** GETs `url` from inside `netns` `count` times (a new connection each time): the bodies, trimmed, "" where nothing answered. */
export async function fetchBodiesFrom(netns: string, url: string, count: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) bodies.push((await curlFrom(netns, url)).body.trim());
  return bodies;
}
