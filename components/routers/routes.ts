// The Routers panel's addresses, in one place for links, breadcrumbs and redirects.

const BASE = "/project/network/routers";

export const routerRoutes = {
  list: BASE,
  router: (id: string) => `${BASE}/${id}`,
};
