import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instances, ports } from "@/db/schema";
import type { ServiceContext } from "@/server/kernel/context";
import { ConflictError, NotFoundError, UnavailableError } from "@/server/kernel/errors";
import { type ComputeAgent, ComputeAgentUnavailableError } from "./compute/agent";
import { INSTANCE_HTTPS_PORT, instanceCertificate } from "./compute/demo-ca";
import { namespaceName } from "@/server/network/names";

// Nova's start/stop for the demo cloud: the row says ACTIVE or SHUTOFF, the compute agent makes
// the instance's server listen or go away accordingly.

/** Makes the agent run exactly the ACTIVE instances of every project, each inside its namespace. */
export async function syncInstanceServers(db: Db, agent: ComputeAgent): Promise<void> {
  const prefix = agent.networkPrefix;
  if (prefix === null) throw new Error("the compute agent was started without the network's prefix: it cannot place instances");
  const rows = await db
    .select({ id: instances.id, name: instances.name, address: ports.ip_address, port: instances.service_port })
    .from(instances)
    .innerJoin(ports, eq(instances.port_id, ports.id))
    .where(eq(instances.status, "ACTIVE"));
  // Every instance also serves HTTPS, so pools can re-encrypt to them (demo-ca.ts).
  const failed = await agent.sync(
    rows.map(({ id, ...r }) => ({
      ...r,
      netns: namespaceName(prefix, "instance", id),
      tls: { port: INSTANCE_HTTPS_PORT, ...instanceCertificate(r.name, r.address) },
    })),
  );
  if (failed.length > 0) {
    console.error(`[compute] instances that could not start: ${failed.map((f) => `${f.name} (${f.error})`).join(", ")}`);
  }
}

export async function setInstancePower(ctx: ServiceContext, id: string, status: "ACTIVE" | "SHUTOFF") {
  const verb = status === "ACTIVE" ? "start" : "stop";
  const [row] = await ctx.db
    .select()
    .from(instances)
    .where(and(eq(instances.id, id), eq(instances.project_id, ctx.projectId)));
  if (!row) throw new NotFoundError("Instance", id);
  if (row.status === status) {
    throw new ConflictError(`Cannot ${verb} instance ${row.name} while it is ${row.status}.`);
  }
  await ctx.db.update(instances).set({ status }).where(eq(instances.id, id));
  if (ctx.compute) {
    try {
      await syncInstanceServers(ctx.db, ctx.compute);
    } catch (err) {
      if (!(err instanceof ComputeAgentUnavailableError)) throw err;
      // The database says what runs (the agent's resync after a restart reads it), so the
      // change it did not carry out is taken back, unless another request changed it since.
      await ctx.db.update(instances).set({ status: row.status }).where(and(eq(instances.id, id), eq(instances.status, status)));
      throw new UnavailableError(`${err.message}: instance ${row.name} was not ${verb === "start" ? "started" : "stopped"}. Try again in a moment.`);
    }
  }
  return { id: row.id, name: row.name, status };
}
