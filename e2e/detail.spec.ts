import type { Locator, Page } from "@playwright/test";
import type { Api } from "./api";
import { createLoadBalancer, instanceNamed, type LoadBalancer, loadBalancerOnceActive, webListener } from "./cloud";
import { expect, test } from "./fixtures";
import { countNavigations, LOAD_BALANCERS, liveIndicator, rowOf } from "./pages";

// The detail pages (load balancer, listener, pool, member) against the started production
// server: what they show, the status tree and timeline, the member and monitor forms, and live
// status from the stream: stopping an instance turns its member ERROR and the load balancer
// DEGRADED on an open pool page, with no reload. Set-up goes through the API with plain fetch.

/** A load balancer with an HTTP listener, a monitored pool and members web1 and web2, ACTIVE and ONLINE. */
const createWebLoadBalancer = async (api: Api, prefix: string) =>
  createLoadBalancer(api, prefix, { description: "e2e detail pages", listeners: [await webListener(api, { named: true, monitor: true })] }, { online: true });

const detailUrl = (lb: LoadBalancer) => `${LOAD_BALANCERS}/${lb.id}`;
const poolUrl = (lb: LoadBalancer) => `${detailUrl(lb)}/pools/${lb.pools[0]?.id}`;
const statusIn = (scope: Locator, status: string) => scope.locator(`[data-status="${status}"]`).first();
const memberRow = (page: Page, name: string) =>
  page.getByRole("table", { name: "Members" }).locator("tbody tr", { has: page.getByRole("link", { name, exact: true }) });

