import { run } from "./command";
import { parseJsonList, type IpLink, type IpRoute } from "./iproute";

// What is inside the product's namespaces, read in bulk: one shell per share of the namespaces
// runs, per namespace, one `ip -n <ns> -batch` (links with their addresses, routes, and netconf
// for forwarding: one JSON line each) and one `nsenter --net … nft list ruleset`, so a full pass
// over hundreds of namespaces spawns a handful of processes from Node, not thousands. nsenter
// enters the network namespace only: lighter than `ip netns exec`, which also remounts /sys.

export interface NamespaceState {
  links: IpLink[];
  /** The main table's routes. */
  routes: IpRoute[];
  forwarding: boolean;
  /** `nft list ruleset` inside. */
  ruleset: string;
}

interface Netconf {
  family: string;
  interface: string;
  forwarding?: boolean;
}

// The namespace names come in as arguments ("$@"), never inside the script's text.
const SCRIPT = `
for ns in "$@"; do
  printf '\\n@@ns %s\\n' "$ns"
  printf 'addr show\\nroute show table main\\nnetconf show\\n' | ip -n "$ns" -d -json -batch - || continue
  printf '\\n@@inside\\n'
  nsenter --net="/run/netns/$ns" nft list ruleset
done
exit 0
`;

/** Splits the names into at most `shares` runs read side by side (the host has few cores). */
function shares<T>(items: T[], count: number): T[][] {
  const size = Math.max(1, Math.ceil(items.length / count));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function parse(output: string): Map<string, NamespaceState> {
  const states = new Map<string, NamespaceState>();
  for (const block of output.split("\n@@ns ").slice(1)) {
    const nameEnd = block.indexOf("\n");
    const name = block.slice(0, nameEnd);
    const body = block.slice(nameEnd + 1);
    const insideAt = body.indexOf("\n@@inside\n");
    if (insideAt < 0) continue; // vanished while read: absent
    // `ip -json` prints each answer on one line: the links, the routes, then netconf.
    const [links = "", routes = "", netconf = ""] = body.slice(0, insideAt).split("\n").filter((line) => line.trim() !== "");
    // net.ipv4.ip_forward is IPv4's "all" forwarding.
    const all = parseJsonList<Netconf>(netconf).find((c) => c.family === "inet" && c.interface === "all");
    states.set(name, {
      links: parseJsonList<IpLink>(links),
      routes: parseJsonList<IpRoute>(routes),
      forwarding: all?.forwarding === true,
      ruleset: body.slice(insideAt + "\n@@inside\n".length),
    });
  }
  return states;
}

/** The state of each named namespace that exists (a missing one is absent from the map). */
export async function readNamespaces(names: string[]): Promise<Map<string, NamespaceState>> {
  const outputs = await Promise.all(shares(names, 2).map((part) => run("sh", ["-c", SCRIPT, "sh", ...part])));
  const states = new Map<string, NamespaceState>();
  for (const output of outputs) for (const [name, state] of parse(output)) states.set(name, state);
  return states;
}
