import { z } from "zod";
import { NotFoundError, OverQuotaError } from "@/server/kernel/errors";
import { empty, json, readJson, RestError, unwrapObject } from "../http";
import { filterItems, parseQuery, selectFields } from "../query";
import { createRouter, type Route } from "../routing";
import { type FrontDoor, type RestCall, type RestDeps, serve } from "../serve";
import { extensionRoutes } from "./extensions";
import { withoutOwnProject } from "./project";
import { routerRoutes } from "./routers";
import { neutronFloatingIp, neutronNetwork, neutronPort, neutronRouter, neutronSubnet } from "./views";

// The part of Neutron's v2.0 API that load-balancer clients need, at /networking: networks,
// subnets and ports to read (the CLI looks subnets up by name), floating IPs to allocate,
// associate with a VIP port, release, routers (routers.ts), and the extensions list that says so. Lists are filtered here
// on any field (Neutron's equality filters) and come in one page; an admin's lists hold every
// project's (Neutron shows its admins everything), through the procedures' all_projects. Errors
// are Neutron's NeutronError body.

const MOUNT = "/networking";

/** Neutron's paging and sorting parameters: lists here are one page in the procedures' order. */
const PAGING = ["limit", "marker", "page_reverse", "sort_key", "sort_dir"];

interface Collection {
  key: string;
  singular: string;
  label: string;
  list: (call: RestCall) => Promise<{ id: string }[]>;
}

/** Every project's rows for a caller who may read them all (the policy's read scope), else the project's. */
const scope = (call: RestCall) => ({ all_projects: call.ctx.readScope.kind === "all" });

const COLLECTIONS: Collection[] = [
  { key: "networks", singular: "network", label: "Network", list: async (call) => (await call.api.network.list(scope(call))).map(neutronNetwork) },
  { key: "subnets", singular: "subnet", label: "Subnet", list: async (call) => (await call.api.subnet.list(scope(call))).map(neutronSubnet) },
  { key: "ports", singular: "port", label: "Port", list: async (call) => (await call.api.port.list(scope(call))).map(neutronPort) },
  {
    key: "floatingips",
    singular: "floatingip",
    label: "Floating IP",
    list: async (call) => (await call.api.floatingIp.list(scope(call))).map(neutronFloatingIp),
  },
  { key: "routers", singular: "router", label: "Router", list: async (call) => (await call.api.routers.list(scope(call))).map(neutronRouter) },
];

/** One item by id; anything else in the id's place (a name, an address) is not found, as in Neutron. */
async function findIn(collection: Collection, call: RestCall, id: string | undefined) {
  const item = (await collection.list(call)).find((i) => i.id === id);
  if (!item) throw new NotFoundError(collection.label, id ?? "");
  return item;
}

function readRoutes(collection: Collection): Route<RestCall>[] {
  return [
    {
      method: "GET",
      path: collection.key,
      async handle(call) {
        const { fields } = parseQuery(call.url.searchParams, null);
        const items = filterItems(await collection.list(call), call.url.searchParams, PAGING);
        return json(200, { [collection.key]: items.map((i) => selectFields(i, fields)) });
      },
    },
    {
      method: "GET",
      path: `${collection.key}/:id`,
      async handle(call, { id }) {
        const { fields } = parseQuery(call.url.searchParams, null);
        return json(200, { [collection.singular]: selectFields(await findIn(collection, call, id), fields) });
      },
    },
  ];
}

const floatingIps = COLLECTIONS.find((c) => c.key === "floatingips") as Collection;

/**
 * What an update may change: the port the address forwards to (null to let go of it), with the
 * port's fixed IP that clients send beside it (the association procedure checks it is the port's).
 */
const floatingIpUpdate = z.strictObject({
  port_id: z.union([z.string(), z.null()], { error: "port_id must be a port id or null" }).optional(),
  fixed_ip_address: z.union([z.string(), z.null()], { error: "fixed_ip_address must be an IP address or null" }).optional(),
});

/** Neutron's rule: a fixed IP names an address on a port, so it comes with one. */
function association(change: { port_id?: unknown; fixed_ip_address?: unknown }) {
  const fixed = change.fixed_ip_address ?? undefined;
  if (fixed !== undefined && (change.port_id === undefined || change.port_id === null)) {
    throw new RestError(400, "Bad floatingip request: fixed_ip_address cannot be specified without a port_id.");
  }
  return fixed === undefined ? {} : { fixed_ip_address: fixed as string };
}

const floatingIpRoutes: Route<RestCall>[] = [
  {
    // Allocation, and with a port_id the association too; an association that fails gives the
    // address back, so a failed create leaves nothing behind.
    method: "POST",
    path: "floatingips",
    async handle(call) {
      const { port_id, fixed_ip_address, ...allocation } = withoutOwnProject(unwrapObject(await readJson(call.req), "floatingip"), call);
      const fixed = association({ port_id, fixed_ip_address });
      const allocated = await call.api.floatingIp.allocate(allocation as never);
      if (port_id === undefined || port_id === null) return json(201, { floatingip: neutronFloatingIp(allocated) });
      try {
        return json(201, { floatingip: neutronFloatingIp(await call.api.floatingIp.associate({ id: allocated.id, port_id: port_id as string, ...fixed })) });
      } catch (err) {
        await call.api.floatingIp.release({ id: allocated.id });
        throw err;
      }
    },
  },
  {
    method: "PUT",
    path: "floatingips/:id",
    async handle(call, { id }) {
      const change = floatingIpUpdate.parse(unwrapObject(await readJson(call.req), "floatingip"));
      const fixed = association(change);
      const current = await findIn(floatingIps, call, id);
      if (change.port_id === undefined) return json(200, { floatingip: current });
      const updated =
        change.port_id === null
          ? await call.api.floatingIp.disassociate({ id: current.id })
          : await call.api.floatingIp.associate({ id: current.id, port_id: change.port_id, ...fixed });
      return json(200, { floatingip: neutronFloatingIp(updated) });
    },
  },
  {
    method: "DELETE",
    path: "floatingips/:id",
    async handle(call, { id }) {
      const current = await findIn(floatingIps, call, id);
      await call.api.floatingIp.release({ id: current.id });
      return empty(204);
    },
  },
];

const router = createRouter<RestCall>([
  {
    method: "GET",
    path: "",
    handle: async (call) => json(200, { versions: [{ id: "v2.0", status: "CURRENT", links: [{ href: `${call.base}${MOUNT}/v2.0/`, rel: "self" }] }] }),
  },
  ...[...COLLECTIONS.flatMap(readRoutes), ...floatingIpRoutes, ...routerRoutes, ...extensionRoutes].map((route) => ({ ...route, path: `v2.0/${route.path}` })),
]);

/** Neutron's names for the kinds of failure, which its clients turn into exception classes. */
const ERROR_TYPES: Record<number, string> = {
  400: "BadRequest",
  401: "NotAuthenticated",
  403: "PolicyNotAuthorized",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "Conflict",
  413: "RequestEntityTooLarge",
  503: "ServiceUnavailable",
};

export const neutronDoor: FrontDoor = {
  mount: MOUNT,
  router,
  errorBody: ({ status, message, cause }) => ({
    NeutronError: { type: cause instanceof OverQuotaError ? "OverQuota" : (ERROR_TYPES[status] ?? "InternalServerError"), message, detail: "" },
  }),
};

/** The Neutron subset: a request in, a response out. */
export const neutron = (req: Request, deps: RestDeps) => serve(neutronDoor, req, deps);
