import { TRPCError } from "@trpc/server";
import { allows, POLICY_DENIED } from "@/server/identity/policy";
import { ForbiddenError, NotFoundError, UnsupportedOptionError } from "@/server/kernel/errors";
import { memberBatchUpdateInput } from "@/server/services/schemas/member";
import { quotaUpdateInput } from "@/server/services/schemas/quota";
import { empty, isUuid, json, readJson, RestError, unwrap, unwrapObject } from "../http";
import { filterItems, parseQuery, selectFields } from "../query";
import { createRouter, type Route } from "../routing";
import { type FrontDoor, type RestCall, type RestDeps, serve } from "../serve";
import { crudRoutes } from "./crud";
import { integersOf } from "./integers";
import { OCTAVIA_RESOURCES } from "./resources";
import { amphoraView, quotaView, versionsDocument } from "./views";
import { inOctaviaWire } from "./wire";

// Octavia's v2 API at /load-balancer: the collections of resources.ts, the actions that are not
// CRUD (status, stats, failover, the members' batch update), quotas, amphorae and providers
// (flavors and availability zones are resources.ts's). Every path answers under both /v2 and /v2.0
// (clients use /v2.0), and every lbaas/ path also without lbaas/ (/v2/loadbalancers,
// /v2/quotas/{project_id}), as Octavia serves both. Every JSON answer has Octavia's timestamps
// (wire.ts). Errors are Octavia's fault body.

const MOUNT = "/load-balancer";

/** An id in a path that cannot be one: Octavia's 404 for that resource. */
function pathId(label: string, id: string | undefined): string {
  if (!id || !isUuid(id)) throw new NotFoundError(label, id ?? "");
  return id;
}

/** A list that is not paged: every item, filtered here, `fields=` applied, with no links. */
function unpaged(call: RestCall, key: string, items: object[]): Response {
  const { fields } = parseQuery(call.url.searchParams, null);
  return json(200, { [key]: filterItems(items, call.url.searchParams).map((item) => selectFields(item, fields)), [`${key}_links`]: [] });
}

async function findAmphora(call: RestCall, id: string | undefined) {
  const wanted = pathId("Amphora", id);
  const amphora = (await call.api.amphora.list()).find((a) => a.id === wanted);
  if (!amphora) throw new NotFoundError("Amphora", wanted);
  return amphora;
}

/**
 * A project's quotas. Octavia takes any string as the project id and answers the defaults for
 * a project with none of its own; project ids here are UUIDs, so any other string is such a
 * project, and only a reader of every project's quotas may ask about one that is not theirs.
 */
async function quotaOf(call: RestCall, projectId: string) {
  if (isUuid(projectId)) return call.api.quota.get({ project_id: projectId });
  if (!allows("read-quota-global", call.ctx.identity)) throw new ForbiddenError(POLICY_DENIED);
  return { project_id: projectId, ...(await call.api.quota.getDefaults()) };
}

async function showQuotaDefaults(call: RestCall): Promise<Response> {
  return json(200, { quota: quotaView(await call.api.quota.getDefaults()) });
}

