import { describe, expect, it } from "vitest";
import { applyStatusEvent, type LoadBalancerRow, settlesUpdate } from "./apply-status-event";

const lb = (id: string, provisioning_status = "PENDING_CREATE", operating_status = "OFFLINE") =>
  ({ id, name: id, provisioning_status, operating_status }) as unknown as LoadBalancerRow;

const event = (resource_id: string, provisioning_status: string, operating_status = "ONLINE", resource_type = "loadbalancer") => ({
  resource_type,
  resource_id,
  provisioning_status,
  operating_status,
});

describe("applyStatusEvent", () => {
  it("patches the statuses of a cached load balancer and leaves the others alone", () => {
    const list = [lb("a"), lb("b")];
    const update = applyStatusEvent(list, event("a", "ACTIVE"));
    expect(update.kind).toBe("patched");
    if (update.kind !== "patched") return;
    expect(update.list[0]).toMatchObject({ id: "a", provisioning_status: "ACTIVE", operating_status: "ONLINE" });
    expect(update.list[1]).toBe(list[1]);
    expect(list[0]?.provisioning_status).toBe("PENDING_CREATE");
  });

  it("asks for a refetch when the load balancer is not cached yet", () => {
    expect(applyStatusEvent([lb("a")], event("new", "PENDING_CREATE", "OFFLINE"))).toEqual({ kind: "refetch" });
  });

  it("removes a deleted load balancer", () => {
    const update = applyStatusEvent([lb("a"), lb("b")], event("a", "DELETED", "OFFLINE"));
    expect(update.kind === "patched" && update.list.map((x) => x.id)).toEqual(["b"]);
  });

  it("ignores child events, repeats and an empty cache", () => {
    expect(applyStatusEvent([lb("a")], event("l1", "ACTIVE", "ONLINE", "listener"))).toEqual({ kind: "unchanged" });
    expect(applyStatusEvent([lb("a")], event("a", "PENDING_CREATE", "OFFLINE"))).toEqual({ kind: "unchanged" });
    expect(applyStatusEvent(undefined, event("a", "ACTIVE"))).toEqual({ kind: "unchanged" });
    expect(applyStatusEvent([lb("a")], event("gone", "DELETED", "OFFLINE"))).toEqual({ kind: "unchanged" });
  });

  it("reads the list again when a listener or pool appears or goes (the Listeners count)", () => {
    expect(applyStatusEvent([lb("a")], event("l1", "PENDING_CREATE", "OFFLINE", "listener"))).toEqual({ kind: "refetch" });
    expect(applyStatusEvent([lb("a")], event("p1", "DELETED", "OFFLINE", "pool"))).toEqual({ kind: "refetch" });
    expect(applyStatusEvent([lb("a")], event("m1", "PENDING_CREATE", "OFFLINE", "member"))).toEqual({ kind: "unchanged" });
  });

  it("says when a cached pending update settles (other fields may have changed)", () => {
    expect(settlesUpdate([lb("a", "PENDING_UPDATE")], event("a", "ACTIVE"))).toBe(true);
    expect(settlesUpdate([lb("a", "PENDING_UPDATE")], event("a", "ERROR"))).toBe(true);
    expect(settlesUpdate([lb("a", "PENDING_CREATE")], event("a", "ACTIVE"))).toBe(false);
    expect(settlesUpdate([lb("a", "ACTIVE")], event("a", "PENDING_UPDATE"))).toBe(false);
    expect(settlesUpdate([lb("a", "PENDING_UPDATE")], event("a", "ACTIVE", "ONLINE", "listener"))).toBe(false);
    expect(settlesUpdate(undefined, event("a", "ACTIVE"))).toBe(false);
  });
});
