import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

// The L7 answers as the dashboard sees them, inferred from the routers like components/api-types.ts.

type Outputs = inferRouterOutputs<AppRouter>;

export type L7Policy = Outputs["l7Policy"]["get"];
export type L7Rule = Outputs["l7Rule"]["get"];
