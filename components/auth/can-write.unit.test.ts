import { describe, expect, it } from "vitest";
import { canWrite } from "./can-write";

describe("canWrite", () => {
  it("lets members and admins change things", () => {
    for (const role of ["member", "load-balancer_member", "admin", "load-balancer_admin"]) expect(canWrite([role]), role).toBe(true);
    expect(canWrite(["reader", "member"])).toBe(true);
  });

  it("does not offer changes to readers and observers, or before the roles are known", () => {
    for (const roles of [["reader"], ["load-balancer_observer"], ["load-balancer_global_observer"], ["load-balancer_quota_admin"], []]) {
      expect(canWrite(roles), roles.join()).toBe(false);
    }
    expect(canWrite(undefined)).toBe(false);
  });
});
