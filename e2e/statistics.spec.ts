import type { Page } from "@playwright/test";
import { createLoadBalancer, reach, webListener } from "./cloud";
import { expect, test } from "./fixtures";
import { liveIndicator } from "./pages";
import { httpGet } from "./traffic";

// The Statistics panel of a load balancer's overview: it follows the traffic through the VIP on
// its own (no Refresh click), and its totals survive a listener change, which reloads HAProxy and
// starts its counters again at zero.

/** The value beside `label` in the Statistics panel's list. */
const statistic = (page: Page, label: string) =>
  page.getByRole("region", { name: "Statistics" }).locator("dt", { hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::dd[1]");

async function sendRequests(address: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) expect(await httpGet(address)).toMatch(/^200 web[12]$/);
}

test.describe("Statistics", () => {
  test("rise on their own while requests flow through the VIP, and survive a listener change", async ({ page, api, saveScreenshot }) => {
    const lb = await createLoadBalancer(api, "stats", { listeners: [await webListener(api)] });
    await page.goto(`/project/network/load-balancers/${lb.id}`);
    await expect(liveIndicator(page)).toBeAttached();
    const total = statistic(page, "Total Connections");
    await expect(total).toHaveText("0");

    const address = await reach(api, lb);
    await sendRequests(address, 10);
    // No click: the panel reads the counters again while the page is visible.
    await expect(total).toHaveText("10", { timeout: 15_000 });

    // A listener change reloads HAProxy: a new worker whose counters start at zero.
    await api.mutation("listener.update", { id: lb.listeners[0]!.id, timeout_client_data: 40_000 });
    await expect
      .poll(async () => (await api.query<{ provisioning_status: string }>("loadBalancer.get", { id: lb.id })).provisioning_status, { timeout: 30_000 })
      .toBe("ACTIVE");
    await page.reload();
    await expect(total).toHaveText("10");
    await sendRequests(address, 5);
    await expect(total).toHaveText("15", { timeout: 15_000 });
    await expect(page.getByRole("img", { name: /^Connections per second: / })).toBeVisible();
    await saveScreenshot("statistics-after-reload");
  });
});
