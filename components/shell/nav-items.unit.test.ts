import { describe, expect, it } from "vitest";
import type { Role } from "@/db/schema";
import { mayOpen, navPanelOf, visibleDashboards } from "./nav-items";

// The sidebar each person of a cloud is shown, and the pages the Admin layout opens for them:
// both follow the API's policy table, so the Admin section holds just what its user may call.

const me = (roles: Role[], cloudAdmin = false) => ({ roles, cloudAdmin });
const shown = (who: ReturnType<typeof me> | undefined) =>
  visibleDashboards(who).flatMap((d) => d.groups.flatMap((g) => g.panels.map((p) => `${d.label} > ${g.label} > ${p.label}`)));
const admin = (who: ReturnType<typeof me> | undefined) => shown(who).filter((p) => p.startsWith("Admin > "));

describe("the sidebar", () => {
  it("shows a project's members and readers no Admin section, the same project panels to all", () => {
    expect(admin(me(["member"]))).toEqual([]);
    expect(admin(me(["reader"]))).toEqual([]);
    expect(admin(undefined)).toEqual([]);
    expect(shown(me(["reader"]))).toEqual(shown(me(["admin"], true)).filter((p) => !p.startsWith("Admin > ")));
  });

  it("shows Octavia's admin the network panels but not identities or the audit log", () => {
    for (const roles of [["load-balancer_admin"], ["admin"]] as Role[][]) {
      expect(admin(me(roles))).toEqual(["Admin > Network > Load Balancers", "Admin > Network > Amphorae", "Admin > Network > Amphora Hosts", "Admin > Network > Flavors"]);
    }
  });

  it("shows a global observer every project's load balancers only", () => {
    expect(admin(me(["load-balancer_global_observer"]))).toEqual(["Admin > Network > Load Balancers"]);
  });

  it("shows the cloud admin the whole Admin section", () => {
    expect(admin(me(["admin"], true))).toEqual([
      "Admin > Network > Load Balancers",
      "Admin > Network > Amphorae",
      "Admin > Network > Amphora Hosts",
      "Admin > Network > Flavors",
      "Admin > Identity > Projects",
      "Admin > Identity > Users",
      "Admin > System > Audit Log",
    ]);
  });
});

describe("an Admin page", () => {
  it("opens for whoever may open its panel, detail pages included", () => {
    const user = navPanelOf("/admin/identity/users/00000000-0000-4000-8000-000000000001")!;
    expect(user.href).toBe("/admin/identity/users");
    expect(mayOpen(user, me(["admin"], true))).toBe(true);
    expect(mayOpen(user, me(["load-balancer_admin"]))).toBe(false);
    expect(mayOpen(navPanelOf("/admin/network/amphorae")!, me(["load-balancer_admin"]))).toBe(true);
    expect(navPanelOf("/admin/nothing-here")).toBeNull();
  });
});
