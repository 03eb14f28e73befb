import { describe, expect, it } from "vitest";
import { applyStatusEvent, type LoadBalancerPage, type LoadBalancerRow, settlesUpdate } from "./apply-status-event";

const lb = (id: string, provisioning_status = "PENDING_CREATE", operating_status = "OFFLINE") =>
  ({ id, name: id, provisioning_status, operating_status, status_reason: null }) as unknown as LoadBalancerRow;

const page = (...items: LoadBalancerRow[]): LoadBalancerPage => ({ items, next_marker: "next", previous_marker: null });

const event = (resource_id: string, provisioning_status: string, operating_status = "ONLINE", resource_type = "loadbalancer", loadbalancer_id = resource_id) => ({
  resource_type,
  resource_id,
  loadbalancer_id,
  provisioning_status,
  operating_status,
  reason: null as string | null,
});

describe("applyStatusEvent", () => {
  it("patches the statuses of a load balancer on the page and leaves the others and the markers alone", () => {
    const cached = page(lb("a"), lb("b"));
    const update = applyStatusEvent(cached, event("a", "ACTIVE"));
    expect(update.kind).toBe("patched");
    if (update.kind !== "patched") return;
    expect(update.page.items[0]).toMatchObject({ id: "a", provisioning_status: "ACTIVE", operating_status: "ONLINE" });
    expect(update.page.items[1]).toBe(cached.items[1]);
    expect(update.page.next_marker).toBe("next");
    expect(update.refetch).toBe(false);
    expect(cached.items[0]?.provisioning_status).toBe("PENDING_CREATE");
  });

  it("keeps the row's ERROR reason live: set by the event that put it there, cleared when it leaves", () => {
    const failed = applyStatusEvent(page(lb("a", "PENDING_CREATE")), { ...event("a", "ERROR", "OFFLINE"), reason: "cannot bind socket" });
    expect(failed.kind === "patched" && failed.page.items[0]?.status_reason).toBe("cannot bind socket");
    const recovered = applyStatusEvent(page({ ...lb("a", "ERROR"), status_reason: "cannot bind socket" }), event("a", "PENDING_UPDATE"));
    expect(recovered.kind === "patched" && recovered.page.items[0]?.status_reason).toBeNull();
  });

  it("patches and reads again when the page is sorted or searched by status (the row may move or leave)", () => {
    const update = applyStatusEvent(page(lb("a")), event("a", "ACTIVE"), { statusOrdered: true });
    expect(update.kind === "patched" && update.refetch).toBe(true);
    expect(applyStatusEvent(page(lb("a")), event("elsewhere", "ERROR", "ERROR"), { statusOrdered: true })).toEqual({ kind: "refetch" });
  });

  it("reads the page again for a new load balancer, which may belong on it", () => {
    expect(applyStatusEvent(page(lb("a")), event("new", "PENDING_CREATE", "OFFLINE"))).toEqual({ kind: "refetch" });
  });

  it("ignores load balancers on other pages", () => {
    expect(applyStatusEvent(page(lb("a")), event("elsewhere", "ACTIVE"))).toEqual({ kind: "unchanged" });
    expect(applyStatusEvent(page(lb("a")), event("elsewhere", "DELETED", "OFFLINE"))).toEqual({ kind: "unchanged" });
    expect(applyStatusEvent(page(lb("a")), event("l1", "PENDING_CREATE", "OFFLINE", "listener", "elsewhere"))).toEqual({ kind: "unchanged" });
  });

  it("removes a deleted load balancer at once and reads the page again to fill it up", () => {
    const update = applyStatusEvent(page(lb("a"), lb("b")), event("a", "DELETED", "OFFLINE"));
    expect(update.kind === "patched" && update.page.items.map((x) => x.id)).toEqual(["b"]);
    expect(update.kind === "patched" && update.refetch).toBe(true);
  });

  it("ignores child status changes, repeats and an empty cache", () => {
    expect(applyStatusEvent(page(lb("a")), event("l1", "ACTIVE", "ONLINE", "listener", "a"))).toEqual({ kind: "unchanged" });
    expect(applyStatusEvent(page(lb("a")), event("a", "PENDING_CREATE", "OFFLINE"))).toEqual({ kind: "unchanged" });
    expect(applyStatusEvent(undefined, event("a", "ACTIVE"))).toEqual({ kind: "unchanged" });
  });

  it("reads the page again when a listener or pool of one of its load balancers appears or goes (the Listeners count)", () => {
    expect(applyStatusEvent(page(lb("a")), event("l1", "PENDING_CREATE", "OFFLINE", "listener", "a"))).toEqual({ kind: "refetch" });
    expect(applyStatusEvent(page(lb("a")), event("p1", "DELETED", "OFFLINE", "pool", "a"))).toEqual({ kind: "refetch" });
    expect(applyStatusEvent(page(lb("a")), event("m1", "PENDING_CREATE", "OFFLINE", "member", "a"))).toEqual({ kind: "unchanged" });
  });

  it("says when a cached pending update settles (other fields may have changed)", () => {
    expect(settlesUpdate(page(lb("a", "PENDING_UPDATE")), event("a", "ACTIVE"))).toBe(true);
    expect(settlesUpdate(page(lb("a", "PENDING_UPDATE")), event("a", "ERROR"))).toBe(true);
    expect(settlesUpdate(page(lb("a", "PENDING_CREATE")), event("a", "ACTIVE"))).toBe(false);
    expect(settlesUpdate(page(lb("a", "ACTIVE")), event("a", "PENDING_UPDATE"))).toBe(false);
    expect(settlesUpdate(page(lb("a", "PENDING_UPDATE")), event("a", "ACTIVE", "ONLINE", "listener"))).toBe(false);
    expect(settlesUpdate(undefined, event("a", "ACTIVE"))).toBe(false);
  });
});
