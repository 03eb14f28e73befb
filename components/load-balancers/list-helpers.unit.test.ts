import { describe, expect, it } from "vitest";
import { deleteOutcome } from "./delete-outcome";
import { filterByName, pruneSelection } from "./filter-load-balancers";

describe("filterByName", () => {
  const rows = [{ name: "web-prod" }, { name: "Web-Staging" }, { name: "db" }, { name: "" }];
  it("keeps names containing the text, any case", () => {
    expect(filterByName(rows, "WEB")?.map((r) => r.name)).toEqual(["web-prod", "Web-Staging"]);
    expect(filterByName(rows, " db ")?.map((r) => r.name)).toEqual(["db"]);
  });
  it("shows everything for blank text and passes an unloaded list through", () => {
    expect(filterByName(rows, "  ")).toBe(rows);
    expect(filterByName(undefined, "x")).toBeUndefined();
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
