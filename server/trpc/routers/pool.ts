import { createPool, deletePool, getPool, listPools, updatePool } from "@/server/services/pools";
import { idInput } from "@/server/services/schemas/loadBalancer";
import { poolCreateInput, poolListInput, poolUpdateInput } from "@/server/services/schemas/pool";
import { projectProcedure, router } from "../init";

export const poolRouter = router({
  list: projectProcedure.input(poolListInput).query(({ ctx, input }) => listPools(ctx, input)),
  get: projectProcedure.input(idInput).query(({ ctx, input }) => getPool(ctx, input.id)),
  create: projectProcedure.input(poolCreateInput).mutation(({ ctx, input }) => createPool(ctx, input)),
  update: projectProcedure.input(poolUpdateInput).mutation(({ ctx, input }) => updatePool(ctx, input)),
  delete: projectProcedure.input(idInput).mutation(({ ctx, input }) => deletePool(ctx, input.id)),
});
