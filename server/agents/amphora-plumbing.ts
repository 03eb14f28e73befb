import fs from "node:fs";
import { z } from "zod";
import { type AgentNetwork, InvalidRequestError } from "@/amphora/agent/api";
import { writeAtomic } from "@/amphora/layout";
import * as engine from "@/server/network/apply";
import { announceAddresses } from "@/server/network/garp";
import { ipJson, ipv4Addresses, type IpLink } from "@/server/network/iproute";
import * as names from "@/server/network/names";
import type { BridgePlan, NamespacePlan } from "@/server/network/plan";

// An amphora host's network side, run by its agent: Octavia's plug VIP and plug network. The
// controller sends an amphora's namespace as the network engine plans it and each of its
// networks' segment; the host makes, in its own namespace, each network's bridge with its
// VXLAN endpoint on the host's underlay address (or, for the flat external network, its
// provider port), and then the amphora's namespace with its ports on those bridges. Every name
// and address is checked by the engine's plan schema before a command runs.

export interface AmphoraPlumbingOptions {
  prefix: string;
  /**
   * The host's own namespace when it is one of the controller machine's hosts (its bridges and
   * its amphorae's host ends live there); undefined: the agent's own network namespace (the
   * host is a machine of its own).
   */
  hostNamespace?: string;
  /** This host's underlay address, the source of its VXLAN endpoints. */
  underlayAddress: string;
  /** The host's port on the flat external network; without one, no amphora with a port there is plugged here. */
  providerInterface?: string;
  /** Where the namespace of each load balancer's amphora is kept, so a restarted agent still knows it. */
  stateFile: string;
}

const plugSchema = z.strictObject({
  // The engine's plan schema checks it whole (checkNamespace) against the bridges made below.
  namespace: z.looseObject({ kind: z.literal("amphora", { error: "the namespace to plug must be an amphora's" }) }),
  segments: z
    .array(z.strictObject({ network_id: z.uuid(), vni: z.number().int().min(1).max(16_777_215).nullable() }))
    .min(1)
    .max(256),
  vxlan: z.strictObject({ port: z.number().int().min(1).max(65_535), group: z.ipv4() }),
});

export interface AmphoraPlumbing extends AgentNetwork {
  /** The namespace the load balancer's amphora was plugged in on this host, or null. */
  namespaceOf(lbId: string): string | null;
  /** Every amphora namespace plugged here. */
  namespaces(): string[];
}

export function amphoraPlumbing(opts: AmphoraPlumbingOptions): AmphoraPlumbing {
  const { prefix } = opts;
  const at = opts.hostNamespace;
  const plugged = new Map<string, string>(readState(opts.stateFile, prefix));
  let saving: Promise<void> = Promise.resolve();
  const save = () => {
    const text = `${JSON.stringify(Object.fromEntries(plugged))}\n`;
    saving = saving.then(() => writeAtomic(opts.stateFile, text, 0o600));
    return saving;
  };

  /** The link that holds the underlay address: the VXLAN endpoints' device. Found once. */
  let underlayDevice: Promise<string> | null = null;
  const deviceOfUnderlay = () =>
    (underlayDevice ??= ipJson<IpLink>(["addr", "show"], at).then((links) => {
      const link = links.find((l) => ipv4Addresses(l).some((a) => a.split("/")[0] === opts.underlayAddress));
      if (!link) throw new Error(`no link of this host holds its underlay address ${opts.underlayAddress}`);
      return link.ifname;
    })).catch((err: unknown) => {
      underlayDevice = null;
      throw err;
    });

  const bridgesOf = async (request: z.infer<typeof plugSchema>): Promise<BridgePlan[]> => {
    const device = request.segments.some((s) => s.vni !== null) ? await deviceOfUnderlay() : "";
    return request.segments.map((segment) => {
      const name = names.bridgeName(prefix, segment.network_id);
      if (segment.vni !== null) {
        return { name, vxlan: { name: names.vxlanName(prefix, segment.network_id), vni: segment.vni, local: opts.underlayAddress, group: request.vxlan.group, device, port: request.vxlan.port } };
      }
      if (!opts.providerInterface) throw new InvalidRequestError(`this host has no port on the external network ${segment.network_id}`);
      return { name, uplink: opts.providerInterface };
    });
  };

  return {
    namespaceOf: (lbId) => plugged.get(lbId) ?? null,
    namespaces: () => [...plugged.values()],
    async plug(lbId, body) {
      // The controller sends an AmphoraPlug (server/network/desired.ts); nothing of it is trusted.
      const parsed = plugSchema.safeParse(body);
      if (!parsed.success) throw new InvalidRequestError(z.prettifyError(parsed.error));
      const request = parsed.data;
      const namespace = request.namespace as unknown as NamespacePlan;
      const bridges = await bridgesOf(request);
      try {
        await engine.ensureNamespace(prefix, namespace, bridges, at);
      } catch (err) {
        // The plan schema's refusals are the request's fault; the rest is this host's.
        if (err instanceof Error && err.message.startsWith("network plan:")) throw new InvalidRequestError(err.message);
        throw err;
      }
      // The VIP may have been another amphora's a moment ago, on another host (a failover): its
      // MAC follows the address, so every bridge and VXLAN endpoint on the way learns where it
      // is now at once, not when this amphora first sends.
      const vip = namespace.ports.find((p) => p.ifname === names.AMPHORA_VIP_IFNAME)?.addresses[0];
      if (vip) announceAddresses(namespace.name, names.AMPHORA_VIP_IFNAME, [vip.split("/")[0]!]);
      const before = plugged.get(lbId);
      if (before === namespace.name) return;
      plugged.set(lbId, namespace.name);
      await save();
      // A new amphora of the same load balancer (a failover back onto this host): the old one's namespace goes.
      if (before) await engine.removeNamespace(prefix, before, at);
    },
    async announce(lbId) {
      const ns = plugged.get(lbId);
      if (!ns) return false;
      const [vip] = await ipJson<IpLink>(["addr", "show", "dev", names.AMPHORA_VIP_IFNAME], ns);
      const addresses = vip ? ipv4Addresses(vip).map((a) => a.split("/")[0]!) : [];
      announceAddresses(ns, names.AMPHORA_VIP_IFNAME, addresses);
      return addresses.length > 0;
    },
    async unplug(lbId) {
      const ns = plugged.get(lbId);
      if (!ns) return;
      await engine.removeNamespace(prefix, ns, at);
      plugged.delete(lbId);
      await save();
    },
  };
}

/** The namespaces a last run plugged, by load balancer; only amphora namespaces of this prefix are believed. */
function readState(file: string, prefix: string): [string, string][] {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return [];
  }
  const parsed = z.record(z.uuid(), z.string()).safeParse(value);
  if (!parsed.success) return [];
  return Object.entries(parsed.data).filter(([, ns]) => names.namespaceKind(prefix, ns) === "amphora");
}

/**
 * The namespace a driver starts a load balancer's HAProxy in: its amphora's, as plugged here.
 * One never plugged gets a name no namespace has, so HAProxy is refused a start, with the reason,
 * rather than started in the host's own namespace.
 */
export function amphoraNamespaceOf(plumbing: Pick<AmphoraPlumbing, "namespaceOf">, prefix: string, lbId: string): string {
  return plumbing.namespaceOf(lbId) ?? names.namespaceName(prefix, "amphora", lbId);
}
