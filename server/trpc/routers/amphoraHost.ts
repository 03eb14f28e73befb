import { z } from "zod";
import { listAmphoraHosts, updateAmphoraHost } from "@/server/services/amphora-hosts";
import { boolField, intField, ipv4Field, nameField, uuidField } from "@/server/services/schemas/fields";
import { createJoinToken, joinHost } from "@/server/services/host-join";

/** A host's name, as a machine calls itself (it goes into logs and the dashboard, never a config). */
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;
import { projectProcedure, router } from "../init";

export const amphoraHostRouter = router({
  list: projectProcedure.query(({ ctx }) => listAmphoraHosts(ctx)),
  update: projectProcedure
    .input(z.strictObject({ id: uuidField("id"), enabled: boolField("enabled"), availability_zone: nameField("availability_zone").min(1).nullable().optional() }))
    .mutation(({ ctx, input }) => updateAmphoraHost(ctx, input.id, input)),
  /** A one-time token for a host on another machine to join with (`npm run agent -- --join`). */
  createJoinToken: projectProcedure
    .input(z.strictObject({ availability_zone: nameField("availability_zone").min(1).nullable().optional() }))
    .mutation(({ ctx, input }) => createJoinToken(ctx, input)),
  /** What the agent of a joining host calls, with no credentials but the token. */
  join: projectProcedure
    .meta({ auditsItself: true })
    .input(
      z.strictObject({
        token: z.string({ error: "token is required" }).min(1, "token is required").max(128, "token is too long"),
        name: z.string({ error: "name is required" }).regex(HOST_NAME, "name must be a host name: letters, digits, dots and dashes"),
        address: ipv4Field("address"),
        port: intField("port", 1, 65535),
      }),
    )
    .mutation(({ ctx, input }) => joinHost(ctx, input)),
  /** Disables the host and moves every amphora it has to other hosts. */
  drain: projectProcedure.input(z.strictObject({ id: uuidField("id") })).mutation(({ ctx, input }) => updateAmphoraHost(ctx, input.id, { enabled: false, drain: true })),
});
