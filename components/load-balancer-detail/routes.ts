// The detail pages' addresses, in one place for links, breadcrumbs and the status tree.

const BASE = "/project/network/load-balancers";

export const routes = {
  list: BASE,
  loadBalancer: (lbId: string) => `${BASE}/${lbId}`,
  listener: (lbId: string, listenerId: string) => `${BASE}/${lbId}/listeners/${listenerId}`,
  pool: (lbId: string, poolId: string) => `${BASE}/${lbId}/pools/${poolId}`,
  member: (lbId: string, poolId: string, memberId: string) => `${BASE}/${lbId}/pools/${poolId}/members/${memberId}`,
};

/** What a resource is called on screen: its name, else the start of its id. */
export const displayName = (r: { name?: string | null; id: string }) => r.name || r.id.slice(0, 8);

/** An id from the address bar that can name a resource at all (the API answers anything else BAD_REQUEST). */
export const looksLikeId = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** The load balancer page's tabs, in their order; the first is shown when the address names none. */
export const DETAIL_TABS = ["overview", "listeners", "pools", "timeline"] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

/** The tab `?tab=` names, or the first for none or an unknown one. */
export function tabOf(value: string | null): DetailTab {
  return DETAIL_TABS.find((t) => t === value) ?? DETAIL_TABS[0];
}

/** The query string with `tab` in it (the first tab is the page's plain address), other parameters kept. */
export function searchWithTab(search: string, tab: DetailTab): string {
  const params = new URLSearchParams(search);
  if (tab === DETAIL_TABS[0]) params.delete("tab");
  else params.set("tab", tab);
  const text = params.toString();
  return text ? `?${text}` : "";
}
