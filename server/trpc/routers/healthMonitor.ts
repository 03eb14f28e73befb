import {
  createHealthMonitor,
  deleteHealthMonitor,
  getHealthMonitor,
  listHealthMonitors,
  updateHealthMonitor,
} from "@/server/services/healthMonitors";
import { healthMonitorCreateInput, healthMonitorListInput, healthMonitorUpdateInput } from "@/server/services/schemas/healthMonitor";
import { idInput } from "@/server/services/schemas/loadBalancer";
import { projectProcedure, router } from "../init";

export const healthMonitorRouter = router({
  list: projectProcedure.input(healthMonitorListInput).query(({ ctx, input }) => listHealthMonitors(ctx, input)),
  get: projectProcedure.input(idInput).query(({ ctx, input }) => getHealthMonitor(ctx, input.id)),
  create: projectProcedure.input(healthMonitorCreateInput).mutation(({ ctx, input }) => createHealthMonitor(ctx, input)),
  update: projectProcedure.input(healthMonitorUpdateInput).mutation(({ ctx, input }) => updateHealthMonitor(ctx, input)),
  delete: projectProcedure.input(idInput).mutation(({ ctx, input }) => deleteHealthMonitor(ctx, input.id)),
});
