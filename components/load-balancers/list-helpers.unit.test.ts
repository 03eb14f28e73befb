import { describe, expect, it } from "vitest";
import { PROVISIONING_STATUSES } from "@/db/schema/statuses";
import { actionAllowed } from "@/server/services/lock-rules";
import { cascadeNeeded, childrenLabel, deleteOutcome } from "./delete-outcome";
import { DEFAULT_SORT, FIRST_PAGE, listInput, nextSort, orderDependsOnStatus } from "./list-query";
import { loadBalancerActions } from "./load-balancer-actions";
import { pruneSelection } from "./prune-selection";

describe("listInput", () => {
  it("asks for the first page of 20, newest first, with nothing else", () => {
    expect(listInput(FIRST_PAGE)).toEqual({ limit: 20, sort: "created_at:desc" });
  });
  it("adds the trimmed search, the sort and the page's marker (page_reverse going back)", () => {
    expect(listInput({ search: " web ", sort: { key: "name", dir: "asc" }, cursor: { marker: "m", reverse: false } })).toEqual({
      limit: 20,
      sort: "name:asc",
      search: "web",
      marker: "m",
    });
    expect(listInput({ search: "  ", sort: DEFAULT_SORT, cursor: { marker: "m", reverse: true } })).toEqual({
      limit: 20,
      sort: "created_at:desc",
      marker: "m",
      page_reverse: true,
    });
  });
});

describe("nextSort", () => {
  it("sorts a new column ascending and turns the current one round", () => {
    expect(nextSort(DEFAULT_SORT, "name")).toEqual({ key: "name", dir: "asc" });
    expect(nextSort({ key: "name", dir: "asc" }, "name")).toEqual({ key: "name", dir: "desc" });
    expect(nextSort({ key: "name", dir: "desc" }, "name")).toEqual({ key: "name", dir: "asc" });
  });
});

describe("orderDependsOnStatus", () => {
  it("holds for a status sort or any search", () => {
    expect(orderDependsOnStatus({ sort: "name:asc" })).toBe(false);
    expect(orderDependsOnStatus(undefined)).toBe(false);
    expect(orderDependsOnStatus({ sort: "operating_status:desc" })).toBe(true);
    expect(orderDependsOnStatus({ sort_key: "provisioning_status" })).toBe(true);
    expect(orderDependsOnStatus({ sort: "name:asc", search: "web" })).toBe(true);
  });
});

describe("pruneSelection", () => {
  it("drops keys that are no longer rows", () => {
    expect([...pruneSelection(new Set(["a", "b"]), ["b", "c"])]).toEqual(["b"]);
  });
});

describe("deleteOutcome", () => {
  it("reports what was deleted and each refusal with its reason", () => {
    const outcome = deleteOutcome([
      { id: "1", name: "a", error: null },
      { id: "2", name: "b", error: "Validation failure: Cannot delete Load Balancer 2 - it has children" },
      { id: "3", name: "c", error: null },
    ]);
    expect(outcome.success).toBe("Scheduled deletion of 2 load balancers: a, c");
    expect(outcome.failures).toEqual(["b: Validation failure: Cannot delete Load Balancer 2 - it has children"]);
    expect(outcome.failedIds).toEqual(["2"]);
  });
  it("says one name for one deletion and nothing when all failed", () => {
    expect(deleteOutcome([{ id: "1", name: "a", error: null }]).success).toBe("Scheduled deletion of load balancer a");
    expect(deleteOutcome([{ id: "1", name: "a", error: "x" }]).success).toBeNull();
  });
});

describe("childrenLabel and cascadeNeeded", () => {
  it("counts listeners and pools apart", () => {
    expect(childrenLabel(1, 1)).toBe("1 listener and 1 pool");
    expect(childrenLabel(2, 0)).toBe("2 listeners");
    expect(childrenLabel(0, 3)).toBe("3 pools");
    expect(childrenLabel(0, 0)).toBe("");
  });

  it("says why a delete without cascade cannot go ahead, naming what holds it back", () => {
    const t = (name: string, listenerCount: number, poolCount: number) => ({ name, listenerCount, poolCount });
    expect(cascadeNeeded([t("web", 0, 0)])).toBeNull();
    expect(cascadeNeeded([t("web", 1, 1)])).toMatch(/^This load balancer has 1 listener and 1 pool: it is only deleted with its children\. Check "Delete all children \(cascade\)"/);
    expect(cascadeNeeded([t("a", 0, 0), t("b", 0, 2)])).toMatch(/^b has 2 pools: it is only deleted/);
    expect(cascadeNeeded([t("a", 1, 0), t("b", 0, 2)])).toMatch(/^a, b have listeners or pools: they are only deleted/);
  });
});

describe("loadBalancerActions", () => {
  it("offers everything on an ACTIVE load balancer", () => {
    expect(loadBalancerActions("ACTIVE", false)).toEqual({ change: true, delete: true, failover: true, note: null });
  });
  it("offers only delete and failover in ERROR, and says so", () => {
    expect(loadBalancerActions("ERROR", false)).toMatchObject({ change: false, delete: true, failover: true, note: expect.stringMatching(/only be deleted/) });
  });
  it("holds everything back while a change is applied, and once it is deleted", () => {
    for (const status of ["PENDING_CREATE", "PENDING_UPDATE"]) {
      expect(loadBalancerActions(status, false)).toMatchObject({ change: false, delete: false, failover: false, note: expect.stringMatching(/being applied/) });
    }
    expect(loadBalancerActions("PENDING_DELETE", false).note).toMatch(/being deleted/);
    expect(loadBalancerActions("ACTIVE", true)).toMatchObject({ change: false, delete: false, note: "This load balancer has been deleted." });
    expect(loadBalancerActions("DELETED", false).delete).toBe(false);
  });
  it("offers, in every provisioning status, exactly what the API's status lock would accept", () => {
    for (const status of PROVISIONING_STATUSES) {
      const offered = loadBalancerActions(status, false);
      expect({ change: offered.change, delete: offered.delete, failover: offered.failover }, status).toEqual({
        change: actionAllowed("update", status),
        delete: actionAllowed("delete", status),
        failover: actionAllowed("failover", status),
      });
    }
  });
  it("offers nothing before the status is known", () => {
    expect(loadBalancerActions("", false)).toMatchObject({ change: false, delete: false, failover: false });
  });
});
