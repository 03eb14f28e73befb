import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

/** A router as routers.get answers it (Neutron's fields, with its interfaces). */
export type Router = inferRouterOutputs<AppRouter>["routers"]["get"];
