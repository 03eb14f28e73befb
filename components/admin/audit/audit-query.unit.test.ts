import { describe, expect, it } from "vitest";
import { AUDIT_PAGE_SIZE, auditInput, auditPage, currentBefore, firstPage, NO_FILTERS, nextPage, previousPage } from "./audit-query";

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: from - i }));

describe("audit log query", () => {
  it("sends only the filters chosen, and asks one row more than a page", () => {
    expect(auditInput(NO_FILTERS, undefined)).toEqual({ limit: AUDIT_PAGE_SIZE + 1 });
    expect(auditInput({ project_id: "", user_id: "u", outcome: "denied" }, 40)).toEqual({ user_id: "u", outcome: "denied", before: 40, limit: AUDIT_PAGE_SIZE + 1 });
  });

  it("shows a page and knows there is a next one only when the extra row came", () => {
    const full = auditPage(rows(100, AUDIT_PAGE_SIZE + 1));
    expect(full.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(full.nextBefore).toBe(100 - AUDIT_PAGE_SIZE + 1);
    expect(auditPage(rows(100, AUDIT_PAGE_SIZE)).nextBefore).toBeNull();
    expect(auditPage([])).toEqual({ rows: [], nextBefore: null });
  });

  it("goes forward and back through the cursors, and starts again on new filters", () => {
    const start = firstPage(NO_FILTERS);
    const third = nextPage(nextPage(start, 80), 55);
    expect(currentBefore(start)).toBeUndefined();
    expect(currentBefore(third)).toBe(55);
    expect(currentBefore(previousPage(third))).toBe(80);
    expect(currentBefore(previousPage(previousPage(third)))).toBeUndefined();
    expect(firstPage({ ...NO_FILTERS, outcome: "failed" })).toEqual({ filters: { ...NO_FILTERS, outcome: "failed" }, cursors: [] });
  });
});
