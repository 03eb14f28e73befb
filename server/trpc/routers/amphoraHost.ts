import { z } from "zod";
import { listAmphoraHosts, updateAmphoraHost } from "@/server/services/amphora-hosts";
import { boolField, uuidField } from "@/server/services/schemas/fields";
import { projectProcedure, router } from "../init";

export const amphoraHostRouter = router({
  list: projectProcedure.query(({ ctx }) => listAmphoraHosts(ctx)),
  update: projectProcedure
    .input(z.strictObject({ id: uuidField("id"), enabled: boolField("enabled") }))
    .mutation(({ ctx, input }) => updateAmphoraHost(ctx, input.id, { enabled: input.enabled })),
  /** Disables the host and moves every amphora it has to other hosts. */
  drain: projectProcedure.input(z.strictObject({ id: uuidField("id") })).mutation(({ ctx, input }) => updateAmphoraHost(ctx, input.id, { enabled: false, drain: true })),
});
