import { describe, expect, it } from "vitest";
import type { StatusTree } from "@/components/api-types";
import { isStructural, patchResource, patchStatusTree, prependEvent } from "./apply-detail-event";

const event = (resource_id: string, provisioning_status: string, operating_status = "ONLINE", resource_type = "member", id = 1) => ({
  id,
  resource_type: resource_type as "member",
  resource_id,
  loadbalancer_id: "lb",
  provisioning_status,
  operating_status,
  reason: null as string | null,
  created_at: "2026-01-01T00:00:00.000Z",
});
const row = (id: string, provisioning_status = "ACTIVE", operating_status = "ONLINE") => ({ id, name: id, provisioning_status, operating_status });

describe("patchResource", () => {
  it("patches the named resource in a list and keeps the other rows", () => {
    const list = [row("a"), row("b")];
    const { data } = patchResource(list, event("b", "ACTIVE", "ERROR"));
    expect(data[1]).toMatchObject({ id: "b", operating_status: "ERROR" });
    expect(data[0]).toBe(list[0]);
  });

  it("patches the rows of a page and keeps its markers", () => {
    const page = { items: [row("a"), row("b", "PENDING_UPDATE")], next_marker: "b", previous_marker: null };
    const result = patchResource(page, event("b", "ACTIVE", "ERROR"));
    expect(result.data).toEqual({ items: [row("a"), row("b", "ACTIVE", "ERROR")], next_marker: "b", previous_marker: null });
    expect(result.data.items[0]).toBe(page.items[0]);
    expect(result.settledUpdate).toBe(true);
    expect(patchResource(page, event("x", "ACTIVE")).data).toBe(page);
  });

  it("returns the same list when nothing changes", () => {
    const list = [row("a")];
    expect(patchResource(list, event("x", "ACTIVE")).data).toBe(list);
    expect(patchResource(list, event("a", "ACTIVE", "ONLINE")).data).toBe(list);
  });

  it("patches one resource and says when a pending update settled", () => {
    const result = patchResource(row("a", "PENDING_UPDATE"), event("a", "ACTIVE"));
    expect(result.data.provisioning_status).toBe("ACTIVE");
    expect(result.settledUpdate).toBe(true);
    expect(patchResource(row("a"), event("a", "ACTIVE", "ERROR")).settledUpdate).toBe(false);
  });

  it("leaves data of other shapes alone", () => {
    const stats = { stats: { bytes_in: 1 } };
    expect(patchResource(stats, event("a", "ACTIVE")).data).toBe(stats);
    expect(patchResource(undefined, event("a", "ACTIVE")).data).toBeUndefined();
  });
});

const tree: StatusTree = {
  loadbalancer: {
    ...row("lb"),
    listeners: [
      {
        ...row("l"),
        pools: [{ ...row("p"), health_monitor: { ...row("hm"), type: "HTTP" }, members: [{ ...row("m"), address: "127.10.0.10", protocol_port: 80 }] }],
      },
    ],
  },
};

