import type { AuditOutcome } from "@/server/services/schemas/audit";

// The Audit Log panel's query: the filters as audit.list takes them, and its paging. The server
// pages (newest first, `before` the last id shown); one row more than a page says whether there
// is a next one. Earlier pages are a stack of the cursors that led here.

export const AUDIT_PAGE_SIZE = 25;

export interface AuditFilters {
  /** "" for every one. */
  project_id: string;
  user_id: string;
  outcome: AuditOutcome | "";
}

export const NO_FILTERS: AuditFilters = { project_id: "", user_id: "", outcome: "" };

export function auditInput(filters: AuditFilters, before: number | undefined) {
  return {
    ...(filters.project_id ? { project_id: filters.project_id } : {}),
    ...(filters.user_id ? { user_id: filters.user_id } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(before !== undefined ? { before } : {}),
    limit: AUDIT_PAGE_SIZE + 1,
  };
}

/** What the panel asks first (the server page prefetches it). */
export const AUDIT_FIRST_PAGE = auditInput(NO_FILTERS, undefined);

/** The page to show of what audit.list answered, and the cursor of the next page (null on the last). */
export function auditPage<T extends { id: number }>(answer: T[]): { rows: T[]; nextBefore: number | null } {
  const rows = answer.slice(0, AUDIT_PAGE_SIZE);
  return { rows, nextBefore: answer.length > AUDIT_PAGE_SIZE ? (rows.at(-1)?.id ?? null) : null };
}

/** Where the list is: its filters and the cursors of the pages after the first that led here. */
export interface AuditPosition {
  filters: AuditFilters;
  cursors: number[];
}

export const firstPage = (filters: AuditFilters): AuditPosition => ({ filters, cursors: [] });
export const nextPage = (at: AuditPosition, before: number): AuditPosition => ({ ...at, cursors: [...at.cursors, before] });
export const previousPage = (at: AuditPosition): AuditPosition => ({ ...at, cursors: at.cursors.slice(0, -1) });
export const currentBefore = (at: AuditPosition): number | undefined => at.cursors.at(-1);
