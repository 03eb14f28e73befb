import * as admin from "@/server/identity/admin";
import {
  projectCreateInput,
  projectUpdateInput,
  roleAssignmentFilter,
  roleAssignmentInput,
  setPasswordInput,
  userCreateInput,
  userUpdateInput,
} from "@/server/services/schemas/identity";
import { adminProcedure, router } from "../init";

export const identityRouter = router({
  listProjects: adminProcedure.query(({ ctx }) => admin.listProjects(ctx.db)),
  createProject: adminProcedure.input(projectCreateInput).mutation(({ ctx, input }) => admin.createProject(ctx.db, input)),
  updateProject: adminProcedure.input(projectUpdateInput).mutation(({ ctx, input }) => admin.updateProject(ctx.db, input)),
  listUsers: adminProcedure.query(({ ctx }) => admin.listUsers(ctx.db)),
  createUser: adminProcedure.input(userCreateInput).mutation(({ ctx, input }) => admin.createUser(ctx.db, input)),
  updateUser: adminProcedure.input(userUpdateInput).mutation(({ ctx, input }) => admin.updateUser(ctx.db, input)),
  setPassword: adminProcedure.input(setPasswordInput).mutation(({ ctx, input }) => admin.setPassword(ctx.db, input)),
  listRoleAssignments: adminProcedure.input(roleAssignmentFilter.optional()).query(({ ctx, input }) => admin.listRoleAssignments(ctx.db, input ?? {})),
  grantRole: adminProcedure.input(roleAssignmentInput).mutation(({ ctx, input }) => admin.grantRole(ctx.db, input)),
  revokeRole: adminProcedure.input(roleAssignmentInput).mutation(({ ctx, input }) => admin.revokeRole(ctx.db, input)),
});
