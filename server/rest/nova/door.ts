import { z } from "zod";
import { empty, json, readJson, RestError } from "../http";
import { parseQuery, selectFields } from "../query";
import { createRouter, type Route } from "../routing";
import { type FrontDoor, type RestCall, type RestDeps, serve } from "../serve";
import { type InstanceRow, novaFlavor, novaServer, novaServerRef, FLAVOR } from "./views";

// The part of Nova's v2.1 API that load-balancer clients need, at /compute: the project's
// instances to list and show (the members step picks addresses from them), and start/stop.
// Everything goes through the instance procedures, so policy, audit and the project in scope
// are theirs. Lists come in one page; `name` matches a part of the name (Nova: a regular
// expression; a literal name means the same) and `status` the status. Errors are Nova's bodies.

const MOUNT = "/compute";
const VERSION = "v2.1";

function versionDoc(call: RestCall) {
  return {
    id: VERSION,
    status: "CURRENT",
    version: "2.1",
    min_version: "2.1",
    updated: "2013-07-23T11:33:21Z",
    links: [{ rel: "self", href: `${call.base}${MOUNT}/${VERSION}/` }],
    "media-types": [{ base: "application/json", type: "application/vnd.openstack.compute+json;version=2.1" }],
  };
}

const endpoint = (call: RestCall) => `${call.base}${MOUNT}/${VERSION}`;

/** The project's instances with the name of the network each has its address on. */
async function servers(call: RestCall) {
  const [instances, networks] = await Promise.all([call.api.instance.list(), call.api.network.list()]);
  const names = new Map(networks.map((n) => [n.id, n.name]));
  return instances.map((i) => ({ row: i as InstanceRow, network: names.get(i.network_id) ?? i.network_id }));
}

function matching(items: Awaited<ReturnType<typeof servers>>, params: URLSearchParams) {
  const name = params.get("name");
  const status = params.get("status");
  return items.filter(({ row }) => (name === null || row.name.includes(name)) && (status === null || row.status === status.toUpperCase()));
}

async function findServer(call: RestCall, id: string | undefined) {
  const found = (await servers(call)).find(({ row }) => row.id === id);
  if (!found) throw new RestError(404, `Instance ${id ?? ""} could not be found.`);
  return found;
}

/** A server action: exactly one of the two this cloud carries out, with Nova's null argument. */
const action = z
  .record(z.string(), z.unknown(), { error: "The request body must be a JSON object naming one action." })
  .refine((body) => Object.keys(body).length === 1, { error: "The request body must name exactly one action." })
  .transform((body) => Object.keys(body)[0] as string)
  .refine((name) => name === "os-start" || name === "os-stop", { error: (iss) => `There is no such action: ${String(iss.input)}` });

const serverRoutes: Route<RestCall>[] = [
  {
    method: "GET",
    path: "servers",
    async handle(call) {
      const items = matching(await servers(call), call.url.searchParams);
      return json(200, { servers: items.map(({ row }) => novaServerRef(endpoint(call), row)) });
    },
  },
  {
    method: "GET",
    path: "servers/detail",
    async handle(call) {
      const items = matching(await servers(call), call.url.searchParams);
      return json(200, { servers: items.map(({ row, network }) => novaServer(endpoint(call), row, call.ctx.projectId, network)) });
    },
  },
  {
    method: "GET",
    path: "servers/:id",
    async handle(call, { id }) {
      const { row, network } = await findServer(call, id);
      const { fields } = parseQuery(call.url.searchParams, null);
      return json(200, { server: selectFields(novaServer(endpoint(call), row, call.ctx.projectId, network), fields) });
    },
  },
  {
    method: "POST",
    path: "servers/:id/action",
    async handle(call, { id }) {
      const verb = action.parse(await readJson(call.req));
      const { row } = await findServer(call, id);
      if (verb === "os-start") await call.api.instance.start({ id: row.id });
      else await call.api.instance.stop({ id: row.id });
      return empty(202);
    },
  },
];

const flavorRoutes: Route<RestCall>[] = [
  { method: "GET", path: "flavors", handle: async (call) => json(200, { flavors: [{ id: FLAVOR.id, name: FLAVOR.name, links: novaFlavor(endpoint(call)).links }] }) },
  { method: "GET", path: "flavors/detail", handle: async (call) => json(200, { flavors: [novaFlavor(endpoint(call))] }) },
  {
    method: "GET",
    path: "flavors/:id",
    async handle(call, { id }) {
      if (id !== FLAVOR.id) throw new RestError(404, `Flavor ${id ?? ""} could not be found.`);
      return json(200, { flavor: novaFlavor(endpoint(call)) });
    },
  },
];

const router = createRouter<RestCall>([
  { method: "GET", path: "", handle: async (call) => json(200, { versions: [versionDoc(call)] }) },
  { method: "GET", path: VERSION, handle: async (call) => json(200, { version: versionDoc(call) }) },
  ...[...serverRoutes, ...flavorRoutes].map((route) => ({ ...route, path: `${VERSION}/${route.path}` })),
]);

/** Nova's names for the kinds of failure: the key of its error body. */
const ERROR_KEYS: Record<number, string> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "itemNotFound",
  405: "HTTPMethodNotAllowed",
  409: "conflictingRequest",
  413: "overLimit",
  503: "serviceUnavailable",
};

export const novaDoor: FrontDoor = {
  mount: MOUNT,
  router,
  errorBody: ({ status, message }) => ({ [ERROR_KEYS[status] ?? "computeFault"]: { code: status, message } }),
};

/** The Nova subset: a request in, a response out. */
export const nova = (req: Request, deps: RestDeps) => serve(novaDoor, req, deps);
