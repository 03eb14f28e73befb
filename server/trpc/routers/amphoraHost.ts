import { z } from "zod";
import { listAmphoraHosts, updateAmphoraHost } from "@/server/services/amphora-hosts";
import { boolField, nameField, uuidField } from "@/server/services/schemas/fields";
import { projectProcedure, router } from "../init";

export const amphoraHostRouter = router({
  list: projectProcedure.query(({ ctx }) => listAmphoraHosts(ctx)),
  update: projectProcedure
    .input(z.strictObject({ id: uuidField("id"), enabled: boolField("enabled"), availability_zone: nameField("availability_zone").min(1).nullable().optional() }))
    .mutation(({ ctx, input }) => updateAmphoraHost(ctx, input.id, input)),
  /** Disables the host and moves every amphora it has to other hosts. */
  drain: projectProcedure.input(z.strictObject({ id: uuidField("id") })).mutation(({ ctx, input }) => updateAmphoraHost(ctx, input.id, { enabled: false, drain: true })),
});
