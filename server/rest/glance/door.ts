import { json, RestError } from "../http";
import { createRouter } from "../routing";
import { type FrontDoor, type RestCall, type RestDeps, serve } from "../serve";

// An image service with no images, at /image. This cloud boots nothing from images, but
// `openstack server list` opens the image service before it lists servers (to name their
// images) and fails when the catalog has none; Glance's version document and an empty image
// list are what it reads. The image routes want a logged-in caller, as the other doors' lists do.

const MOUNT = "/image";
const VERSION = "v2";

const router = createRouter<RestCall>([
  {
    method: "GET",
    path: "",
    // Glance answers its version list with 300 Multiple Choices.
    handle: async (call) =>
      json(300, { versions: [{ id: "v2.15", status: "CURRENT", links: [{ rel: "self", href: `${call.base}${MOUNT}/${VERSION}/` }] }] }),
  },
  {
    method: "GET",
    path: `${VERSION}/images`,
    handle: async (call) => {
      await call.api.auth.me(); // a logged-in caller's, as every list here (401 otherwise)
      return json(200, { images: [], schema: "/v2/schemas/images", first: "/v2/images" });
    },
  },
  {
    method: "GET",
    path: `${VERSION}/images/:id`,
    handle: async (call, { id }) => {
      await call.api.auth.me();
      throw new RestError(404, `No image found with ID ${id ?? ""}`);
    },
  },
]);

const TITLES: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 413: "Request Entity Too Large" };

export const glanceDoor: FrontDoor = {
  mount: MOUNT,
  router,
  errorBody: ({ status, message }) => ({ error: { code: status, title: TITLES[status] ?? "Internal Server Error", message } }),
};

/** The image service's empty subset: a request in, a response out. */
export const glance = (req: Request, deps: RestDeps) => serve(glanceDoor, req, deps);
