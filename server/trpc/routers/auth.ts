import { z } from "zod";
import { login, logout, me, switchProject } from "@/server/identity/auth";
import { uuidField } from "@/server/services/schemas/fields";
import { projectProcedure, router } from "../init";
import { sessionSettings } from "../session-settings";

export const authRouter = router({
  // A login is audited by server/identity/authenticate.ts, success or not, with the user tried.
  login: projectProcedure
    .meta({ auditsItself: true })
    .input(
      z.strictObject({
        name: z.string({ error: "User name is required" }).trim().min(1, "User name is required").max(255, "User name is too long"),
        password: z.string({ error: "Password is required" }).min(1, "Password is required").max(4096, "Password is too long"),
        project_id: uuidField("project_id").optional(),
      }),
    )
    .mutation(({ ctx, input }) => login(ctx, input, sessionSettings())),
  logout: projectProcedure.mutation(({ ctx }) => logout(ctx)),
  me: projectProcedure.query(({ ctx }) => me(ctx)),
  switchProject: projectProcedure.input(z.strictObject({ project_id: uuidField("project_id") })).mutation(({ ctx, input }) => switchProject(ctx, input.project_id)),
});
