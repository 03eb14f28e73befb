import { POLICY_DENIED } from "@/server/identity/policy";
import type { ServiceContext } from "@/server/kernel/context";
import { ForbiddenError } from "@/server/kernel/errors";

// Whose networks, subnets, ports and floating IPs a list reads. The project in scope by default
// (the dashboard's views); with all_projects every project's, which only a global reader may ask
// for (the policy's read scope, as Octavia's all_projects): Neutron shows its admins everything.

export interface ListScopeInput {
  all_projects?: boolean;
}

/** The project to list, or null for every project; refused (403) to a caller who may not read them all. */
export function listedProject(ctx: ServiceContext, input: ListScopeInput = {}): string | null {
  if (!input.all_projects) return ctx.projectId;
  if (ctx.readScope.kind !== "all") throw new ForbiddenError(POLICY_DENIED);
  return null;
}
