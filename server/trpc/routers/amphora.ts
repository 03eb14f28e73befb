import { z } from "zod";
import { listAmphorae } from "@/server/services/amphorae";
import { amphoraConfig, failoverAmphora } from "@/server/services/failover";
import { uuidField } from "@/server/services/schemas/fields";
import { projectProcedure, router } from "../init";

const byId = z.strictObject({ id: uuidField("id") });

export const amphoraRouter = router({
  list: projectProcedure.query(({ ctx }) => listAmphorae(ctx)),
  config: projectProcedure.input(byId).query(({ ctx, input }) => amphoraConfig(ctx, input.id)),
  failover: projectProcedure.input(byId).mutation(({ ctx, input }) => failoverAmphora(ctx, input.id)),
});
