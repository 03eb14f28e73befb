import { run } from "./command";
import { parseJsonList, type IpLink, type IpRoute } from "./iproute";

// What is inside the product's namespaces, read in bulk: one shell per share of the namespaces
// runs `ip -n` (links with their addresses, then routes) and one `ip netns exec` (forwarding and
// the nftables ruleset) per namespace, so a full pass over hundreds of namespaces spawns a
// handful of processes from Node, not thousands.

export interface NamespaceState {
  links: IpLink[];
  /** The main table's routes. */
  routes: IpRoute[];
  forwarding: boolean;
  /** `nft list ruleset` inside. */
  ruleset: string;
}

// The namespace names come in as arguments ("$@"), never inside the script's text.
const SCRIPT = `
for ns in "$@"; do
  printf '\\n@@ns %s\\n' "$ns"
  ip -n "$ns" -d -json addr show || continue
  printf '\\n@@routes\\n'
  ip -n "$ns" -json route show table main
  printf '\\n@@inside\\n'
  ip netns exec "$ns" sh -c 'cat /proc/sys/net/ipv4/ip_forward; nft list ruleset'
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
    const routesAt = body.indexOf("\n@@routes\n");
    const insideAt = body.indexOf("\n@@inside\n");
    if (routesAt < 0 || insideAt < 0) continue; // vanished while read: absent
    const inside = body.slice(insideAt + "\n@@inside\n".length);
    const firstLine = inside.indexOf("\n");
    states.set(name, {
      links: parseJsonList<IpLink>(body.slice(0, routesAt)),
      routes: parseJsonList<IpRoute>(body.slice(routesAt + "\n@@routes\n".length, insideAt)),
      forwarding: inside.slice(0, firstLine).trim() === "1",
      ruleset: inside.slice(firstLine + 1),
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
