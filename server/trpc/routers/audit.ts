import { listAudit } from "@/server/identity/audit";
import { auditListInput } from "@/server/services/schemas/audit";
import { projectProcedure, router } from "../init";

export const auditRouter = router({
  list: projectProcedure.input(auditListInput.optional()).query(({ ctx, input }) => listAudit(ctx.db, input ?? {})),
});
