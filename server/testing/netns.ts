import { ownedBy } from "@/server/network/names";
import { isGone } from "@/server/network/command";
import { hostLinks, ip, listNamespaces } from "@/server/network/iproute";
import { deleteHostLinks, removeListedNamespace } from "@/server/network/namespaces";
import type { NetworkSettings } from "@/server/network/desired";
import { claimOctet } from "./address-ranges";

// A test world's share of the host's network: a prefix of its own (`t<octet>`), an external
// /24 (198.18.<octet>.0/24, from the benchmarking range no host routes), an underlay /24
// (198.19.<octet>.0/24) and a VXLAN port, claimed from the
// host-wide pool of address-ranges.ts so parallel workers and runs never collide. Whatever a
// dead claimer left under the prefix is removed when the prefix is claimed again, and close()
// removes everything the world made, processes inside its namespaces included.

export interface NetWorld {
  prefix: string;
  /** The world's external network, e.g. "198.18.140.0/24". */
  externalCidr: string;
  /** "198.18.<octet>." for building addresses in the external range. */
  external: (host: number) => string;
  /** The world's underlay, e.g. "198.19.140.0/24". */
  underlayCidr: string;
  /** The host network's settings of this world, as the network reconciler takes them. */
  settings: NetworkSettings;
  /** The same settings as the product's environment, for a process the test starts. */
  env: Record<"NETWORK_PREFIX" | "EXTERNAL_CIDR" | "UNDERLAY_CIDR" | "VXLAN_PORT", string>;
  /** Removes every namespace and link of the prefix and lets the prefix go. */
  close: () => Promise<void>;
}

export async function claimNetWorld(): Promise<NetWorld> {
  const { octet, release } = claimOctet();
  const prefix = `t${octet}`;
  await cleanupPrefix(prefix);
  const externalCidr = `198.18.${octet}.0/24`;
  const underlayCidr = `198.19.${octet}.0/24`;
  return {
    prefix,
    externalCidr,
    external: (host) => `198.18.${octet}.${host}`,
    underlayCidr,
    // A VXLAN port of the world's own: two worlds' endpoints in the host's namespace may share a VNI.
    settings: { prefix, externalCidr, upstreamGateway: null, underlayCidr, vxlan: { port: 4800 + octet, group: "239.1.1.1" } },
    env: { NETWORK_PREFIX: prefix, EXTERNAL_CIDR: externalCidr, UNDERLAY_CIDR: underlayCidr, VXLAN_PORT: String(4800 + octet) },
    close: async () => {
      try {
        await cleanupPrefix(prefix);
      } finally {
        release();
      }
    },
  };
}

/** Kills what runs inside a namespace (a test's servers), so the namespace can really go. */
async function killInside(ns: string) {
  let pids: string;
  try {
    pids = await ip(["netns", "pids", ns]);
  } catch (err) {
    if (isGone(err)) return;
    throw err;
  }
  for (const pid of pids.split(/\s+/).filter(Boolean).map(Number)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Removes every namespace and host link carrying the prefix (veth ends before bridges). */
export async function cleanupPrefix(prefix: string): Promise<void> {
  const mine = (await listNamespaces()).filter((ns) => ownedBy(prefix, ns.name));
  const before = await hostLinks();
  for (const ns of mine) {
    await killInside(ns.name);
    await removeListedNamespace(prefix, ns, before);
  }
  const links = (await hostLinks()).filter((l) => ownedBy(prefix, l.ifname));
  const isBridge = (l: (typeof links)[number]) => l.linkinfo?.info_kind === "bridge";
  await deleteHostLinks([...links.filter((l) => !isBridge(l)), ...links.filter(isBridge)].map((l) => l.ifname));
}
