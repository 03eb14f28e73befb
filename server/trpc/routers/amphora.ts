import { z } from "zod";
import { listAmphorae } from "@/server/services/amphorae";
import { amphoraConfig, failoverAmphora } from "@/server/services/failover";
import { uuidField } from "@/server/services/schemas/fields";
import { adminProcedure, router } from "../init";

const byId = z.strictObject({ id: uuidField("id") });

export const amphoraRouter = router({
  list: adminProcedure.query(({ ctx }) => listAmphorae(ctx)),
  config: adminProcedure.input(byId).query(({ ctx, input }) => amphoraConfig(ctx, input.id)),
  failover: adminProcedure.input(byId).mutation(({ ctx, input }) => failoverAmphora(ctx, input.id)),
});
