import { createListener, deleteListener, getListener, listListeners, updateListener } from "@/server/services/listeners";
import { listenerCreateInput, listenerListInput, listenerUpdateInput } from "@/server/services/schemas/listener";
import { idInput } from "@/server/services/schemas/loadBalancer";
import { getListenerStats } from "@/server/services/statistics";
import { projectProcedure, router } from "../init";

export const listenerRouter = router({
  list: projectProcedure.input(listenerListInput).query(({ ctx, input }) => listListeners(ctx, input)),
  get: projectProcedure.input(idInput).query(({ ctx, input }) => getListener(ctx, input.id)),
  create: projectProcedure.input(listenerCreateInput).mutation(({ ctx, input }) => createListener(ctx, input)),
  update: projectProcedure.input(listenerUpdateInput).mutation(({ ctx, input }) => updateListener(ctx, input)),
  delete: projectProcedure.input(idInput).mutation(({ ctx, input }) => deleteListener(ctx, input.id)),
  stats: projectProcedure.input(idInput).query(({ ctx, input }) => getListenerStats(ctx, input.id)),
});
