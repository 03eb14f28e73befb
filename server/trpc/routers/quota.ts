import { getQuota, getQuotaDefaults, listQuotas, quotaUsage, resetQuota, updateQuota } from "@/server/identity/quota-service";
import { quotaProjectInput, quotaUpdateInput } from "@/server/services/schemas/quota";
import { projectProcedure, router } from "../init";

export const quotaRouter = router({
  list: projectProcedure.query(({ ctx }) => listQuotas(ctx)),
  get: projectProcedure.input(quotaProjectInput.partial().optional()).query(({ ctx, input }) => getQuota(ctx, input?.project_id)),
  getDefaults: projectProcedure.query(() => getQuotaDefaults()),
  usage: projectProcedure.input(quotaProjectInput.partial().optional()).query(({ ctx, input }) => quotaUsage(ctx, input?.project_id)),
  update: projectProcedure.input(quotaUpdateInput).mutation(({ ctx, input }) => updateQuota(ctx, input.project_id, input.quota)),
  reset: projectProcedure.input(quotaProjectInput).mutation(({ ctx, input }) => resetQuota(ctx, input.project_id)),
});
