import { z } from "zod";
import { getQuota, getQuotaDefaults, listQuotas, quotaUsage, resetQuota, updateQuota } from "@/server/identity/quota-service";
import { uuidField } from "@/server/services/schemas/fields";
import { projectProcedure, router } from "../init";

const limit = (resource: string) =>
  z
    .number({ error: `${resource} quota must be a whole number from -1 (unlimited) to 2000000000` })
    .int(`${resource} quota must be a whole number from -1 (unlimited) to 2000000000`)
    .min(-1, `${resource} quota must be -1 (unlimited) or more`)
    .max(2_000_000_000, `${resource} quota must be at most 2000000000`)
    .nullable()
    .optional();

const project = z.strictObject({ project_id: uuidField("project_id") });

export const quotaRouter = router({
  list: projectProcedure.query(({ ctx }) => listQuotas(ctx)),
  get: projectProcedure.input(project.partial().optional()).query(({ ctx, input }) => getQuota(ctx, input?.project_id)),
  getDefaults: projectProcedure.query(() => getQuotaDefaults()),
  usage: projectProcedure.input(project.partial().optional()).query(({ ctx, input }) => quotaUsage(ctx, input?.project_id)),
  update: projectProcedure
    .input(
      z.strictObject({
        project_id: uuidField("project_id"),
        quota: z.strictObject({
          loadbalancer: limit("loadbalancer"),
          load_balancer: limit("load_balancer"),
          listener: limit("listener"),
          pool: limit("pool"),
          healthmonitor: limit("healthmonitor"),
          health_monitor: limit("health_monitor"),
          member: limit("member"),
          l7policy: limit("l7policy"),
          l7rule: limit("l7rule"),
        }),
      }),
    )
    .mutation(({ ctx, input }) => updateQuota(ctx, input.project_id, input.quota)),
  reset: projectProcedure.input(project).mutation(({ ctx, input }) => resetQuota(ctx, input.project_id)),
});
