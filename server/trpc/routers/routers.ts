import { z } from "zod";
import { addRouterInterface, removeRouterInterface } from "@/server/cloud/routerInterfaces";
import { clearRouterGateway, createRouter, deleteRouter, getRouter, listRouters, setRouterGateway, updateRouter } from "@/server/cloud/routers";
import {
  routerAddInterfaceInput,
  routerCreateInput,
  routerGatewayInput,
  routerRemoveInterfaceInput,
  routerUpdateInput,
} from "@/server/cloud/routerSchemas";
import { boolField } from "@/server/services/schemas/fields";
import { idInput } from "@/server/services/schemas/loadBalancer";
import { projectProcedure, router } from "../init";

// Neutron's routers (server/cloud/routers.ts): a project's path from its subnets to an external
// network. Every answer is the router as Neutron shows it, with its interfaces listed.

export const routersRouter = router({
  list: projectProcedure
    .input(z.strictObject({ all_projects: boolField("all_projects").optional() }).optional())
    .query(({ ctx, input }) => listRouters(ctx, input ?? {})),
  get: projectProcedure.input(idInput).query(({ ctx, input }) => getRouter(ctx, input.id)),
  create: projectProcedure.input(routerCreateInput).mutation(({ ctx, input }) => createRouter(ctx, input)),
  update: projectProcedure.input(routerUpdateInput).mutation(({ ctx, input }) => updateRouter(ctx, input)),
  delete: projectProcedure.input(idInput).mutation(({ ctx, input }) => deleteRouter(ctx, input.id)),
  addInterface: projectProcedure.input(routerAddInterfaceInput).mutation(({ ctx, input }) => addRouterInterface(ctx, input)),
  removeInterface: projectProcedure.input(routerRemoveInterfaceInput).mutation(({ ctx, input }) => removeRouterInterface(ctx, input)),
  setGateway: projectProcedure.input(routerGatewayInput).mutation(({ ctx, input }) => setRouterGateway(ctx, input)),
  clearGateway: projectProcedure.input(idInput).mutation(({ ctx, input }) => clearRouterGateway(ctx, input)),
});