test.describe("load balancer detail pages", () => {
  test("render the overview with statistics, the tabs, the status tree and the timeline, and each child's page", async ({ page, api, saveScreenshot }) => {
    const lb = await createWebLoadBalancer(api, "e2e-detail");

    // From the list, by the name's link.
    await page.goto(LOAD_BALANCERS);
    const listRow = rowOf(page.getByRole("table", { name: "Load Balancers" }), lb.id);
    await expect(listRow.getByRole("cell", { name: "1", exact: true })).toBeVisible(); // the Listeners count
    await listRow.getByRole("link", { name: lb.name, exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === detailUrl(lb));
    await expect(page.getByRole("heading", { level: 1, name: lb.name })).toBeVisible();
    await expect(liveIndicator(page)).toBeAttached();
    await expect(page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Load Balancers" })).toBeVisible();

    await expect(page.getByRole("definition").filter({ hasText: lb.id }).first()).toBeVisible();
    const overview = page.getByRole("region", { name: "Load Balancer Details" });
    for (const text of [lb.vip_address, "amphora", "selfservice-subnet", "e2e detail pages"]) {
      await expect(overview.getByText(text, { exact: false }).first()).toBeVisible();
    }
    await expect(page.getByRole("region", { name: "Statistics" }).getByText("Total Connections")).toBeVisible();

    // The status tree: one box per resource, coloured by operating status, all ONLINE.
    const tree = page.getByRole("figure", { name: "Status tree" });
    await expect(tree.getByTestId("status-tree-node")).toHaveCount(5);
    for (const kind of ["loadbalancer", "listener", "pool", "member"]) {
      await expect(tree.locator(`[data-kind="${kind}"][data-operating-status="ONLINE"]`).first()).toBeVisible();
    }
    await expect(tree.getByTestId("status-tree-monitor").getByText("Monitor HTTP")).toBeVisible();
    await saveScreenshot("detail-overview");

    // Tabs: listeners, pools, timeline.
    const tabs = page.getByRole("tablist", { name: "Load balancer details" });
    await tabs.getByRole("tab", { name: "Listeners (1)" }).click();
    const listenerRow = page.getByRole("table", { name: "Listeners" }).locator("tbody tr", { has: page.getByRole("link", { name: "http-in" }) });
    await expect(listenerRow.getByRole("cell", { name: "HTTP", exact: true })).toBeVisible();
    await expect(listenerRow.getByRole("link", { name: "web-pool" })).toBeVisible();

    await tabs.getByRole("tab", { name: "Pools (1)" }).click();
    await expect(page.getByRole("table", { name: "Pools" }).getByRole("link", { name: "web-pool" })).toBeVisible();

    await tabs.getByRole("tab", { name: "Timeline" }).click();
    const entries = page.getByRole("list", { name: "Status events" }).getByTestId("timeline-entry");
    // Creation: the load balancer and every child went from PENDING_CREATE to ACTIVE.
    await expect(entries.filter({ hasText: "Load balancer" }).filter({ hasText: "Active" }).first()).toBeVisible();
    await expect(entries.filter({ hasText: "Member" }).first()).toBeVisible();
    await expect(page.getByRole("list", { name: "Status events" }).locator("time").first()).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await saveScreenshot("detail-timeline");

    // The listener's page: its fields, locked protocol and port in Edit, its default pool.
    await tabs.getByRole("tab", { name: "Listeners (1)" }).click();
    await page.getByRole("table", { name: "Listeners" }).getByRole("link", { name: "http-in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "http-in" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Listener Details" }).getByText("50000 ms").first()).toBeVisible();
    await expect(page.getByRole("region", { name: "Default Pool" }).getByRole("link", { name: "web-pool" })).toBeVisible();
    await expect(page.getByTestId("parent-loadbalancer").getByRole("link", { name: lb.name })).toBeVisible();
    await page.getByRole("button", { name: "Edit Listener" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Listener" });
    await expect(edit.getByLabel("Protocol", { exact: true })).toBeDisabled();
    await expect(edit.getByLabel("Port", { exact: true })).toBeDisabled();
    await edit.getByLabel("Connection Limit").fill("abc");
    await expect(edit.getByText("Connection Limit must be a number")).toBeVisible();
    await edit.getByLabel("Connection Limit").fill("1000");
    await edit.getByLabel("Name", { exact: true }).fill("http-edge");
    await edit.getByRole("button", { name: "Save Changes" }).click();
    await expect(page.getByRole("status").getByText("Updated listener http-edge")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "http-edge" })).toBeVisible();
    await expect(statusIn(page.getByTestId("title-statuses"), "ACTIVE")).toBeVisible();
    await saveScreenshot("listener");

    // The pool's page, then a member's page.
    await page.getByRole("region", { name: "Default Pool" }).getByRole("link", { name: "web-pool" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "web-pool" })).toBeVisible();
    await expect(statusIn(memberRow(page, "web1"), "ONLINE")).toBeVisible();
    await expect(page.getByRole("region", { name: "Health Monitor" }).getByText("HTTP", { exact: true })).toBeVisible();
    await saveScreenshot("pool");
    await memberRow(page, "web2").getByRole("link", { name: "web2" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "web2" })).toBeVisible();
    const memberDetails = page.getByRole("region", { name: "Member Details" });
    await expect(memberDetails.getByText((await instanceNamed(api, "web2")).fixed_ip)).toBeVisible();
    await expect(memberDetails.getByRole("link", { name: "web-pool" })).toBeVisible();
    await saveScreenshot("member");
  });

  test("follows a stopped instance live on the pool page: member ERROR, load balancer DEGRADED, then ONLINE again", async ({ page, context, api, saveScreenshot }) => {
    const lb = await createWebLoadBalancer(api, "e2e-live");
    await page.goto(poolUrl(lb));
    await expect(page.getByRole("heading", { level: 1, name: "web-pool" })).toBeVisible();
    await expect(liveIndicator(page)).toBeAttached();
    const web2 = memberRow(page, "web2");
    await expect(statusIn(web2, "ONLINE")).toBeVisible();
    const parent = page.getByTestId("parent-loadbalancer-statuses");
    await expect(statusIn(parent, "ONLINE")).toBeVisible();
    const navigations = countNavigations(page);

    // The Instances page, in a second tab of the same browser.
    const instancesPage = await context.newPage();
    try {
      await instancesPage.goto("/project/compute/instances");
      const instances = instancesPage.getByRole("table", { name: "Instances" });
      const web2Row = instances.locator("tbody tr", { has: instancesPage.getByRole("cell", { name: "web2", exact: true }) });
      await web2Row.getByRole("button", { name: "Stop Instance" }).click();
      await instancesPage.getByRole("dialog", { name: "Confirm Stop Instance" }).getByRole("button", { name: "Stop Instance" }).click();
      await expect(instancesPage.getByRole("status").getByText("Stopped instance web2")).toBeVisible();
      await expect(statusIn(web2Row, "SHUTOFF")).toBeVisible();

      // The pool page follows from the stream alone.
      await expect(statusIn(web2, "ERROR")).toBeVisible({ timeout: 20_000 });
      await expect(statusIn(parent, "DEGRADED")).toBeVisible();
      await expect(statusIn(memberRow(page, "web1"), "ONLINE")).toBeVisible();
      await expect(page.getByTestId("title-statuses").locator('[data-status="DEGRADED"]')).toBeVisible();
      await saveScreenshot("pool-degraded");

      await web2Row.getByRole("button", { name: "Start Instance" }).click();
      await expect(instancesPage.getByRole("status").getByText("Started instance web2")).toBeVisible();
      await expect(statusIn(web2, "ONLINE")).toBeVisible({ timeout: 20_000 });
      await expect(statusIn(parent, "ONLINE")).toBeVisible();
    } finally {
      // Leave web2 running for the other tests whatever happened.
      const instance = await instanceNamed(api, "web2");
      if (instance.status !== "ACTIVE") await api.mutation("instance.start", { id: instance.id });
      await instancesPage.close();
    }
    expect(navigations(), "the pool page was not reloaded").toBe(0);
  });

  test("adds a member with one batch update, validates and edits it, and manages the health monitor", async ({ page, api }) => {
    const lb = await createWebLoadBalancer(api, "e2e-members");
    await page.goto(poolUrl(lb));
    await expect(page.getByRole("heading", { level: 1, name: "web-pool" })).toBeVisible();
    await expect(liveIndicator(page)).toBeAttached();
    const batches: string[] = [];
    page.on("request", (req) => {
      if (req.url().includes("/api/trpc/") && req.method() === "POST") batches.push(new URL(req.url()).pathname);
    });

    await page.getByRole("button", { name: "Add/Remove Members" }).click();
    const manage = page.getByRole("dialog", { name: "Add/Remove Members" });
    await expect(manage.getByRole("table", { name: "Available Instances" }).getByRole("cell", { name: "web3", exact: true })).toBeVisible();
    await manage.getByRole("button", { name: "Add web3" }).click();
    await manage.getByRole("button", { name: "Remove web1" }).click();
    await expect(manage.getByRole("table", { name: "Allocated Members" }).getByRole("cell", { name: "web3 new" })).toBeVisible();
    await manage.getByLabel("Weight of web3").fill("300");
    await manage.getByRole("button", { name: "Save Members" }).click();
    await expect(manage.getByText("weight must be between 0 and 256")).toBeVisible();
    expect(batches, "nothing is sent while the form is invalid").toEqual([]);
    await manage.getByLabel("Weight of web3").fill("3");
    await manage.getByRole("button", { name: "Save Members" }).click();
    await expect(page.getByRole("status").getByText(/1 added, 1 removed/)).toBeVisible();
    expect(batches.filter((p) => p.includes("member."))).toEqual(["/api/trpc/member.batchUpdate"]);

    const web3 = memberRow(page, "web3");
    await expect(web3.getByRole("cell", { name: "3", exact: true })).toBeVisible();
    await expect(statusIn(web3, "ONLINE")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole("table", { name: "Members" }).getByRole("link", { name: "web1", exact: true })).not.toBeAttached();

    // Edit Member: weight and backup.
    await web3.getByRole("button", { name: "Edit Member" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Member" });
    await edit.getByLabel(/^Weight/).fill("7");
    await edit.getByLabel("Backup").check();
    await edit.getByRole("button", { name: "Save Changes" }).click();
    await expect(page.getByRole("status").getByText("Updated member web3")).toBeVisible();
    await expect(web3.getByRole("cell", { name: "7", exact: true })).toBeVisible();
    await expect(web3.getByRole("cell", { name: "Yes", exact: true })).toBeVisible();
    await expect(statusIn(web3, "ACTIVE")).toBeVisible();

    // Health monitor: edit with the type locked (and Horizon's delay >= timeout), then delete.
    const monitor = page.getByRole("region", { name: "Health Monitor" });
    await monitor.getByRole("button", { name: "Edit Health Monitor" }).click();
    const hm = page.getByRole("dialog", { name: "Edit Health Monitor" });
    await expect(hm.getByLabel(/^Type/)).toBeDisabled();
    await hm.getByLabel(/^Timeout/).fill("5");
    await expect(hm.getByText("The timeout must be less than or equal to the delay")).toBeVisible();
    await hm.getByLabel(/^Delay/).fill("5");
    await hm.getByLabel("URL Path").fill("/healthz");
    await hm.getByRole("button", { name: "Save Changes" }).click();
    await expect(page.getByRole("status").getByText("Updated health monitor")).toBeVisible();
    await expect(monitor.getByText("/healthz")).toBeVisible();
    await loadBalancerOnceActive(api, lb.id);
    await monitor.getByRole("button", { name: "Delete Health Monitor" }).click();
    await page.getByRole("dialog", { name: "Confirm Delete Health Monitor" }).getByRole("button", { name: "Delete Health Monitor" }).click();
    await expect(monitor.getByRole("button", { name: "Create Health Monitor" })).toBeVisible({ timeout: 20_000 });
    await expect(statusIn(web3, "NO_MONITOR")).toBeVisible({ timeout: 20_000 });
  });
});
