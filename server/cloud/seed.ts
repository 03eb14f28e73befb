import { eq } from "drizzle-orm";
import { Address4 } from "ip-address";
import type { Db } from "@/db/client";
import { instances, networks, projects, routers, subnets } from "@/db/schema";
import { allocatePort } from "./ipam";
import { GATEWAY_OWNER, INTERFACE_OWNER } from "./routerLookup";

// The demo cloud every fresh database starts with (its networks, instances and router1). All of it lies in 127.0.0.0/8, which Linux
// treats as local in full, so VIPs, members and floating IPs work with no network set-up and no
// traffic ever leaves the machine. Tests pass their own /16 so parallel runs never collide.

export interface DemoCloudLayout {
  /** The second octet of every demo address: 127.<octet>.x.y; subnets are 127.<octet>.<n>.0/24. */
  octet: number;
  projectName: string;
}

export const DEFAULT_LAYOUT: DemoCloudLayout = { octet: 10, projectName: "demo" };

const subnet = (octet: number, third: number) => {
  const base = `127.${octet}.${third}`;
  return {
    cidr: `${base}.0/24`,
    gateway_ip: `${base}.1`,
    allocation_pools: [{ start: `${base}.10`, end: `${base}.250` }],
  };
};

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
  if (!new Address4(`127.${layout.octet}.0.0`).isInSubnet(new Address4("127.0.0.0/8"))) {
    throw new Error(`demo cloud octet ${layout.octet} is not a valid 127.x range`);
  }
  return db.transaction(async (tx) => {
    const existing = await tx.select().from(projects).where(eq(projects.name, layout.projectName));
    if (existing[0]) return existing[0].id;
    const [project] = await tx.insert(projects).values({ name: layout.projectName }).returning();
    if (!project) throw new Error("project insert returned no row");
    const project_id = project.id;
    const net = async (name: string, thirdOctet: number, external: boolean) => {
      const [network] = await tx
        .insert(networks)
        .values({ project_id, name, router_external: external, shared: external })
        .returning();
      if (!network) throw new Error("network insert returned no row");
      const [sn] = await tx
        .insert(subnets)
        .values({ project_id, network_id: network.id, name: `${name}-subnet`, ...subnet(layout.octet, thirdOctet) })
        .returning();
      if (!sn) throw new Error("subnet insert returned no row");
      return sn;
    };
    const selfservice = await net("selfservice", 0, false);
    const backend = await net("backend", 1, false);
    const publicSubnet = await net("public", 2, true);
    const instance = async (name: string, sn: typeof selfservice) => {
      const port = await allocatePort(tx, {
        subnet: sn,
        project_id,
        device_owner: "compute:nova",
        name,
      });
      await tx.insert(instances).values({ project_id, name, port_id: port.id });
    };
    for (const name of ["web1", "web2", "web3"]) await instance(name, selfservice);
    await instance("db1", backend);
    await seedRouter(tx, { project_id, external: publicSubnet, interfaces: [selfservice, backend] });
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
