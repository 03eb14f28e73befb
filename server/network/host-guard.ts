import { Address4 } from "ip-address";
import { isGone } from "./command";
import { ip, ipJson, type IpRoute } from "./iproute";
import { DEFAULT_PREFIX, ownedBy } from "./names";

// What the engine checks of the host before it builds on it: the product's ranges must not
// overlap a route the host already has (its own network, a VPN…), an address the product sends
// to from the host's namespace must be reached through the product's own bridge or loopback
// (never out of eth0 by the default route), and the process must be allowed to make namespaces.

const isIpv4Cidr = (v: string) => Address4.isValid(v) && !v.includes(":");

function overlaps(a: string, b: string): boolean {
  const x = new Address4(a);
  const y = new Address4(b);
  return x.isInSubnet(y) || y.isInSubnet(x);
}

function describe(route: IpRoute): string {
  return [route.type && route.type !== "unicast" ? route.type : "", route.dst, route.gateway ? `via ${route.gateway}` : "", route.dev ? `dev ${route.dev}` : "", route.table ? `table ${route.table}` : ""]
    .filter(Boolean)
    .join(" ");
}

/** The first of the host's routes, outside the product's own links, that overlaps `range`. */
export function overlappingRoute(range: string, routes: IpRoute[], prefix: string = DEFAULT_PREFIX): IpRoute | undefined {
  return routes.find(
    (r) => r.dst !== "default" && isIpv4Cidr(r.dst) && !(r.dev && ownedBy(prefix, r.dev)) && overlaps(range, r.dst),
  );
}

/**
 * Refuses when one of the product's ranges (named by its setting, e.g. `{ EXTERNAL_CIDR: … }`)
 * overlaps a route the host has outside the product's links, in any table.
 */
export async function checkRanges(ranges: Record<string, string>, prefix: string = DEFAULT_PREFIX): Promise<void> {
  const routes = await ipJson<IpRoute>(["route", "show", "table", "all"]);
  for (const [setting, range] of Object.entries(ranges)) {
    if (!range.includes("/") || !isIpv4Cidr(range)) throw new Error(`${setting} ${JSON.stringify(range)} is not an IPv4 CIDR`);
    const route = overlappingRoute(range, routes, prefix);
    if (route) {
      throw new Error(
        `${setting} ${range} overlaps the host's route "${describe(route)}": choose a range the host does not use, or the product's traffic would leave by that route`,
      );
    }
  }
}

/** Throws unless the host reaches `address` through loopback or one of the product's bridges. */
export async function assertLocalPath(address: string, prefix: string = DEFAULT_PREFIX): Promise<void> {
  if (address.includes("/") || !isIpv4Cidr(address)) throw new Error(`${JSON.stringify(address)} is not an IPv4 address`);
  const [route] = await ipJson<IpRoute>(["route", "get", address]);
  const dev = route?.dev;
  if (!route || !dev || route.gateway || !(dev === "lo" || ownedBy(prefix, dev))) {
    throw new Error(
      `the host reaches ${address} by "${route ? describe(route) : "no route"}", not through loopback or a ${prefix}- bridge: refusing to send there from the host`,
    );
  }
}

export type Privileges = { ok: true } | { ok: false; message: string };

/** Whether this process is root and can make a network namespace; when not, what to do. */
export async function checkPrivileges(prefix: string = DEFAULT_PREFIX): Promise<Privileges> {
  if (process.getuid?.() !== 0) {
    return { ok: false, message: "the network engine needs root (network namespaces, bridges, nftables): run `npm start` as root, e.g. with sudo" };
  }
  const probe = `${prefix}-probe-${process.pid}`;
  try {
    await ip(["netns", "add", probe]);
  } catch (err) {
    return {
      ok: false,
      message: `root cannot make a network namespace here (${(err as Error).message.trim()}): a container needs CAP_SYS_ADMIN and CAP_NET_ADMIN (e.g. docker run --privileged)`,
    };
  }
  try {
    await ip(["netns", "del", probe]);
  } catch (err) {
    if (!isGone(err)) throw err;
  }
  return { ok: true };
}