describe("patchStatusTree", () => {
  it("patches a member and its pool in place", () => {
    const update = patchStatusTree(tree, event("m", "ACTIVE", "ERROR"));
    expect(update.kind).toBe("patched");
    if (update.kind !== "patched") return;
    expect(update.tree.loadbalancer.listeners[0]?.pools[0]?.members[0]?.operating_status).toBe("ERROR");
    expect(tree.loadbalancer.listeners[0]?.pools[0]?.members[0]?.operating_status).toBe("ONLINE");
    const lb = patchStatusTree(tree, event("lb", "PENDING_UPDATE", "DEGRADED", "loadbalancer"));
    expect(lb.kind === "patched" && lb.tree.loadbalancer.operating_status).toBe("DEGRADED");
    const hm = patchStatusTree(tree, event("hm", "PENDING_UPDATE", "ONLINE", "healthmonitor"));
    expect(hm.kind === "patched" && hm.tree.loadbalancer.listeners[0]?.pools[0]?.health_monitor?.provisioning_status).toBe("PENDING_UPDATE");
  });

  it("reads the tree again when something appears or goes, and ignores what it does not hold", () => {
    expect(patchStatusTree(tree, event("new", "PENDING_CREATE", "OFFLINE"))).toEqual({ kind: "refetch" });
    const gone = patchStatusTree(tree, event("m", "DELETED", "OFFLINE"));
    expect(gone.kind === "patched" && gone.refetch).toBe(true);
    expect(gone.kind === "patched" && gone.tree.loadbalancer.listeners[0]?.pools[0]?.members[0]?.provisioning_status).toBe("DELETED");
    expect(patchStatusTree(tree, event("m", "ACTIVE", "ERROR"))).toMatchObject({ kind: "patched", refetch: false });
    expect(patchStatusTree(tree, event("elsewhere", "ACTIVE"))).toEqual({ kind: "unchanged" });
    expect(patchStatusTree(undefined, event("m", "ACTIVE"))).toEqual({ kind: "unchanged" });
  });

  it("reads the tree again when a pending update settles: a rename changes the names it shows", () => {
    const renaming = patchStatusTree(tree, event("l", "PENDING_UPDATE", "ONLINE", "listener"));
    expect(renaming).toMatchObject({ kind: "patched", refetch: false });
    if (renaming.kind !== "patched") return;
    expect(patchStatusTree(renaming.tree, event("l", "ACTIVE", "ONLINE", "listener"))).toMatchObject({ kind: "patched", refetch: true });
  });

  it("takes every node down with the load balancer when it is deleted (there is nothing to read again)", () => {
    const update = patchStatusTree(tree, event("lb", "DELETED", "OFFLINE", "loadbalancer"));
    expect(update).toMatchObject({ kind: "patched", refetch: false });
    if (update.kind !== "patched") return;
    const pool = update.tree.loadbalancer.listeners[0]?.pools[0];
    const nodes = [update.tree.loadbalancer, update.tree.loadbalancer.listeners[0], pool, pool?.health_monitor, pool?.members[0]];
    expect(nodes.map((n) => `${n?.provisioning_status}/${n?.operating_status}`)).toEqual(Array(5).fill("DELETED/OFFLINE"));
  });
});

describe("patchResource and status_reason", () => {
  it("keeps a load balancer's ERROR reason live, and gives other resources none", () => {
    const lb = { ...row("lb", "PENDING_CREATE", "OFFLINE"), status_reason: null };
    const failed = patchResource(lb, { ...event("lb", "ERROR", "OFFLINE", "loadbalancer"), reason: "cannot bind socket" });
    expect(failed.data.status_reason).toBe("cannot bind socket");
    expect(patchResource(row("m"), { ...event("m", "ERROR"), reason: "refused" }).data).not.toHaveProperty("status_reason");
  });
});

describe("prependEvent and isStructural", () => {
  it("puts a new event on top once, within the limit", () => {
    const list = [event("a", "ACTIVE", "ONLINE", "member", 2), event("a", "PENDING_UPDATE", "ONLINE", "member", 1)];
    expect(prependEvent(list, event("a", "ACTIVE", "ERROR", "member", 3), 2)?.map((e) => e.id)).toEqual([3, 2]);
    expect(prependEvent(list, event("a", "ACTIVE", "ONLINE", "member", 2))).toBe(list);
    expect(prependEvent(undefined, event("a", "ACTIVE"))).toBeUndefined();
  });
  it("calls creations and deletions structural", () => {
    expect(isStructural({ provisioning_status: "PENDING_CREATE" })).toBe(true);
    expect(isStructural({ provisioning_status: "DELETED" })).toBe(true);
    expect(isStructural({ provisioning_status: "PENDING_DELETE" })).toBe(false);
  });
});
