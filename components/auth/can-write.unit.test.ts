import { describe, expect, it } from "vitest";
import type { Role } from "@/db/schema";
import { canCall, canWrite } from "./can-write";

// What the dashboard offers the people of a cloud, told as who they are rather than as role lists:
// the answers come from the API's policy table, so these only break if what a person is offered changes.

const me = (roles: Role[], cloudAdmin = false) => ({ roles, cloudAdmin });
const projectMember = me(["member"]);
const projectReader = me(["reader"]);
const globalObserver = me(["load-balancer_observer", "load-balancer_global_observer"]);
const octaviaAdmin = me(["load-balancer_admin"]);
const ownProjectAdmin = me(["admin"]);
const cloudAdmin = me(["admin"], true);

describe("what the dashboard offers", () => {
  it("offers a project's members its changes, and its readers and observers none", () => {
    expect(canWrite(projectMember)).toBe(true);
    expect(canCall(projectMember, "member.batchUpdate")).toBe(true);
    for (const who of [projectReader, globalObserver]) {
      expect(canWrite(who)).toBe(false);
      expect(canCall(who, "loadBalancer.delete")).toBe(false);
      expect(canCall(who, "loadBalancer.list")).toBe(true);
    }
  });

  it("offers failover to Octavia's admins, not to members", () => {
    expect(canCall(projectMember, "loadBalancer.failover")).toBe(false);
    for (const who of [octaviaAdmin, ownProjectAdmin, cloudAdmin]) expect(canCall(who, "loadBalancer.failover")).toBe(true);
  });

  it("offers identities and the audit log to the cloud admin only, not to an admin of a project", () => {
    for (const procedure of ["identity.setPassword", "identity.grantRole", "audit.list"]) {
      expect(canCall(cloudAdmin, procedure), procedure).toBe(true);
      for (const who of [octaviaAdmin, ownProjectAdmin, globalObserver, projectMember]) expect(canCall(who, procedure), procedure).toBe(false);
    }
  });

  it("offers nothing before the user is known, or for a call that does not exist", () => {
    expect(canWrite(undefined)).toBe(false);
    expect(canCall(undefined, "loadBalancer.list")).toBe(false);
    expect(canCall(cloudAdmin, "loadBalancer.nothing")).toBe(false);
  });
});
