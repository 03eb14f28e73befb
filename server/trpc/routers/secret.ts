import { createSecret, deleteSecret, getSecret, listSecrets } from "@/server/keymanager/secrets";
import { secretCreateInput, secretIdInput } from "@/server/services/schemas/secret";
import { projectProcedure, router } from "../init";

/** The key manager (Barbican's secrets): metadata only on every read, never the payload. */
export const secretRouter = router({
  list: projectProcedure.query(({ ctx }) => listSecrets(ctx, ctx.origin)),
  get: projectProcedure.input(secretIdInput).query(({ ctx, input }) => getSecret(ctx, input.id, ctx.origin)),
  create: projectProcedure.input(secretCreateInput).mutation(({ ctx, input }) => createSecret(ctx, input, ctx.origin)),
  delete: projectProcedure.input(secretIdInput).mutation(({ ctx, input }) => deleteSecret(ctx, input.id)),
});
