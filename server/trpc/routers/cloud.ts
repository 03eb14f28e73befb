import { z } from "zod";
import {
  allocateFloatingIp,
  associateFloatingIp,
  disassociateFloatingIp,
  listFloatingIps,
  releaseFloatingIp,
} from "@/server/cloud/floatingIps";
import { setInstancePower } from "@/server/cloud/instances";
import { listInstances, listNetworks, listPorts, listSubnets } from "@/server/cloud/inventory";
import { createNetwork, createSubnet, deleteNetwork, deleteSubnet } from "@/server/cloud/networks";
import { networkCreateInput, subnetCreateInput } from "@/server/cloud/schemas";
import { boolField, ipv4Field, uuidField } from "@/server/services/schemas/fields";
import { idInput } from "@/server/services/schemas/loadBalancer";
import { projectProcedure, router } from "../init";

/** A list's optional all_projects: every project's rows, for a global reader only (server/cloud/scope.ts). */
const allProjects = { all_projects: boolField("all_projects").optional() };
const listScopeInput = z.strictObject(allProjects).optional();

export const networkRouter = router({
  list: projectProcedure.input(listScopeInput).query(({ ctx, input }) => listNetworks(ctx, input)),
  create: projectProcedure.input(networkCreateInput).mutation(({ ctx, input }) => createNetwork(ctx, input)),
  delete: projectProcedure.input(idInput).mutation(({ ctx, input }) => deleteNetwork(ctx, input.id)),
});

export const subnetRouter = router({
  list: projectProcedure
    .input(z.strictObject({ network_id: uuidField("network_id").optional(), ...allProjects }).optional())
    .query(({ ctx, input }) => listSubnets(ctx, input ?? {})),
  create: projectProcedure.input(subnetCreateInput).mutation(({ ctx, input }) => createSubnet(ctx, input)),
  delete: projectProcedure.input(idInput).mutation(({ ctx, input }) => deleteSubnet(ctx, input.id)),
});

export const portRouter = router({
  list: projectProcedure.input(listScopeInput).query(({ ctx, input }) => listPorts(ctx, input)),
});

export const instanceRouter = router({
  list: projectProcedure
    .input(z.strictObject({ subnet_id: uuidField("subnet_id").optional() }).optional())
    .query(({ ctx, input }) => listInstances(ctx, input ?? {})),
  start: projectProcedure.input(idInput).mutation(({ ctx, input }) => setInstancePower(ctx, input.id, "ACTIVE")),
  stop: projectProcedure.input(idInput).mutation(({ ctx, input }) => setInstancePower(ctx, input.id, "SHUTOFF")),
});

export const floatingIpRouter = router({
  list: projectProcedure.input(listScopeInput).query(({ ctx, input }) => listFloatingIps(ctx, input)),
  allocate: projectProcedure
    .input(z.strictObject({ floating_network_id: uuidField("floating_network_id") }))
    .mutation(({ ctx, input }) => allocateFloatingIp(ctx, input)),
  associate: projectProcedure
    .input(z.strictObject({ id: uuidField("id"), port_id: uuidField("port_id"), fixed_ip_address: ipv4Field("fixed_ip_address").optional() }))
    .mutation(({ ctx, input }) => associateFloatingIp(ctx, input)),
  disassociate: projectProcedure.input(idInput).mutation(({ ctx, input }) => disassociateFloatingIp(ctx, input)),
  release: projectProcedure.input(idInput).mutation(({ ctx, input }) => releaseFloatingIp(ctx, input)),
});
