import { randomUUID } from "node:crypto";
import { type Locator, type Page, type Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { trpcMutation, trpcQuery, until } from "./api";
import { openBrowserPerTest, screenshot, UI_TIMEOUT_MS } from "./browser";

// The Load Balancers list in Debian's Chromium against the started production server: the
// server pages (20 a time, Prev/Next by marker), sorts (a header click) and searches (the box);
// the browser never asks for more than a page. What the page shows is checked against the API.

let page: Page;
openBrowserPerTest((p) => {
  page = p;
}, { width: 1400, height: 1000 });

interface LoadBalancer {
  id: string;
  name: string;
  vip_address: string;
  provisioning_status: string;
}
interface LbPage {
  items: LoadBalancer[];
  next_marker: string | null;
  previous_marker: string | null;
}

const list = (input?: Record<string, unknown>) => trpcQuery<LbPage>("loadBalancer.list", input);
const ids = (p: LbPage) => p.items.map((lb) => lb.id);

async function selfserviceSubnetId(): Promise<string> {
  const subnet = (await trpcQuery<Array<{ id: string; name: string }>>("subnet.list")).find((s) => s.name === "selfservice-subnet");
  expect(subnet, "the demo cloud has selfservice-subnet").toBeDefined();
  return subnet?.id ?? "";
}

/** A load balancer without listeners: the cheapest kind, its HAProxy has nothing to serve. */
async function createBare(prefix: string): Promise<LoadBalancer> {
  return trpcMutation<LoadBalancer>("loadBalancer.create", { name: `${prefix}-${randomUUID().slice(0, 8)}`, vip_subnet_id: await selfserviceSubnetId() });
}

/** Every loadBalancer.list input the browser sends (httpBatchStreamLink: GET ?batch=1&input={"0":…}). */
function recordListInputs(p: Page): Record<string, unknown>[] {
  const inputs: Record<string, unknown>[] = [];
  p.on("request", (req: Request) => {
    const url = new URL(req.url());
    if (!url.pathname.startsWith("/api/trpc/")) return;
    const procedures = url.pathname.slice("/api/trpc/".length).split(",");
    const batch = JSON.parse(url.searchParams.get("input") ?? "{}") as Record<string, Record<string, unknown>>;
    procedures.forEach((procedure, i) => {
      if (procedure === "loadBalancer.list") inputs.push(batch[String(i)] ?? {});
    });
  });
  return inputs;
}

async function openList(): Promise<Locator> {
  await page.goto("/project/network/load-balancers");
  const table = page.getByRole("table", { name: "Load Balancers" });
  await table.and(page.locator('[aria-busy="false"]')).waitFor();
  await page.locator('[data-testid="live-indicator"][data-feed-status="pending"]').waitFor();
  return table;
}

/** The row keys shown, once the table holds the asked-for rows (not the previous ones). */
async function shownIds(table: Locator): Promise<string[]> {
  await table.and(page.locator('[aria-busy="false"]')).waitFor();
  return table.locator("tbody tr[data-row-key]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-row-key") ?? ""));
}

describe("load balancer list on the server", () => {
  it("pages 20 at a time with Next and Prev, never asking for more than a page", async () => {
    const present = (await list()).items.length;
    await Promise.all(Array.from({ length: Math.max(0, 25 - present) }, (_, i) => createBare(`e2e-page${i}`)));
    const inputs = recordListInputs(page);
    const table = await openList();

    // Newest first, as the page asks for.
    const first = await list({ limit: 20, sort: "created_at:desc" });
    expect(first.next_marker).not.toBeNull();
    await expect.poll(() => shownIds(table), { timeout: UI_TIMEOUT_MS }).toEqual(ids(first));
    await page.getByTestId("item-count").getByText("Displaying 20 items").waitFor();
    const pager = page.getByRole("navigation", { name: "Load Balancers pages" });
    expect(await pager.getByRole("button", { name: "« Prev" }).isDisabled()).toBe(true);

    await pager.getByRole("button", { name: "Next »" }).click();
    const second = await list({ limit: 20, sort: "created_at:desc", marker: first.next_marker });
    await expect.poll(() => shownIds(table), { timeout: UI_TIMEOUT_MS }).toEqual(ids(second));
    expect(ids(second).filter((id) => ids(first).includes(id))).toEqual([]);
    await screenshot(page, "list-page-2");

    await pager.getByRole("button", { name: "« Prev" }).click();
    await expect.poll(() => shownIds(table), { timeout: UI_TIMEOUT_MS }).toEqual(ids(first));
    await expect.poll(() => pager.getByRole("button", { name: "« Prev" }).isDisabled()).toBe(true);

    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) expect(input).toMatchObject({ limit: 20 });
  });

  it("sorts by name on the server when the Name header is clicked, then the other way round", async () => {
    const table = await openList();
    const header = table.getByRole("columnheader", { name: "Name" });
    await header.getByRole("button", { name: "Name" }).click();
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("ascending");
    const ascending = await list({ limit: 20, sort: "name:asc" });
    await expect.poll(() => shownIds(table), { timeout: UI_TIMEOUT_MS }).toEqual(ids(ascending));

    await header.getByRole("button", { name: "Name" }).click();
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("descending");
    const descending = await list({ limit: 20, sort: "name:desc" });
    await expect.poll(() => shownIds(table), { timeout: UI_TIMEOUT_MS }).toEqual(ids(descending));
    await screenshot(page, "list-sorted-by-name");
  });

  it("searches on the server: the VIP address finds its load balancer, wherever it is in the list", async () => {
    const lb = await createBare("e2e-search");
    await until("the load balancer ACTIVE", () => trpcQuery<LoadBalancer>("loadBalancer.get", { id: lb.id }), (x) => x.provisioning_status === "ACTIVE", 30_000);
    const table = await openList();
    // Oldest first: the new load balancer is past the first page (the first test made sure of
    // more than 20), so only the server-side search can bring it up.
    const created = page.getByRole("columnheader", { name: "Created" });
    await created.getByRole("button").click();
    await expect.poll(() => created.getAttribute("aria-sort")).toBe("ascending");
    await expect.poll(() => shownIds(table), { timeout: UI_TIMEOUT_MS }).toEqual(ids(await list({ limit: 20, sort: "created_at:asc" })));
    expect(await shownIds(table)).not.toContain(lb.id);

    const inputs = recordListInputs(page);
    // Typed key by key, faster than the debounce: the server hears the whole address only.
    await page.getByLabel("Search load balancers").pressSequentially(lb.vip_address, { delay: 40 });
    const expected = await list({ limit: 20, sort: "created_at:asc", search: lb.vip_address });
    expect(ids(expected)).toContain(lb.id);
    await expect.poll(() => shownIds(table), { timeout: UI_TIMEOUT_MS }).toEqual(ids(expected));
    await table.locator(`tbody tr[data-row-key="${lb.id}"]`).getByText(lb.vip_address, { exact: true }).waitFor();
    const searches = inputs.filter((i) => typeof i.search === "string");
    expect(searches.length).toBeGreaterThan(0);
    for (const input of searches) expect(input).toMatchObject({ search: lb.vip_address, limit: 20 });
    await screenshot(page, "list-search-vip");

    await page.getByLabel("Search load balancers").fill("no-such-load-balancer");
    await table.getByText('No load balancer matches "no-such-load-balancer"').waitFor();
  });
});
