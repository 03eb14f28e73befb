import { z } from "zod";
import { listAudit } from "@/server/identity/audit";
import { uuidField } from "@/server/services/schemas/fields";
import { projectProcedure, router } from "../init";

export const auditRouter = router({
  list: projectProcedure
    .input(
      z
        .strictObject({
          project_id: uuidField("project_id").optional(),
          user_id: uuidField("user_id").optional(),
          outcome: z.enum(["success", "denied", "failed"], { error: "outcome must be success, denied or failed" }).optional(),
          before: z.number().int().positive().optional(),
          limit: z.number().int().min(1).max(1000).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listAudit(ctx.db, input ?? {})),
});
