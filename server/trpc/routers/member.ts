import {
  batchUpdateMembers,
  createMember,
  deleteMember,
  getMember,
  listMembers,
  updateMember,
} from "@/server/services/members";
import { idInput } from "@/server/services/schemas/loadBalancer";
import { memberBatchUpdateInput, memberCreateInput, memberListInput, memberUpdateInput } from "@/server/services/schemas/member";
import { projectProcedure, router } from "../init";

export const memberRouter = router({
  list: projectProcedure.input(memberListInput).query(({ ctx, input }) => listMembers(ctx, input)),
  get: projectProcedure.input(idInput).query(({ ctx, input }) => getMember(ctx, input.id)),
  create: projectProcedure.input(memberCreateInput).mutation(({ ctx, input }) => createMember(ctx, input)),
  update: projectProcedure.input(memberUpdateInput).mutation(({ ctx, input }) => updateMember(ctx, input)),
  delete: projectProcedure.input(idInput).mutation(({ ctx, input }) => deleteMember(ctx, input.id)),
  batchUpdate: projectProcedure.input(memberBatchUpdateInput).mutation(({ ctx, input }) => batchUpdateMembers(ctx, input)),
});
