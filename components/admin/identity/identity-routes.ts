import type { Crumb } from "@/components/shell/breadcrumbs";

// Where the Identity panels live, for links and breadcrumbs (server pages use them too).

export const identityRoutes = {
  projects: "/admin/identity/projects",
  users: "/admin/identity/users",
  project: (id: string) => `/admin/identity/projects/${id}`,
  user: (id: string) => `/admin/identity/users/${id}`,
};

/** The breadcrumbs above every Identity panel (Admin > Identity > …). */
export const IDENTITY_TRAIL: Crumb[] = [{ label: "Admin" }, { label: "Identity" }];
