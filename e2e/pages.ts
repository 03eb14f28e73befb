import { expect, type Locator, type Page, type Request } from "@playwright/test";

// What several specs do on the dashboard's pages: open the Load Balancers list once it shows the
// server's rows and the status stream is open, find a form field by its label, see what a field's
// error says, use a row's action menu, and watch which pages the list asks the server for.

export const LOAD_BALANCERS = "/project/network/load-balancers";

/** The status stream's indicator once the stream is open: from then on changes reach the page by events only. */
export const liveIndicator = (page: Page) => page.locator('[data-testid="live-indicator"][data-feed-status="pending"]');

/** The table once it shows an answer (not a loading state). */
export async function expectLoaded(table: Locator): Promise<void> {
  await expect(table).toHaveAttribute("aria-busy", "false");
}

/** Project > Network > Load Balancers with its rows from the server and the status stream open. */
export async function openLoadBalancers(page: Page): Promise<Locator> {
  await page.goto(LOAD_BALANCERS);
  const table = page.getByRole("table", { name: "Load Balancers" });
  await expectLoaded(table);
  await expect(liveIndicator(page)).toBeAttached();
  return table;
}

/** The rows of a list table that stand for a resource (not the empty or loading row). */
export const rowsOf = (table: Locator) => table.locator("tbody tr[data-row-key]");

/** The row of the resource with this id. */
export const rowOf = (table: Locator, id: string) => table.locator(`tbody tr[data-row-key="${id}"]`);

/** The ids of the rows shown, once the table holds an answer (not the previous one while loading). */
export async function shownIds(table: Locator): Promise<string[]> {
  await expectLoaded(table);
  return rowsOf(table).evaluateAll((rows) => rows.map((r) => r.getAttribute("data-row-key") ?? ""));
}

/** Opens the row's "More actions" menu and picks `action`. */
export async function rowAction(page: Page, row: Locator, name: string, action: string): Promise<void> {
  await row.getByRole("button", { name: `More actions for ${name}` }).click();
  await page.getByRole("menu", { name: `Actions for ${name}` }).getByRole("menuitem", { name: action }).click();
}

/** A field by its whole label; a required field's label ends in a star (hidden from assistive technology). */
export const fieldIn = (scope: Locator, label: string) => scope.getByLabel(new RegExp(`^${escapeRegExp(label)}\\*?$`));

/** The field is marked invalid and its description (the error its aria-describedby points at) holds `message`. */
export async function expectInvalid(input: Locator, message: string): Promise<void> {
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await expect(input).toHaveAccessibleDescription(new RegExp(escapeRegExp(message)));
}

/** The element with focus is a field marked invalid (a refused form puts the focus on its first error). */
export async function expectFocusOnInvalidField(page: Page): Promise<void> {
  await expect(page.locator(":focus")).toHaveAttribute("aria-invalid", "true");
}

/**
 * No request matching `matches` leaves the page within `ms`: what a form that must not submit is
 * checked with (nothing can be waited for when nothing is to happen).
 */
export async function expectNoRequest(page: Page, matches: (req: Request) => boolean, ms = 1_000): Promise<void> {
  const sent = await page.waitForRequest(matches, { timeout: ms }).then(
    (req) => req.url(),
    () => null,
  );
  expect(sent, "no such request was sent").toBeNull();
}

/** Every loadBalancer.list input the page sends from now on (httpBatchStreamLink: GET ?batch=1&input={"0":…}). */
export function recordListInputs(page: Page): Record<string, unknown>[] {
  const inputs: Record<string, unknown>[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (!url.pathname.startsWith("/api/trpc/")) return;
    const batch = JSON.parse(url.searchParams.get("input") ?? "{}") as Record<string, Record<string, unknown>>;
    url.pathname
      .slice("/api/trpc/".length)
      .split(",")
      .forEach((procedure, i) => {
        if (procedure === "loadBalancer.list") inputs.push(batch[String(i)] ?? {});
      });
  });
  return inputs;
}

/**
 * Counts the page's own navigations (a reload or another page) from now on. A history entry that
 * keeps the address (the guard an open wizard puts on the Back button) is not one.
 */
export function countNavigations(page: Page): () => number {
  let navigations = 0;
  let url = page.url();
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) return;
    if (frame.url() !== url) navigations += 1;
    url = frame.url();
  });
  // A reload keeps the address but loads the document again.
  page.on("load", () => {
    navigations += 1;
  });
  return () => navigations;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The value (dd) a detail list shows for `label` (its dt), e.g. a page's "Pool details". */
export const detailValue = (list: Locator, label: string) =>
  list.locator("dl > div", { has: list.page().locator("dt", { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).locator("dd");
