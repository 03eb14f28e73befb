import { ForbiddenError } from "@/server/kernel/errors";
import { allows, POLICY_DENIED } from "@/server/identity/policy";
import { createCaller } from "@/server/trpc/router";
import { isUuid, RestError } from "../http";
import type { Caller, RestCall } from "../serve";

// How Octavia reads a request body, before a procedure's own schema sees it. Octavia's clients
// (Horizon, openstacksdk) send every field they know, `null` for those left empty, and the
// caller's project_id; Octavia's API types read `null` as "not given" on create and as "back to
// the default" on update. One rule for every resource, so no schema needs to take null for it.

/**
 * What a field set to null on update goes back to, where Octavia resets it (its controllers'
 * `_set_default_on_none`, and names it clears). A field not named here keeps its null, and the
 * update schema decides: the nullable ones (timeouts, default_pool_id, session_persistence,
 * monitor_address, an HTTP monitor's url_path…) clear or reset in their service; the others are
 * refused by name.
 */
const RESET_ON_NULL: Readonly<Record<string, unknown>> = {
  name: "",
  description: "",
  tags: [],
  connection_limit: -1,
  allowed_cidrs: [],
  max_retries_down: 3,
};

/**
 * A create body with its null fields left out, at every depth (a graph create's listeners, a
 * pool's session_persistence): Octavia's "not given".
 */
export function createFields(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).flatMap(([key, value]) => (value === null ? [] : [[key, withoutNulls(value)]])));
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value === "object" && value !== null) return createFields(value as Record<string, unknown>);
  return value;
}

/** An update body with its null fields reset to what Octavia resets them to (RESET_ON_NULL). */
export function updateFields(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key, value === null && Object.hasOwn(RESET_ON_NULL, key) ? RESET_ON_NULL[key] : value]),
  );
}

/**
 * The caller a create runs as, given the body's project_id (taken out of the body): the
 * caller's own project is what a create means already; another project is an Octavia admin's
 * to create in (the resource then belongs to that project, its quota counts), and anyone
 * else's request is refused as Octavia's policy refuses it.
 */
export function creatorFor(call: RestCall, body: Record<string, unknown>): { api: Caller; body: Record<string, unknown> } {
  if (!Object.hasOwn(body, "project_id")) return { api: call.api, body };
  const { project_id: projectId, ...rest } = body;
  if (projectId === call.ctx.projectId) return { api: call.api, body: rest };
  if (typeof projectId !== "string" || !isUuid(projectId)) throw new RestError(400, "project_id must be a UUID");
  if (!allows("admin", call.ctx.identity)) throw new ForbiddenError(POLICY_DENIED);
  return { api: createCaller({ ...call.ctx, projectId }), body: rest };
}
