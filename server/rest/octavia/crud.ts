import { NotFoundError } from "@/server/kernel/errors";
import { empty, isUuid, json, readJson, RestError, unwrapObject } from "../http";
import { pageLinks } from "../links";
import { parseQuery, selectFields, shapeOf } from "../query";
import type { Params, Route } from "../routing";
import type { RestCall } from "../serve";
import { createFields, creatorFor, updateFields } from "./bodies";
import { integersOf } from "./integers";
import type { OctaviaResource } from "./resources";

// The five routes every Octavia collection has, over its tRPC procedures: list (filters, sort,
// paging, fields=), create (201), show (fields=), update (200) and delete (204). A body is read
// Octavia's way first (bodies.ts: null fields, project_id; integers.ts: numeric strings); the procedures then parse it with
// their own schemas, so a field they do not know is refused by name and every message is theirs.

/** A body or query from the wire, handed to a procedure whose own schema checks it. */
const fromWire = (input: Record<string, unknown>) => input as never;

/**
 * The item's key from the path: its id, where one that cannot be an id names nothing, as in
 * Octavia (404); or, in a collection keyed by name (availability zones), its name.
 */
function itemKey(resource: OctaviaResource, params: Params): { id: string } | { name: string } {
  const key = params.id ?? "";
  if (resource.keyedBy === "name") return { name: key };
  if (!isUuid(key)) throw new NotFoundError(resource.label, key);
  return { id: key };
}

/** The path's parent captures (pool_id), without the item's own id. */
const parentsOf = (params: Params) => Object.fromEntries(Object.entries(params).filter(([key]) => key !== "id"));

/** An item under a parent answers only under that parent: another pool's member is not found here. */
function assertUnder(resource: OctaviaResource, item: object, params: Params): void {
  const fields = item as Record<string, unknown>;
  for (const [key, value] of Object.entries(parentsOf(params))) {
    if (fields[key] !== value) throw new NotFoundError(resource.label, params.id ?? "");
  }
}

export function crudRoutes(resource: OctaviaResource): Route<RestCall>[] {
  const { path, collection, singular } = resource;
  const listShape = shapeOf(resource.listInput);
  const linksKey = resource.linksKey ?? `${collection}_links`;
  const wire = resource.wire ?? ((item: object) => item);
  const show = async (call: RestCall, params: Params) => {
    const item = await resource.procedures(call.api).get(fromWire(itemKey(resource, params)));
    assertUnder(resource, item, params);
    return item;
  };
  return [
    {
      method: "GET",
      path,
      async handle(call, params) {
        const query = parseQuery(call.url.searchParams, resource.listInput);
        if (query.matchesNothing) return json(200, { [collection]: [], [linksKey]: [] });
        // Asking for one's own project is what every list means already.
        if (!("project_id" in listShape) && query.input.project_id === call.ctx.projectId) delete query.input.project_id;
        const page = await resource.procedures(call.api).list(fromWire({ ...query.input, ...params }));
        return json(200, {
          [collection]: page.items.map((item) => selectFields(wire(item), query.fields)),
          [linksKey]: pageLinks(call.url, page),
        });
      },
    },
    {
      method: "POST",
      path,
      async handle(call, params) {
        const { api, body } = creatorFor(call, integersOf(resource.createInput, createFields(unwrapObject(await readJson(call.req), singular))));
        // The parent is the path's (as in Octavia, whose bodies have no such field): a body that
        // names one too is refused rather than silently overridden.
        const parent = Object.keys(params).find((key) => key in body);
        if (parent !== undefined) throw new RestError(400, `Unrecognized key: "${parent}"`);
        const created = await resource.procedures(api).create(fromWire({ ...body, ...params }));
        return json(201, { [singular]: wire(created) });
      },
    },
    {
      method: "GET",
      path: `${path}/:id`,
      async handle(call, params) {
        const { fields } = parseQuery(call.url.searchParams, null);
        return json(200, { [singular]: selectFields(wire(await show(call, params)), fields) });
      },
    },
    {
      method: "PUT",
      path: `${path}/:id`,
      async handle(call, params) {
        const body = integersOf(resource.updateInput, updateFields(unwrapObject(await readJson(call.req), singular)));
        if (Object.keys(parentsOf(params)).length > 0) await show(call, params);
        const updated = await resource.procedures(call.api).update(fromWire({ ...body, ...itemKey(resource, params) }));
        return json(200, { [singular]: wire(updated) });
      },
    },
    {
      method: "DELETE",
      path: `${path}/:id`,
      async handle(call, params) {
        if (Object.keys(parentsOf(params)).length > 0) await show(call, params);
        // Only the options the delete procedure takes are read from the query (cascade).
        const options = resource.deleteInput ? parseQuery(call.url.searchParams, resource.deleteInput).input : {};
        const known = resource.deleteInput ? Object.keys(shapeOf(resource.deleteInput)) : [];
        const given = Object.fromEntries(Object.entries(options).filter(([key]) => known.includes(key) && key !== "id" && key !== "name"));
        await resource.procedures(call.api).delete(fromWire({ ...given, ...itemKey(resource, params) }));
        return empty(204);
      },
    },
  ];
}
