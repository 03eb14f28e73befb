import { Address4 } from "ip-address";
import { z } from "zod";
import { assertIfname, assertPrefix, IFNAME_MAX, isNamespaceName, ownedBy } from "./names";
import type { BridgePlan, HostNetworkPlan, NamespacePlan } from "./plan";

// The engine checks a plan before it runs a single command: every name is one the engine could
// have made for this prefix, every address an IPv4 CIDR, every route's gateway an address. A
// plan is built from validated rows, so a refusal here is a bug upstream, said plainly.

const refineWith = (check: (v: string) => unknown) => (value: string, ctx: z.RefinementCtx) => {
  try {
    check(value);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
  }
};

/** An IPv4 address in CIDR form, as the kernel takes it (a host address with its prefix length). */
const cidrAddress = z.string().refine((v) => v.includes("/") && Address4.isValid(v), "is not an IPv4 address in CIDR form")
  .transform((v) => `${new Address4(v).correctForm()}/${new Address4(v).subnetMask}`);
const address = z.string().refine((v) => !v.includes("/") && Address4.isValid(v), "is not an IPv4 address");
/** "default", or a network in CIDR form whose host bits are zero (the kernel refuses others). */
const isNetwork = (v: string) => {
  if (!v.includes("/") || !Address4.isValid(v)) return false;
  const net = new Address4(v);
  return net.startAddress().correctForm() === net.correctForm();
};
const destination = z
  .string()
  .refine((v) => v === "default" || isNetwork(v), "is not \"default\" nor a network in CIDR form")
  .transform((v) => (v === "default" ? v : `${new Address4(v).correctForm()}/${new Address4(v).subnetMask}`));
/** An Ethernet MTU the kernel takes for a veth, a bridge or a VXLAN device. */
const mtu = z.number().int().min(1280).max(65_535);
const mac = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, "is not a lowercase MAC address");

function linkName(prefix: string) {
  return z.string().max(IFNAME_MAX).superRefine(refineWith(assertIfname)).refine((v) => ownedBy(prefix, v), `does not carry the prefix ${prefix}-`);
}

const schemas = new Map<string, ReturnType<typeof makeSchemas>>();
/** The schemas of one prefix, made once: a full pass checks hundreds of namespaces. */
function schemaFor(prefix: string) {
  let made = schemas.get(prefix);
  if (!made) schemas.set(prefix, (made = makeSchemas(prefix)));
  return made;
}

function makeSchemas(prefix: string) {
  const port = z.object({
    ifname: z.string().superRefine(refineWith(assertIfname)),
    hostIfname: linkName(prefix),
    bridge: linkName(prefix),
    addresses: z.array(cidrAddress),
    mac: mac.optional(),
    mtu: mtu.optional(),
  });
  const namespace = z.object({
    name: z.string().refine((v) => isNamespaceName(prefix, v), `is not a namespace name of the prefix ${prefix}`),
    kind: z.enum(["router", "amphora", "instance", "host"]),
    ports: z.array(port),
    routes: z.array(z.object({ destination, via: address })),
    forwarding: z.boolean(),
    nftables: z.string().nullable(),
  });
  const vxlan = z.object({
    name: linkName(prefix),
    vni: z.number().int().min(1).max(16_777_215),
    local: address,
    group: address.refine((v) => new Address4(v).isMulticast(), "is not a multicast address"),
    device: z.string().superRefine(refineWith(assertIfname)),
    port: z.number().int().min(1).max(65_535),
  });
  const bridge = z.object({
    name: linkName(prefix),
    hostAddress: cidrAddress.optional(),
    mtu: mtu.optional(),
    snooping: z.literal(false).optional(),
    vxlan: vxlan.optional(),
    uplink: z.string().superRefine(refineWith(assertIfname)).optional(),
  });
  return { namespace, bridge };
}

function unique(what: string, values: string[]) {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw new Error(`network plan: ${what} ${v} appears twice`);
    seen.add(v);
  }
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`network plan: ${what} ${issue.path.join(".")} ${JSON.stringify(pathValue(value, issue.path))} ${issue.message}`);
  }
  return result.data;
}

function pathValue(value: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/** The bridges, checked and in canonical form. */
export function checkBridges(prefix: string, bridges: BridgePlan[]): BridgePlan[] {
  assertPrefix(prefix);
  const checked = bridges.map((b) => parsed(schemaFor(prefix).bridge, b, `bridge ${b.name}`));
  unique("bridge", checked.map((b) => b.name));
  return checked;
}

/** One namespace, checked against the bridges it may use, in canonical form. */
export function checkNamespace(prefix: string, ns: NamespacePlan, bridges: BridgePlan[]): NamespacePlan {
  assertPrefix(prefix);
  const checked = parsed(schemaFor(prefix).namespace, ns, `namespace ${ns.name}`);
  unique(`interface of ${ns.name}`, checked.ports.map((p) => p.ifname));
  const known = new Set(bridges.map((b) => b.name));
  for (const p of checked.ports) {
    if (!known.has(p.bridge)) throw new Error(`network plan: port ${p.ifname} of ${ns.name} is on bridge ${p.bridge}, which the plan does not have`);
    if (p.ifname === "lo") throw new Error(`network plan: a port of ${ns.name} is named lo`);
  }
  return checked;
}

/** The whole plan, checked, in canonical form. */
export function checkPlan(plan: HostNetworkPlan): HostNetworkPlan {
  const bridges = checkBridges(plan.prefix, plan.bridges);
  const namespaces = plan.namespaces.map((ns) => checkNamespace(plan.prefix, ns, bridges));
  unique("namespace", namespaces.map((n) => n.name));
  unique("host link", [...bridges.flatMap((b) => [b.name, ...(b.vxlan ? [b.vxlan.name] : [])]), ...namespaces.flatMap((n) => n.ports.map((p) => p.hostIfname))]);
  return { prefix: plan.prefix, bridges, namespaces };
}
