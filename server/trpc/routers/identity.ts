import { z } from "zod";
import { ROLES } from "@/db/schema";
import * as admin from "@/server/identity/admin";
import { boolField, nameField, uuidField } from "@/server/services/schemas/fields";
import { adminProcedure, router } from "../init";

const password = z
  .string({ error: "Password is required" })
  .min(8, "Password must be at least 8 characters")
  .max(4096, "Password is too long");
const enabled = boolField("enabled");
/** A name that must be there: trimmed, 1 to 255 characters. */
const requiredName = (what: string) => nameField("name").trim().min(1, `${what} name is required`);
const assignment = z.strictObject({
  user_id: uuidField("user_id"),
  project_id: uuidField("project_id"),
  role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` }),
});

export const identityRouter = router({
  listProjects: adminProcedure.query(({ ctx }) => admin.listProjects(ctx.db)),
  createProject: adminProcedure
    .input(z.strictObject({ name: requiredName("Project"), description: z.string().max(255, "description is too long").optional(), enabled: enabled.optional() }))
    .mutation(({ ctx, input }) => admin.createProject(ctx.db, input)),
  updateProject: adminProcedure
    .input(z.strictObject({ id: uuidField("id"), name: requiredName("Project").optional(), description: z.string().max(255, "description is too long").optional(), enabled: enabled.optional() }))
    .mutation(({ ctx, input }) => admin.updateProject(ctx.db, input)),
  listUsers: adminProcedure.query(({ ctx }) => admin.listUsers(ctx.db)),
  createUser: adminProcedure
    .input(z.strictObject({ name: requiredName("User"), password, enabled: enabled.optional() }))
    .mutation(({ ctx, input }) => admin.createUser(ctx.db, input)),
  updateUser: adminProcedure.input(z.strictObject({ id: uuidField("id"), enabled: enabled.optional() })).mutation(({ ctx, input }) => admin.updateUser(ctx.db, input)),
  setPassword: adminProcedure.input(z.strictObject({ id: uuidField("id"), password })).mutation(({ ctx, input }) => admin.setPassword(ctx.db, input)),
  listRoleAssignments: adminProcedure
    .input(z.strictObject({ user_id: uuidField("user_id").optional(), project_id: uuidField("project_id").optional() }).optional())
    .query(({ ctx, input }) => admin.listRoleAssignments(ctx.db, input ?? {})),
  grantRole: adminProcedure.input(assignment).mutation(({ ctx, input }) => admin.grantRole(ctx.db, input)),
  revokeRole: adminProcedure.input(assignment).mutation(({ ctx, input }) => admin.revokeRole(ctx.db, input)),
});
