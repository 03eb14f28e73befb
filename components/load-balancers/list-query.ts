import type { LoadBalancerListInput } from "@/server/services/schemas/loadBalancer";

// What the load balancer list asks the server for: one page of 20 (Horizon's page size), sorted
// and searched there. Shared by the page's server-side prefetch and the table, so the first
// page's query key is the same on both sides and the prefetched data is used.

export const PAGE_SIZE = 20;

export const SORTABLE = ["name", "vip_address", "operating_status", "provisioning_status", "admin_state_up", "created_at"] as const;
export type SortableKey = (typeof SORTABLE)[number];

export interface ListSort {
  key: SortableKey;
  dir: "asc" | "desc";
}

/** Newest first: a load balancer just created is on the first page, where the operator looks. */
export const DEFAULT_SORT: ListSort = { key: "created_at", dir: "desc" };

/** Where the page starts: after (or, going back, before) the marker; null is the first page. */
export interface PageCursor {
  marker: string;
  reverse: boolean;
}

export interface ListView {
  search: string;
  sort: ListSort;
  cursor: PageCursor | null;
}

export const FIRST_PAGE: ListView = { search: "", sort: DEFAULT_SORT, cursor: null };

/** With `allProjects`, every project's load balancers (the admin's list). */
export function listInput(view: ListView, allProjects = false): NonNullable<LoadBalancerListInput> {
  const search = view.search.trim();
  return {
    ...(allProjects && { all_projects: true }),
    limit: PAGE_SIZE,
    sort: `${view.sort.key}:${view.sort.dir}`,
    ...(search && { search }),
    ...(view.cursor && { marker: view.cursor.marker, ...(view.cursor.reverse && { page_reverse: true }) }),
  };
}

/** A click on a column header: that column ascending, or the other way round if it already sorts. */
export function nextSort(current: ListSort, key: SortableKey): ListSort {
  return current.key === key ? { key, dir: current.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" };
}

/**
 * Whether a status change can move rows into, out of or within this page: the page is sorted by
 * a status, or searched (the search matches statuses too).
 */
export function orderDependsOnStatus(input: Pick<NonNullable<LoadBalancerListInput>, "sort" | "sort_key" | "search"> | undefined): boolean {
  if (!input) return false;
  return Boolean(input.search?.trim()) || /status/.test(`${input.sort ?? ""},${input.sort_key ?? ""}`);
}
