import type { Locator, Page } from "@playwright/test";
import { createLoadBalancer, uniqueName, webListener } from "./cloud";
import { ANONYMOUS, expect, test } from "./fixtures";
import { LOAD_BALANCERS, openLoadBalancers, rowOf } from "./pages";

// The dashboard at 1024 px (a small laptop, a window beside another): the list shows every column
// without scrolling sideways, and no button breaks its label over two lines. Then what the
// browser shows around the page: titles that say the page, and a favicon.

const SMALL = { width: 1024, height: 700 };

/** The element is inside the viewport horizontally (its bounding box, as the browser lays it out). */
async function expectWithinWidth(locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  expect(box, `${what} is laid out`).not.toBeNull();
  if (!box) return;
  expect(box.x, `${what} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} ends inside the ${SMALL.width} px window`).toBeLessThanOrEqual(SMALL.width);
}

/** Nothing in the page's content area scrolls sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.locator("main").evaluate((main) => main.scrollWidth - main.clientWidth);
  expect(overflow, "the content is no wider than its area").toBeLessThanOrEqual(0);
}

/** The labels of the buttons in the content area whose text takes more than one line (a table's column headers may). */
async function wrappedButtons(page: Page): Promise<string[]> {
  return page.locator("main").evaluate((main) =>
    [...main.querySelectorAll("button")]
      .filter((b) => !b.closest("thead"))
      .filter((b) => b.offsetParent !== null)
      .filter((b) => {
        const style = getComputedStyle(b);
        const px = (value: string) => Number.parseFloat(value) || 0;
        const oneLine = px(style.lineHeight) + px(style.paddingTop) + px(style.paddingBottom) + px(style.borderTopWidth) + px(style.borderBottomWidth);
        return b.getBoundingClientRect().height > oneLine + 1;
      })
      .map((b) => b.textContent?.trim() ?? ""),
  );
}

test.describe("at 1024 × 700", () => {
  test.use({ viewport: SMALL });

  test("the load balancer list shows every column, Actions included, without sideways scrolling", async ({ page, api, saveScreenshot }) => {
    // A row as wide as real ones get: a long name and description, a listener.
    const lb = await createLoadBalancer(api, "e2e-wide-row-with-a-long-name", {
      description: "Front end of the customer portal, production, managed by the web team",
      listeners: [await webListener(api)],
    });
    const table = await openLoadBalancers(page);
    await expect(rowOf(table, lb.id)).toBeVisible();

    const headers = table.getByRole("columnheader");
    const names = (await headers.allTextContents()).map((t) => t.replace(/[▲▼↕]/g, "").trim());
    expect(names).toEqual(
      expect.arrayContaining(["Name", "Description", "IP Address", "Floating IP", "Listeners", "Operating Status", "Provisioning Status", "Admin State", "Created", "Actions"]),
    );
    for (let i = 0; i < names.length; i++) await expectWithinWidth(headers.nth(i), `the ${names[i] || "selection"} column`);
    await expectNoSidewaysScroll(page);
    expect(await wrappedButtons(page)).toEqual([]);

    // At this width the row's actions are all in its menu, Edit first, and the menu opens in view.
    const menuButton = rowOf(table, lb.id).getByRole("button", { name: `More actions for ${lb.name}` });
    await expectWithinWidth(menuButton, "the row's action menu");
    await menuButton.click();
    const menu = page.getByRole("menu", { name: `Actions for ${lb.name}` });
    await expect(menu.getByRole("menuitem")).toHaveText(["Edit Load Balancer", "Associate Floating IP", "Delete Load Balancer"]);
    await expect(menu.getByRole("menuitem", { name: "Edit Load Balancer" })).toBeFocused();
    await expectWithinWidth(menu, "the open menu");
    await saveScreenshot("list-1024");
    await page.keyboard.press("Escape");
    await expect(menuButton).toBeFocused();
  });

  test("the pool and instances pages keep every button on one line", async ({ page, api }) => {
    const lb = await createLoadBalancer(api, "e2e-narrow", { listeners: [await webListener(api, { named: true, monitor: true })] });
    await page.goto(`${LOAD_BALANCERS}/${lb.id}/pools/${lb.pools[0]?.id}`);
    await expect(page.getByRole("heading", { level: 1, name: "web-pool" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Members" })).toHaveAttribute("aria-busy", "false");
    expect(await wrappedButtons(page)).toEqual([]);
    await expectNoSidewaysScroll(page);

    await page.goto("/project/compute/instances");
    await expect(page.getByRole("table", { name: "Instances" }).getByRole("cell", { name: "web1", exact: true })).toBeVisible();
    expect(await wrappedButtons(page)).toEqual([]);
    await expectNoSidewaysScroll(page);
  });
});

test.describe("around the page", () => {
  test("titles say the page: the panel, and a resource's name with its section", async ({ page, api }) => {
    await page.goto(LOAD_BALANCERS);
    await expect(page).toHaveTitle("Load Balancers - LBaaS Dashboard");
    await page.goto("/project/compute/instances");
    await expect(page).toHaveTitle("Instances - LBaaS Dashboard");

    const lb = await createLoadBalancer(api, "e2e-titled", { listeners: [await webListener(api, { named: true })] });
    await page.goto(`${LOAD_BALANCERS}/${lb.id}`);
    await expect(page).toHaveTitle(`${lb.name} - Load Balancers - LBaaS Dashboard`);
    await page.goto(`${LOAD_BALANCERS}/${lb.id}/listeners/${lb.listeners[0]?.id}`);
    await expect(page).toHaveTitle("http-in - Listeners - LBaaS Dashboard");
    await page.goto(`${LOAD_BALANCERS}/${lb.id}/pools/${lb.pools[0]?.id}`);
    await expect(page).toHaveTitle("web-pool - Pools - LBaaS Dashboard");
    // Not there (a mistyped or deleted id): the section alone.
    await page.goto(`${LOAD_BALANCERS}/${uniqueName("missing")}`);
    await expect(page).toHaveTitle(/^Load Balancers - /);
  });

  test.describe("without a session", () => {
    test.use({ storageState: ANONYMOUS });

    test("answers /favicon.ico with an icon, and pages point at it", async ({ page, api }) => {
      const res = await api.fetch("/favicon.ico", { as: null });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^image\//);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
      await page.goto("/auth/login");
      await expect(page.locator('head link[rel~="icon"]').first()).toHaveAttribute("href", /favicon\.ico/);
    });
  });
});
