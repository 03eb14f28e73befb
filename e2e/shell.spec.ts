import type { Page } from "@playwright/test";
import { createBare } from "./cloud";
import { expect, test } from "./fixtures";
import { countNavigations, expectLoaded, LOAD_BALANCERS, openLoadBalancers, rowOf } from "./pages";

// Smoke test of the dashboard shell against the started production server: the browser and the
// API both as demo, a member of the demo project.

test.use({ viewport: { width: 1280, height: 800 } });

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test.describe("dashboard shell", () => {
  test("redirects / to Load Balancers and shows the project navigation", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL((url) => url.pathname === LOAD_BALANCERS);
    await expect(page.getByRole("heading", { level: 1, name: "Load Balancers" })).toBeVisible();

    for (const panel of ["Instances", "Load Balancers", "Floating IPs"]) {
      await expect(mainNav(page).getByRole("link", { name: panel, exact: true })).toBeVisible();
    }
    for (const group of ["Project", "Compute", "Network"]) {
      await expect(mainNav(page).getByText(group, { exact: true })).toBeVisible();
    }
    await expect(mainNav(page).getByRole("link", { name: "Load Balancers" })).toHaveAttribute("aria-current", "page");
    await expect(mainNav(page).getByRole("link", { name: "Instances" })).not.toHaveAttribute("aria-current");
    await expect(page.getByTestId("current-project")).toHaveText("demo");
    await expect(page.getByTestId("current-user")).toHaveText("demo");
  });

  test("shows a load balancer created through the API live, turning ACTIVE, without a reload", async ({ page, api, saveScreenshot }) => {
    // Once the status stream is open, changes reach the page by events only.
    const table = await openLoadBalancers(page);
    const navigations = countNavigations(page);

    const created = await createBare(api, "e2e-lb");
    expect(created.provisioning_status).toBe("PENDING_CREATE");

    const row = rowOf(table, created.id);
    await expect(row.getByRole("link", { name: created.name, exact: true })).toBeVisible();
    await expect(row.getByText(created.vip_address, { exact: true })).toBeVisible();
    // The controller drives it from PENDING_CREATE to ACTIVE; the row follows from the stream.
    await expect(row.locator('[data-status="ACTIVE"]')).toBeVisible();
    expect(navigations(), "the page was not reloaded or navigated").toBe(0);

    await saveScreenshot("load-balancers");
  });

  test("paints the list with data from the server: the HTML already holds the rows", async ({ api }) => {
    const created = await createBare(api, "ssr");
    // Plain HTTP, no JavaScript: what the browser paints before any client-side fetch.
    const res = await api.fetch(LOAD_BALANCERS);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(created.name);
  });

  test("lists the demo instances web1, web2 and web3", async ({ page, saveScreenshot }) => {
    await page.goto("/project/compute/instances");
    await expect(page.getByRole("heading", { level: 1, name: "Instances" })).toBeVisible();
    const table = page.getByRole("table", { name: "Instances" });
    for (const instance of ["web1", "web2", "web3"]) {
      await expect(table.getByRole("cell", { name: instance, exact: true })).toBeVisible();
    }
    await expect(mainNav(page).getByRole("link", { name: "Instances" })).toHaveAttribute("aria-current", "page");
    await saveScreenshot("instances");
  });

  test("shows the Floating IPs panel", async ({ page }) => {
    await page.goto("/project/network/floating-ips");
    await expect(page.getByRole("heading", { level: 1, name: "Floating IPs" })).toBeVisible();
    const table = page.getByRole("table", { name: "Floating IPs" });
    await expectLoaded(table);
    await expect(table).not.toContainText("Unable to retrieve");
  });
});
