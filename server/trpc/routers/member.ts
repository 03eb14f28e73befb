import { z } from "zod";
import {
  batchUpdateMembers,
  createMember,
  deleteMember,
  getMember,
  listMembers,
  updateMember,
} from "@/server/services/members";
import { uuidField } from "@/server/services/schemas/fields";
import { idInput } from "@/server/services/schemas/loadBalancer";
import { memberBatchUpdateInput, memberCreateInput, memberUpdateInput } from "@/server/services/schemas/member";
import { projectProcedure, router } from "../init";

export const memberRouter = router({
  list: projectProcedure
    .input(z.strictObject({ pool_id: uuidField("pool_id") }))
    .query(({ ctx, input }) => listMembers(ctx, input.pool_id)),
  get: projectProcedure.input(idInput).query(({ ctx, input }) => getMember(ctx, input.id)),
  create: projectProcedure.input(memberCreateInput).mutation(({ ctx, input }) => createMember(ctx, input)),
  update: projectProcedure.input(memberUpdateInput).mutation(({ ctx, input }) => updateMember(ctx, input)),
  delete: projectProcedure.input(idInput).mutation(({ ctx, input }) => deleteMember(ctx, input.id)),
  batchUpdate: projectProcedure.input(memberBatchUpdateInput).mutation(({ ctx, input }) => batchUpdateMembers(ctx, input)),
});
