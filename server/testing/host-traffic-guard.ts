import { execFileSync } from "node:child_process";
import { isIP } from "node:net";

// Every integration test file runs with this guard (vitest's setupFiles): the test process may
// send HTTP only to loopback and to the cloud's external bridges (a floating IP, a VIP on
// `public`). A tenant address such as 10.0.0.5 is not on the host: the kernel would send the
// request out by the host's default route, off this machine, and whatever answered there would
// pass for the cloud. Such a request fails here, loudly, before it leaves.

/** A product bridge: `<prefix>-b<hex>` (server/network/names.ts). */
const PRODUCT_BRIDGE = /^[a-z][a-z0-9]{1,4}-b[0-9a-f]+$/;
const verdicts = new Map<string, string | null>();

/** Null when the host reaches `address` through loopback or a product bridge; else why not. */
export function offHostPath(address: string): string | null {
  const known = verdicts.get(address);
  if (known !== undefined) return known;
  let verdict: string | null;
  try {
    const [route] = JSON.parse(execFileSync("ip", ["-json", "route", "get", address], { encoding: "utf8" })) as { dev?: string; gateway?: string }[];
    const dev = route?.dev ?? "";
    verdict = !route?.gateway && (dev === "lo" || PRODUCT_BRIDGE.test(dev)) ? null : `the host reaches ${address} by ${route?.gateway ? `gateway ${route.gateway} ` : ""}dev ${dev || "none"}`;
  } catch (err) {
    verdict = `no route to ${address} (${(err as Error).message.trim()})`;
  }
  // Only the refusals are remembered: a bridge that appears later makes an address reachable.
  if (verdict !== null) return verdict;
  verdicts.set(address, null);
  return null;
}

const realFetch = globalThis.fetch;
globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) === 4) {
    const why = offHostPath(host);
    if (why) return Promise.reject(new Error(`refusing to send ${url.href} from the host: ${why}; reach the cloud through a floating IP (stack.reach) or from a namespace (curlFrom)`));
  }
  return realFetch(input, init);
};
