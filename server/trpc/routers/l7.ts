import { createL7Policy, deleteL7Policy, getL7Policy, listL7Policies, updateL7Policy } from "@/server/services/l7policies";
import { createL7Rule, deleteL7Rule, getL7Rule, listL7Rules, updateL7Rule } from "@/server/services/l7rules";
import {
  l7PolicyCreateInput,
  l7PolicyListInput,
  l7PolicyUpdateInput,
  l7RuleCreateInput,
  l7RuleIdInput,
  l7RuleListInput,
  l7RuleUpdateInput,
} from "@/server/services/schemas/l7";
import { idInput } from "@/server/services/schemas/loadBalancer";
import { projectProcedure, router } from "../init";

export const l7PolicyRouter = router({
  list: projectProcedure.input(l7PolicyListInput).query(({ ctx, input }) => listL7Policies(ctx, input)),
  get: projectProcedure.input(idInput).query(({ ctx, input }) => getL7Policy(ctx, input.id)),
  create: projectProcedure.input(l7PolicyCreateInput).mutation(({ ctx, input }) => createL7Policy(ctx, input)),
  update: projectProcedure.input(l7PolicyUpdateInput).mutation(({ ctx, input }) => updateL7Policy(ctx, input)),
  delete: projectProcedure.input(idInput).mutation(({ ctx, input }) => deleteL7Policy(ctx, input.id)),
});

export const l7RuleRouter = router({
  list: projectProcedure.input(l7RuleListInput).query(({ ctx, input }) => listL7Rules(ctx, input)),
  get: projectProcedure.input(l7RuleIdInput).query(({ ctx, input }) => getL7Rule(ctx, input)),
  create: projectProcedure.input(l7RuleCreateInput).mutation(({ ctx, input }) => createL7Rule(ctx, input)),
  update: projectProcedure.input(l7RuleUpdateInput).mutation(({ ctx, input }) => updateL7Rule(ctx, input)),
  delete: projectProcedure.input(l7RuleIdInput).mutation(({ ctx, input }) => deleteL7Rule(ctx, input)),
});
