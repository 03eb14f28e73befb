// Octavia's paging links: the request's own URL (on the public address) with the marker of the
// next page, or of the previous one read backwards (page_reverse=True), every other parameter
// (limit, sort, filters) kept.

export interface Link {
  rel: "next" | "previous";
  href: string;
}

export function pageLinks(url: URL, page: { next_marker: string | null; previous_marker: string | null }): Link[] {
  const link = (rel: Link["rel"], marker: string): Link => {
    const target = new URL(url);
    target.searchParams.delete("marker");
    target.searchParams.delete("page_reverse");
    target.searchParams.set("marker", marker);
    if (rel === "previous") target.searchParams.set("page_reverse", "True");
    return { rel, href: target.toString() };
  };
  const links: Link[] = [];
  if (page.next_marker) links.push(link("next", page.next_marker));
  if (page.previous_marker) links.push(link("previous", page.previous_marker));
  return links;
}
