import type { RestCall } from "../serve";

/** Neutron takes a project id in a body; naming one's own project changes nothing, so it is dropped. */
export function withoutOwnProject(body: Record<string, unknown>, call: RestCall): Record<string, unknown> {
  const { project_id, tenant_id, ...rest } = body;
  const others = [project_id, tenant_id].filter((v) => v !== undefined && v !== call.ctx.projectId);
  return others.length > 0 ? body : rest;
}
