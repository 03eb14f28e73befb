import type { Page } from "@playwright/test";
import { createLoadBalancer, instanceNamed, webListener } from "./cloud";
import { expect, expectNoSeriousA11yViolations, test } from "./fixtures";
import { LOAD_BALANCERS, expectLoaded, liveIndicator, openLoadBalancers, rowAction, rowOf } from "./pages";

// What a keyboard or screen reader user meets: no serious or critical axe violations on the list,
// the wizard and the detail pages; dialogs that start on their first field and give focus back
// to what opened them; buttons named by what they show; a stop that asks first.

const tabs = (page: Page) => page.getByRole("tablist", { name: "Load balancer details" });
const focused = (page: Page) => page.locator(":focus");

test.describe("axe", () => {
  test("finds nothing serious on the list and the Create Load Balancer wizard", async ({ page, api }) => {
    await createLoadBalancer(api, "e2e-axe-list", { listeners: [await webListener(api)] });
    await openLoadBalancers(page);
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("button", { name: "Create Load Balancer" }).click();
    const wizard = page.getByRole("dialog", { name: "Create Load Balancer" });
    await expect(wizard.getByRole("heading", { name: "Load Balancer Details" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    for (const step of ["Listener Details", "Pool Details", "Pool Members", "Monitor Details"]) {
      await wizard.getByRole("navigation", { name: "Wizard steps" }).getByRole("button", { name: step }).click();
      await expect(wizard.getByRole("heading", { name: step })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    }
  });

  test("finds nothing serious on the load balancer's tabs and its listener, pool and member pages", async ({ page, api }) => {
    const lb = await createLoadBalancer(api, "e2e-axe-detail", { listeners: [await webListener(api, { named: true, monitor: true })] }, { online: true });
    await page.goto(`${LOAD_BALANCERS}/${lb.id}`);
    await expect(page.getByTestId("status-tree")).toBeVisible();
    await expect(liveIndicator(page)).toBeAttached();
    await expectNoSeriousA11yViolations(page);
    for (const tab of [/^Listeners/, /^Pools/, /^Timeline/]) {
      await tabs(page).getByRole("tab", { name: tab }).click();
      await expect(page.getByRole("tabpanel")).not.toContainText("Loading");
      await expectNoSeriousA11yViolations(page);
    }

    const poolUrl = `${LOAD_BALANCERS}/${lb.id}/pools/${lb.pools[0]?.id}`;
    await page.goto(`${LOAD_BALANCERS}/${lb.id}/listeners/${lb.listeners[0]?.id}`);
    await expect(page.getByRole("heading", { level: 1, name: "http-in" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.goto(poolUrl);
    await expect(page.getByRole("heading", { level: 1, name: "web-pool" })).toBeVisible();
    const members = page.getByRole("table", { name: "Members" });
    await expectLoaded(members);
    await expectNoSeriousA11yViolations(page);
    await members.getByRole("link", { name: "web1" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "web1" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test("finds nothing serious on the Routers list, its dialogs and a router's page", async ({ page }) => {
    await page.goto("/project/network/routers");
    const table = page.getByRole("table", { name: "Routers" });
    await expectLoaded(table);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("button", { name: "Create Router" }).click();
    await expect(page.getByRole("dialog", { name: "Create Router" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.keyboard.press("Escape");

    // The demo cloud's router1: a gateway on public and an interface on each of demo's subnets.
    await table.getByRole("link", { name: "router1", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "router1" })).toBeVisible();
    await expectLoaded(page.getByRole("table", { name: "Interfaces" }));
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("button", { name: "Add Interface" }).click();
    await expect(page.getByRole("dialog", { name: "Add Interface" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });
});

test.describe("dialogs and focus", () => {
  test("an edit dialog starts on its first field and gives focus back to the button that opened it", async ({ page, api }) => {
    const lb = await createLoadBalancer(api, "e2e-focus");
    await page.goto(`${LOAD_BALANCERS}/${lb.id}`);
    await expect(liveIndicator(page)).toBeAttached();
    const edit = page.getByRole("button", { name: "Edit Load Balancer" });

    await edit.click();
    const dialog = page.getByRole("dialog", { name: "Edit Load Balancer" });
    await expect(dialog.getByLabel("Name")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(edit).toBeFocused();

    // Saved: the load balancer is Pending Update for a moment and Edit waits, but keeps the focus.
    await edit.click();
    await dialog.getByLabel("Description").fill("edited from the keyboard");
    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(edit).toBeFocused();
    await expect(edit).toBeEnabled();
  });

  test("a dialog opened from a row's menu gives focus back to the menu's button", async ({ page, api }) => {
    const lb = await createLoadBalancer(api, "e2e-focus-menu");
    const table = await openLoadBalancers(page);
    await rowAction(page, rowOf(table, lb.id), lb.name, "Delete Load Balancer");
    const dialog = page.getByRole("dialog", { name: "Confirm Delete Load Balancer" });
    // A confirmation starts on its first control, never on the × of its header.
    await expect(focused(page)).not.toHaveAccessibleName("Close");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(rowOf(table, lb.id).getByRole("button", { name: `More actions for ${lb.name}` })).toBeFocused();
  });
});

test.describe("instances", () => {
  test("Stop Instance is named by its label, asks first, and stops only once confirmed", async ({ page, api }) => {
    const web3 = await instanceNamed(api, "web3");
    expect(web3.status).toBe("ACTIVE");
    await page.goto("/project/compute/instances");
    const row = page.getByRole("table", { name: "Instances" }).locator("tbody tr", { has: page.getByRole("cell", { name: "web3", exact: true }) });
    const stop = row.getByRole("button", { name: "Stop Instance", exact: true });
    await expect(stop).toHaveAccessibleDescription("web3");

    await stop.click();
    const dialog = page.getByRole("dialog", { name: "Confirm Stop Instance" });
    await expect(dialog).toContainText("web3");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(stop).toBeFocused();
    expect((await instanceNamed(api, "web3")).status, "nothing was stopped").toBe("ACTIVE");

    try {
      await stop.click();
      await dialog.getByRole("button", { name: "Stop Instance" }).click();
      await expect(page.getByRole("status").getByText("Stopped instance web3")).toBeVisible();
      await expect(row.locator('[data-status="SHUTOFF"]')).toBeVisible();
      await row.getByRole("button", { name: "Start Instance", exact: true }).click();
      await expect(row.locator('[data-status="ACTIVE"]')).toBeVisible();
    } finally {
      // The other specs use web3: leave it running whatever happened.
      if ((await instanceNamed(api, "web3")).status !== "ACTIVE") await api.mutation("instance.start", { id: web3.id });
    }
  });
});
