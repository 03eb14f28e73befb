import { RestError } from "./http";

// A small path router for the REST front doors: patterns of literal segments and `:name`
// captures, matched against the path below the mount point. A path that exists under another
// method is 405, one that matches nothing 404.

export type Params = Record<string, string>;

export interface Route<C> {
  method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Segments joined by "/", e.g. "lbaas/pools/:pool_id/members/:id". */
  path: string;
  handle: (call: C, params: Params) => Promise<Response>;
}

function matchPath(pattern: string[], segments: string[]): Params | null {
  if (pattern.length !== segments.length) return null;
  const params: Params = {};
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i] ?? "";
    if (part.startsWith(":")) {
      if (segment === "") return null;
      params[part.slice(1)] = segment;
    } else if (part !== segment) return null;
  }
  return params;
}

export interface Router<C> {
  /** The route for this method and path, with its captures; a RestError (404, 405) when none. */
  find(method: string, segments: string[]): { route: Route<C>; params: Params };
}

export function createRouter<C>(routes: Route<C>[]): Router<C> {
  const compiled = routes.map((route) => ({ route, pattern: route.path.split("/").filter(Boolean) }));
  return {
    find(method, segments) {
      let pathExists = false;
      for (const { route, pattern } of compiled) {
        const params = matchPath(pattern, segments);
        if (!params) continue;
        if (route.method === method) return { route, params };
        pathExists = true;
      }
      if (pathExists) throw new RestError(405, `The method ${method} is not allowed for this resource.`);
      throw new RestError(404, "The resource could not be found.");
    },
  };
}

/** The path below `mount` as decoded segments ("/load-balancer/v2.0/lbaas/" -> ["v2.0", "lbaas"]). */
export function segmentsBelow(req: Request, mount: string): string[] {
  const path = new URL(req.url).pathname;
  const rest = path.startsWith(mount) ? path.slice(mount.length) : path;
  return rest
    .split("/")
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}
