import { allows, POLICY, type PolicySubject, type Rule } from "@/server/identity/policy";

/** The dashboard's left navigation: Horizon's panel groups (Project > group > panel). */
export interface NavPanel {
  label: string;
  href: string;
  /**
   * The policy rule the panel's page needs (taken from the policy table): the panel is shown, and
   * its page opens, only for users who pass it. None: every logged-in user of the project.
   */
  rule?: Rule;
}

export interface NavGroup {
  label: string;
  panels: NavPanel[];
}

export interface NavDashboard {
  label: string;
  groups: NavGroup[];
}

export const NAVIGATION: NavDashboard[] = [
  {
    label: "Project",
    groups: [
      { label: "Compute", panels: [{ label: "Instances", href: "/project/compute/instances" }] },
      {
        label: "Network",
        panels: [
          { label: "Routers", href: "/project/network/routers" },
          { label: "Load Balancers", href: "/project/network/load-balancers" },
          { label: "Floating IPs", href: "/project/network/floating-ips" },
        ],
      },
      { label: "Key Manager", panels: [{ label: "Secrets", href: "/project/key-manager/secrets" }] },
    ],
  },
  {
    label: "Admin",
    groups: [
      {
        label: "Network",
        panels: [
          // Every project's load balancers: Octavia's get_all-global.
          { label: "Load Balancers", href: "/admin/network/load-balancers", rule: "read-global" },
          { label: "Amphorae", href: "/admin/network/amphorae", rule: POLICY["amphora.list"] },
          { label: "Amphora Hosts", href: "/admin/network/amphora-hosts", rule: POLICY["amphoraHost.list"] },
          { label: "Flavors", href: "/admin/network/flavors", rule: POLICY["flavorProfile.list"] },
        ],
      },
      {
        label: "Identity",
        panels: [
          { label: "Projects", href: "/admin/identity/projects", rule: POLICY["identity.listProjects"] },
          { label: "Users", href: "/admin/identity/users", rule: POLICY["identity.listUsers"] },
        ],
      },
      { label: "System", panels: [{ label: "Audit Log", href: "/admin/audit-log", rule: POLICY["audit.list"] }] },
    ],
  },
];

/** Whether `me` (auth.me's answer; undefined until it is known) may open `panel`: the policy table decides. */
export function mayOpen(panel: NavPanel, me: PolicySubject | undefined): boolean {
  if (me === undefined) return panel.rule === undefined;
  return panel.rule === undefined || allows(panel.rule, me);
}

/** The navigation `me` is shown: the panels they may open, without the groups and dashboards left empty. */
export function visibleDashboards(me: PolicySubject | undefined): NavDashboard[] {
  return NAVIGATION.map((dashboard) => ({
    ...dashboard,
    groups: dashboard.groups.map((group) => ({ ...group, panels: group.panels.filter((panel) => mayOpen(panel, me)) })).filter((group) => group.panels.length > 0),
  })).filter((dashboard) => dashboard.groups.length > 0);
}

/** A panel is active on its own page and on every page below it (details, wizards). */
export function isActivePanel(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The panel a page belongs to (its list page), or null outside the navigation. */
export function navPanelOf(pathname: string): NavPanel | null {
  for (const dashboard of NAVIGATION) {
    for (const group of dashboard.groups) {
      for (const panel of group.panels) if (isActivePanel(pathname, panel.href)) return panel;
    }
  }
  return null;
}

/** The href of the panel a page belongs to, or null outside the navigation. */
export function panelOf(pathname: string): string | null {
  return navPanelOf(pathname)?.href ?? null;
}
