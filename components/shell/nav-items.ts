/** The dashboard's left navigation: Horizon's panel groups (Project > group > panel). */
export interface NavPanel {
  label: string;
  href: string;
}

export interface NavGroup {
  label: string;
  panels: NavPanel[];
}

export interface NavDashboard {
  label: string;
  groups: NavGroup[];
  /** Shown to admins only (auth.me's isAdmin); the pages check it again on the server. */
  adminOnly?: boolean;
}

export const NAVIGATION: NavDashboard[] = [
  {
    label: "Project",
    groups: [
      { label: "Compute", panels: [{ label: "Instances", href: "/project/compute/instances" }] },
      {
        label: "Network",
        panels: [
          { label: "Load Balancers", href: "/project/network/load-balancers" },
          { label: "Floating IPs", href: "/project/network/floating-ips" },
        ],
      },
      { label: "Key Manager", panels: [{ label: "Secrets", href: "/project/key-manager/secrets" }] },
    ],
  },
  {
    label: "Admin",
    adminOnly: true,
    groups: [
      {
        label: "Network",
        panels: [
          { label: "Load Balancers", href: "/admin/network/load-balancers" },
          { label: "Amphorae", href: "/admin/network/amphorae" },
        ],
      },
      {
        label: "Identity",
        panels: [
          { label: "Projects", href: "/admin/identity/projects" },
          { label: "Users", href: "/admin/identity/users" },
        ],
      },
      { label: "System", panels: [{ label: "Audit Log", href: "/admin/audit-log" }] },
    ],
  },
];

/** The dashboards a user is shown: the Admin one only to an admin. */
export function visibleDashboards(isAdmin: boolean): NavDashboard[] {
  return NAVIGATION.filter((dashboard) => isAdmin || !dashboard.adminOnly);
}

/** A panel is active on its own page and on every page below it (details, wizards). */
export function isActivePanel(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The panel a page belongs to (its list page), or null outside the navigation. */
export function panelOf(pathname: string): string | null {
  for (const dashboard of NAVIGATION) {
    for (const group of dashboard.groups) {
      for (const panel of group.panels) if (isActivePanel(pathname, panel.href)) return panel.href;
    }
  }
  return null;
}
