import { empty, isObject, json, readJson, RestError, unwrapObject } from "../http";
import type { Route } from "../routing";
import type { RestCall } from "../serve";
import { withoutOwnProject } from "./project";
import { neutronRouter } from "./views";

// Neutron's routers at /networking/v2.0/routers: create, update (the external gateway is set and
// cleared through external_gateway_info, as `openstack router set/unset --external-gateway` send
// it), delete, and the add/remove_router_interface actions that answer Neutron's interface body.
// The list and show come with the other collections (door.ts).

/** Neutron clears a gateway given an empty external_gateway_info too (`openstack router unset --external-gateway` sends `{}`). */
function routerBody(body: Record<string, unknown>): Record<string, unknown> {
  const info = body.external_gateway_info;
  return isObject(info) && Object.keys(info).length === 0 ? { ...body, external_gateway_info: null } : body;
}

/** The interface actions' body is unwrapped: `{"subnet_id": …}` or `{"port_id": …}`. */
async function interfaceBody(call: RestCall): Promise<Record<string, unknown>> {
  const body = await readJson(call.req);
  if (!isObject(body)) throw new RestError(400, "Bad router request: the body must be an object with subnet_id or port_id.");
  return body;
}

export const routerRoutes: Route<RestCall>[] = [
  {
    method: "POST",
    path: "routers",
    async handle(call) {
      const body = routerBody(withoutOwnProject(unwrapObject(await readJson(call.req), "router"), call));
      return json(201, { router: neutronRouter(await call.api.routers.create(body as never)) });
    },
  },
  {
    method: "PUT",
    path: "routers/:id",
    async handle(call, { id }) {
      const body = routerBody(unwrapObject(await readJson(call.req), "router"));
      return json(200, { router: neutronRouter(await call.api.routers.update({ ...body, id } as never)) });
    },
  },
  {
    method: "DELETE",
    path: "routers/:id",
    async handle(call, { id }) {
      await call.api.routers.delete({ id: id ?? "" });
      return empty(204);
    },
  },
  {
    method: "PUT",
    path: "routers/:id/add_router_interface",
    async handle(call, { id }) {
      return json(200, await call.api.routers.addInterface({ ...(await interfaceBody(call)), id } as never));
    },
  },
  {
    method: "PUT",
    path: "routers/:id/remove_router_interface",
    async handle(call, { id }) {
      return json(200, await call.api.routers.removeInterface({ ...(await interfaceBody(call)), id } as never));
    },
  },
];
