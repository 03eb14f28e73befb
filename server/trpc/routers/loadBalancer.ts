import { z } from "zod";
import {
  createLoadBalancer,
  deleteLoadBalancer,
  getLoadBalancer,
  getStatusTree,
  listLoadBalancers,
  updateLoadBalancer,
} from "@/server/services/loadBalancers";
import { statusEventsOf } from "@/server/services/events";
import { failoverLoadBalancer } from "@/server/services/failover";
import { getLoadBalancerStats, getStatsHistory } from "@/server/services/statistics";
import {
  idInput,
  loadBalancerCreateInput,
  loadBalancerDeleteInput,
  loadBalancerListInput,
  loadBalancerUpdateInput,
} from "@/server/services/schemas/loadBalancer";
import { uuidField } from "@/server/services/schemas/fields";
import { projectProcedure, router } from "../init";

export const loadBalancerRouter = router({
  list: projectProcedure.input(loadBalancerListInput).query(({ ctx, input }) => listLoadBalancers(ctx, input)),
  get: projectProcedure.input(idInput).query(({ ctx, input }) => getLoadBalancer(ctx, input.id)),
  create: projectProcedure.input(loadBalancerCreateInput).mutation(({ ctx, input }) => createLoadBalancer(ctx, input)),
  update: projectProcedure.input(loadBalancerUpdateInput).mutation(({ ctx, input }) => updateLoadBalancer(ctx, input)),
  delete: projectProcedure.input(loadBalancerDeleteInput).mutation(({ ctx, input }) => deleteLoadBalancer(ctx, input)),
  failover: projectProcedure.input(idInput).mutation(({ ctx, input }) => failoverLoadBalancer(ctx, input.id)),
  stats: projectProcedure.input(idInput).query(({ ctx, input }) => getLoadBalancerStats(ctx, input.id)),
  statsHistory: projectProcedure.input(idInput).query(({ ctx, input }) => getStatsHistory(ctx, input.id)),
  statusTree: projectProcedure.input(idInput).query(({ ctx, input }) => getStatusTree(ctx, input.id)),
  events: projectProcedure
    .input(z.strictObject({ id: uuidField("id") }))
    .query(async ({ ctx, input }) => {
      await getLoadBalancer(ctx, input.id);
      return statusEventsOf(ctx, input.id);
    }),
});
