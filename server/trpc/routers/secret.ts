import { createSecret, decodeSecretPayload, deleteSecret, getSecret, listSecrets } from "@/server/keymanager/secrets";
import { secretCreateInput, secretIdInput } from "@/server/services/schemas/secret";
import { preparedProcedure, projectProcedure, router } from "../init";

/** An upload's payload is decoded before the transaction opens (a PKCS12 archive takes seconds); an invalid input is left to the procedure's own parse. */
const decodedUpload = preparedProcedure(async (raw) => {
  const input = secretCreateInput.safeParse(raw);
  return input.success ? decodeSecretPayload(input.data) : null;
});

/** The key manager (Barbican's secrets): metadata only on every read, never the payload. */
export const secretRouter = router({
  list: projectProcedure.query(({ ctx }) => listSecrets(ctx, ctx.origin)),
  get: projectProcedure.input(secretIdInput).query(({ ctx, input }) => getSecret(ctx, input.id, ctx.origin)),
  create: decodedUpload
    .input(secretCreateInput)
    .mutation(async ({ ctx, input }) => createSecret(ctx, input, (await ctx.prepared) ?? (await decodeSecretPayload(input)), ctx.origin)),
  delete: projectProcedure.input(secretIdInput).mutation(({ ctx, input }) => deleteSecret(ctx, input.id)),
});
