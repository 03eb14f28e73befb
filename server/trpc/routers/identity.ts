import * as admin from "@/server/identity/admin";
import {
  idInput,
  projectCreateInput,
  projectUpdateInput,
  roleAssignmentFilter,
  roleAssignmentInput,
  setPasswordInput,
  userCreateInput,
  userUpdateInput,
} from "@/server/services/schemas/identity";
import { projectProcedure, router } from "../init";

export const identityRouter = router({
  listProjects: projectProcedure.query(({ ctx }) => admin.listProjects(ctx.db)),
  createProject: projectProcedure.input(projectCreateInput).mutation(({ ctx, input }) => admin.createProject(ctx.db, input)),
  updateProject: projectProcedure.input(projectUpdateInput).mutation(({ ctx, input }) => admin.updateProject(ctx.db, input)),
  deleteProject: projectProcedure.input(idInput).mutation(({ ctx, input }) => admin.deleteProject(ctx.db, input)),
  listUsers: projectProcedure.query(({ ctx }) => admin.listUsers(ctx.db)),
  createUser: projectProcedure.input(userCreateInput).mutation(({ ctx, input }) => admin.createUser(ctx.db, input)),
  updateUser: projectProcedure.input(userUpdateInput).mutation(({ ctx, input }) => admin.updateUser(ctx.db, input)),
  deleteUser: projectProcedure.input(idInput).mutation(({ ctx, input }) => admin.deleteUser(ctx.db, input)),
  setPassword: projectProcedure.input(setPasswordInput).mutation(({ ctx, input }) => admin.setPassword(ctx.db, input)),
  listRoleAssignments: projectProcedure.input(roleAssignmentFilter.optional()).query(({ ctx, input }) => admin.listRoleAssignments(ctx.db, input ?? {})),
  grantRole: projectProcedure.input(roleAssignmentInput).mutation(({ ctx, input }) => admin.grantRole(ctx.db, input)),
  revokeRole: projectProcedure.input(roleAssignmentInput).mutation(({ ctx, input }) => admin.revokeRole(ctx.db, input)),
});