/** The actions and collections beside the CRUD ones, below the version segment. */
const actionRoutes: Route<RestCall>[] = [
  {
    method: "GET",
    path: "lbaas/loadbalancers/:id/status",
    handle: async (call, { id }) => json(200, { statuses: await call.api.loadBalancer.statusTree({ id: pathId("Load Balancer", id) }) }),
  },
  {
    method: "GET",
    path: "lbaas/loadbalancers/:id/stats",
    handle: async (call, { id }) => json(200, { stats: (await call.api.loadBalancer.stats({ id: pathId("Load Balancer", id) })).stats }),
  },
  {
    method: "PUT",
    path: "lbaas/loadbalancers/:id/failover",
    async handle(call, { id }) {
      await call.api.loadBalancer.failover({ id: pathId("Load Balancer", id) });
      return empty(202);
    },
  },
  {
    method: "GET",
    path: "lbaas/listeners/:id/stats",
    handle: async (call, { id }) => json(200, { stats: (await call.api.listener.stats({ id: pathId("Listener", id) })).stats }),
  },
  {
    // Octavia's batch update: the pool's members become the list given.
    method: "PUT",
    path: "lbaas/pools/:pool_id/members",
    async handle(call, { pool_id }) {
      const { members } = integersOf(memberBatchUpdateInput, { members: unwrap(await readJson(call.req), "members") });
      await call.api.member.batchUpdate({ pool_id: pathId("Pool", pool_id), members: members as never });
      return empty(202);
    },
  },
  {
    method: "GET",
    path: "lbaas/quotas",
    handle: async (call) => unpaged(call, "quotas", (await call.api.quota.list()).map(quotaView)),
  },
  // The defaults, at the client's path and at Octavia's (the same for every project).
  { method: "GET", path: "lbaas/quotas/defaults", handle: showQuotaDefaults },
  { method: "GET", path: "lbaas/quotas/:project_id/default", handle: showQuotaDefaults },
  { method: "GET", path: "lbaas/quotas/:project_id", handle: async (call, { project_id }) => json(200, { quota: quotaView(await quotaOf(call, project_id ?? "")) }) },
  {
    method: "PUT",
    path: "lbaas/quotas/:project_id",
    async handle(call, { project_id }) {
      const { quota } = integersOf(quotaUpdateInput, { quota: unwrapObject(await readJson(call.req), "quota") });
      return json(202, { quota: quotaView(await call.api.quota.update({ project_id: project_id ?? "", quota: quota as never })) });
    },
  },
  {
    method: "DELETE",
    path: "lbaas/quotas/:project_id",
    async handle(call, { project_id }) {
      await call.api.quota.reset({ project_id: project_id ?? "" });
      return empty(204);
    },
  },
  {
    method: "GET",
    path: "octavia/amphorae",
    handle: async (call) => unpaged(call, "amphorae", (await call.api.amphora.list()).map(amphoraView)),
  },
  {
    method: "GET",
    path: "octavia/amphorae/:id",
    async handle(call, { id }) {
      const { fields } = parseQuery(call.url.searchParams, null);
      return json(200, { amphora: selectFields(amphoraView(await findAmphora(call, id)), fields) });
    },
  },
  {
    method: "PUT",
    path: "octavia/amphorae/:id/failover",
    async handle(call, { id }) {
      await call.api.amphora.failover({ id: pathId("Amphora", id) });
      return empty(202);
    },
  },
  {
    // Octavia pushes its settings to the amphora agent here. These amphorae have no agent: their
    // whole configuration is rendered by the controller, so there is nothing to push. The
    // amphora must still exist and the caller be an admin.
    method: "PUT",
    path: "octavia/amphorae/:id/config",
    async handle(call, { id }) {
      await findAmphora(call, id);
      return empty(202);
    },
  },
  {
    // Not Octavia's: the HAProxy configuration the amphora runs, as text.
    method: "GET",
    path: "octavia/amphorae/:id/config",
    async handle(call, { id }) {
      const { config } = await call.api.amphora.config({ id: pathId("Amphora", id) });
      if (config === null) throw new RestError(404, `Amphora ${id} has no configuration yet.`);
      return new Response(config, { status: 200, headers: { "content-type": "text/plain; charset=utf-8", "content-length": String(Buffer.byteLength(config)) } });
    },
  },
  {
    method: "GET",
    path: "lbaas/providers",
    handle: async (call) => unpaged(call, "providers", await call.api.provider.list()),
  },
  {
    method: "GET",
    path: "lbaas/providers/:provider/flavor_capabilities",
    handle: async (call, { provider }) => unpaged(call, "flavor_capabilities", await call.api.provider.flavorCapabilities({ provider: provider ?? "" })),
  },
  {
    method: "GET",
    path: "lbaas/providers/:provider/availability_zone_capabilities",
    handle: async (call, { provider }) =>
      unpaged(call, "availability_zone_capabilities", await call.api.provider.availabilityZoneCapabilities({ provider: provider ?? "" })),
  },
];

/**
 * An option the amphora provider does not serve (an L7 policy on a TCP listener): Octavia's 501,
 * where tRPC answers the dashboard BAD_REQUEST with the same words.
 */
function withOctaviaStatus(route: Route<RestCall>): Route<RestCall> {
  return {
    ...route,
    async handle(call, params) {
      try {
        return await route.handle(call, params);
      } catch (err) {
        const cause = err instanceof TRPCError ? err.cause : err;
        if (cause instanceof UnsupportedOptionError) throw new RestError(501, cause.message);
        throw err;
      }
    },
  };
}

/** Octavia serves its lbaas/ collections at /v2/lbaas/… and at /v2/… alike: each route at both. */
const withAndWithoutLbaas = (route: Route<RestCall>): Route<RestCall>[] =>
  route.path.startsWith("lbaas/") ? [route, { ...route, path: route.path.slice("lbaas/".length) }] : [route];

const VERSIONS = ["v2", "v2.0"];

const v2Routes = [...actionRoutes, ...OCTAVIA_RESOURCES.flatMap(crudRoutes)].flatMap(withAndWithoutLbaas).map((route) => inOctaviaWire(withOctaviaStatus(route)));

const router = createRouter<RestCall>([
  { method: "GET", path: "", handle: async (call) => json(200, versionsDocument(call.base)) },
  // Where the root's self link points: Octavia answers the version's id, as a JSON string.
  ...VERSIONS.map((version): Route<RestCall> => ({ method: "GET", path: version, handle: async () => json(200, "v2.0") })),
  ...VERSIONS.flatMap((version) => v2Routes.map((route) => ({ ...route, path: `${version}/${route.path}` }))),
]);

/** Octavia's fault body: faultcode Client for the caller's errors, Server for ours. */
export const octaviaDoor: FrontDoor = {
  mount: MOUNT,
  router,
  errorBody: ({ status, message }) => ({ faultcode: status >= 500 ? "Server" : "Client", faultstring: message, debuginfo: null }),
};

/** The Octavia v2 API: a request in, a response out. */
export const octavia = (req: Request, deps: RestDeps) => serve(octaviaDoor, req, deps);
