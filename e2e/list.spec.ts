import { createBare, ensureLoadBalancers, loadBalancerOnceActive, type LoadBalancerPage } from "./cloud";
import { expect, test } from "./fixtures";
import { openLoadBalancers, recordListInputs, rowOf, shownIds } from "./pages";

// The Load Balancers list against the started production server: the server pages (20 a time,
// Prev/Next by marker), sorts (a header click) and searches (the box); the browser never asks for
// more than a page. What the page shows is checked against the API.

test.use({ viewport: { width: 1400, height: 1000 } });

const ids = (p: LoadBalancerPage) => p.items.map((lb) => lb.id);

test.describe("load balancer list on the server", () => {
  // More than a page, so that paging and a search past the first page mean something.
  test.beforeEach(async ({ api }) => {
    await ensureLoadBalancers(api, 25);
  });

  test("pages 20 at a time with Next and Prev, never asking for more than a page", async ({ page, api, saveScreenshot }) => {
    const list = (input: Record<string, unknown>) => api.query<LoadBalancerPage>("loadBalancer.list", input);
    const inputs = recordListInputs(page);
    const table = await openLoadBalancers(page);

    // Newest first, as the page asks for.
    const first = await list({ limit: 20, sort: "created_at:desc" });
    expect(first.next_marker).not.toBeNull();
    await expect.poll(() => shownIds(table)).toEqual(ids(first));
    await expect(page.getByTestId("item-count")).toContainText("Displaying 20 items");
    const pager = page.getByRole("navigation", { name: "Load Balancers pages" });
    await expect(pager.getByRole("button", { name: "« Prev" })).toBeDisabled();

    await pager.getByRole("button", { name: "Next »" }).click();
    const second = await list({ limit: 20, sort: "created_at:desc", marker: first.next_marker });
    await expect.poll(() => shownIds(table)).toEqual(ids(second));
    expect(ids(second).filter((id) => ids(first).includes(id))).toEqual([]);
    await saveScreenshot("list-page-2");

    await pager.getByRole("button", { name: "« Prev" }).click();
    await expect.poll(() => shownIds(table)).toEqual(ids(first));
    await expect(pager.getByRole("button", { name: "« Prev" })).toBeDisabled();

    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) expect(input).toMatchObject({ limit: 20 });
  });

  test("sorts by name on the server when the Name header is clicked, then the other way round", async ({ page, api, saveScreenshot }) => {
    const table = await openLoadBalancers(page);
    const header = table.getByRole("columnheader", { name: "Name" });
    await header.getByRole("button", { name: "Name" }).click();
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    const ascending = await api.query<LoadBalancerPage>("loadBalancer.list", { limit: 20, sort: "name:asc" });
    await expect.poll(() => shownIds(table)).toEqual(ids(ascending));

    await header.getByRole("button", { name: "Name" }).click();
    await expect(header).toHaveAttribute("aria-sort", "descending");
    const descending = await api.query<LoadBalancerPage>("loadBalancer.list", { limit: 20, sort: "name:desc" });
    await expect.poll(() => shownIds(table)).toEqual(ids(descending));
    await saveScreenshot("list-sorted-by-name");
  });

  test("searches on the server: the VIP address finds its load balancer, wherever it is in the list", async ({ page, api, saveScreenshot }) => {
    const list = (input: Record<string, unknown>) => api.query<LoadBalancerPage>("loadBalancer.list", input);
    const lb = await createBare(api, "e2e-search");
    await loadBalancerOnceActive(api, lb.id);
    const table = await openLoadBalancers(page);
    // Oldest first: the new load balancer is past the first page (there are more than 20), so
    // only the server-side search can bring it up.
    const created = page.getByRole("columnheader", { name: "Created" });
    await created.getByRole("button").click();
    await expect(created).toHaveAttribute("aria-sort", "ascending");
    await expect.poll(async () => shownIds(table)).toEqual(ids(await list({ limit: 20, sort: "created_at:asc" })));
    expect(await shownIds(table)).not.toContain(lb.id);

    const inputs = recordListInputs(page);
    // Typed key by key, far faster than the debounce (300 ms; no delay between keys, so a busy
    // machine does not stretch a gap past it): the server hears the whole address only.
    await page.getByLabel("Search load balancers").pressSequentially(lb.vip_address);
    const expected = await list({ limit: 20, sort: "created_at:asc", search: lb.vip_address });
    expect(ids(expected)).toContain(lb.id);
    await expect.poll(() => shownIds(table)).toEqual(ids(expected));
    await expect(rowOf(table, lb.id).getByText(lb.vip_address, { exact: true })).toBeVisible();
    const searches = inputs.filter((i) => typeof i.search === "string");
    expect(searches.length).toBeGreaterThan(0);
    for (const input of searches) expect(input).toMatchObject({ search: lb.vip_address, limit: 20 });
    await saveScreenshot("list-search-vip");

    await page.getByLabel("Search load balancers").fill("no-such-load-balancer");
    await expect(table.getByText('No load balancer matches "no-such-load-balancer"')).toBeVisible();
  });
});
