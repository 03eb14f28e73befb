import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instances, networks, projects, routers, subnets } from "@/db/schema";
import { allocatePort } from "./ipam";
import { GATEWAY_OWNER, INTERFACE_OWNER } from "./routerLookup";
import { defaultAllocationPools, defaultGateway, subnetCidrRule } from "./subnetRules";

// The demo cloud every fresh database starts with: the shared external network `public` on
// EXTERNAL_CIDR (its first address is the host's own, on the external bridge), and per project
// the tenant networks selfservice (10.0.0.0/24) and backend (10.0.1.0/24), instances on them and
// router1 between them and `public`. Tenant subnets live only inside the network's namespaces,
// so every project may use the same ones; the host reaches them through floating IPs.

export interface DemoCloudLayout {
  projectName: string;
  /** The external network's CIDR (EXTERNAL_CIDR): a /24 of 198.18.0.0/15 by default. */
  externalCidr: string;
}

export const DEFAULT_LAYOUT: DemoCloudLayout = { projectName: "demo", externalCidr: "198.18.0.0/24" };

/** A subnet in Neutron's defaults: the first host address the gateway, the rest the pool. */
const subnet = (cidr: string) => {
  const gateway_ip = defaultGateway(cidr);
  return { cidr, gateway_ip, allocation_pools: defaultAllocationPools(cidr, gateway_ip) };
};

/** The external network's subnet on `cidr`, made (network `public`, shared) when no network has it yet. */
export async function ensureExternalSubnet(db: Db, projectId: string, cidr: string) {
  const [existing] = await db
    .select({ subnet: subnets })
    .from(subnets)
    .innerJoin(networks, eq(subnets.network_id, networks.id))
    .where(and(eq(subnets.cidr, cidr), eq(networks.router_external, true)));
  if (existing) return existing.subnet;
  const [network] = await db.insert(networks).values({ project_id: projectId, name: "public", router_external: true, shared: true }).returning();
  if (!network) throw new Error("network insert returned no row");
  const [sn] = await db.insert(subnets).values({ project_id: projectId, network_id: network.id, name: "public-subnet", ...subnet(cidr) }).returning();
  if (!sn) throw new Error("subnet insert returned no row");
  return sn;
}

/** A tenant network with one subnet, as `openstack network create` and `subnet create` make them. */
export async function seedNetwork(db: Db, project_id: string, name: string, cidr: string, subnetName = `${name}-subnet`) {
  const [network] = await db.insert(networks).values({ project_id, name }).returning();
  if (!network) throw new Error("network insert returned no row");
  const [sn] = await db.insert(subnets).values({ project_id, network_id: network.id, name: subnetName, ...subnet(cidr) }).returning();
  if (!sn) throw new Error("subnet insert returned no row");
  return sn;
}

/**
 * The project named `name`, created if missing, with nothing in it: a server started with
 * DEMO_CLOUD=0 still acts in a project, and the admin creates its networks. Returns its id.
 */
export async function ensureProject(db: Db, name: string = DEFAULT_LAYOUT.projectName): Promise<string> {
  await db.insert(projects).values({ name }).onConflictDoNothing({ target: projects.name });
  const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.name, name));
  if (!project) throw new Error(`project ${name} could not be created`);
  return project.id;
}

/** Creates the demo project and its cloud unless the project exists. Returns the project id. */
export async function seedDemoCloud(db: Db, layout: DemoCloudLayout = DEFAULT_LAYOUT): Promise<string> {
  const problem = subnetCidrRule(layout.externalCidr);
  if (problem) throw new Error(`EXTERNAL_CIDR: ${problem}`);
  return db.transaction(async (tx) => {
    const existing = await tx.select().from(projects).where(eq(projects.name, layout.projectName));
    if (existing[0]) return existing[0].id;
    const [project] = await tx.insert(projects).values({ name: layout.projectName }).returning();
    if (!project) throw new Error("project insert returned no row");
    const project_id = project.id;
    const publicSubnet = await ensureExternalSubnet(tx, project_id, layout.externalCidr);
    const selfservice = await seedNetwork(tx, project_id, "selfservice", "10.0.0.0/24");
    const backend = await seedNetwork(tx, project_id, "backend", "10.0.1.0/24");
    const instance = async (name: string, sn: typeof selfservice) => {
      const port = await allocatePort(tx, {
        subnet: sn,
        project_id,
        device_owner: "compute:nova",
        name,
      });
      await tx.insert(instances).values({ project_id, name, port_id: port.id });
    };
    // The router first: its interfaces hold the gateways, the instances take the addresses after.
    await seedRouter(tx, { project_id, external: publicSubnet, interfaces: [selfservice, backend] });
    for (const name of ["web1", "web2", "web3"]) await instance(name, selfservice);
    await instance("db1", backend);
    return project_id;
  });
}

type SubnetRow = typeof subnets.$inferSelect;

/**
 * A project's `router1`: its gateway on the external subnet's network, an interface holding the
 * gateway_ip of each of the project's subnets, as a tenant would make it with `openstack router
 * create`, `router set --external-gateway` and `router add subnet`.
 */
export async function seedRouter(db: Db, spec: { project_id: string; external: SubnetRow; interfaces: SubnetRow[] }): Promise<string> {
  const [router] = await db.insert(routers).values({ project_id: spec.project_id, name: "router1", gw_network_id: spec.external.network_id }).returning();
  if (!router) throw new Error("router insert returned no row");
  const owned = { project_id: spec.project_id, device_id: router.id };
  await allocatePort(db, { subnet: spec.external, device_owner: GATEWAY_OWNER, ...owned });
  for (const subnet of spec.interfaces) {
    if (!subnet.gateway_ip) throw new Error(`subnet ${subnet.name} has no gateway to attach`);
    await allocatePort(db, { subnet, device_owner: INTERFACE_OWNER, ip_address: subnet.gateway_ip, ...owned });
  }
  return router.id;
}
