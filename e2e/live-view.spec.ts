import type { Locator, Page } from "@playwright/test";
import { type Api } from "./api";
import { createLoadBalancer, type LoadBalancer, loadBalancerOnceActive, subnetNamed, uniqueName, webListener } from "./cloud";
import { expect, storageStateOf, test } from "./fixtures";
import { countNavigations, LOAD_BALANCERS, liveIndicator, openLoadBalancers, rowAction, rowOf } from "./pages";

// The load balancer page kept live from the status stream (a rename, a deletion elsewhere, the
// timeline), its tabs in the address, and a load balancer that really goes ERROR (its amphora
// cannot be plugged into its member's subnet): its reason on
// the list and the overview, and Octavia's ways out (delete; failover for admins).

const detailUrl = (lb: { id: string }) => `${LOAD_BALANCERS}/${lb.id}`;
const tabs = (page: Page) => page.getByRole("tablist", { name: "Load balancer details" });
const treeNode = (page: Page, kind: string) => page.getByTestId("status-tree").locator(`[data-testid="status-tree-node"][data-kind="${kind}"]`);
const actionsOf = (page: Page) =>
  ["Edit Load Balancer", "Associate Floating IP", "Delete Load Balancer"].map((name) => page.getByRole("button", { name, exact: true }));

/** The load balancer's page, once its stream is open: from then on it changes by events only. */
async function openDetail(page: Page, lb: { id: string; name: string }): Promise<void> {
  await page.goto(detailUrl(lb));
  await expect(page.getByRole("heading", { level: 1, name: lb.name })).toBeVisible();
  await expect(liveIndicator(page)).toBeAttached();
}

test.describe("the load balancer page, live", () => {
  test("keeps its tab in the address: a reload and Back come back to it", async ({ page, api }) => {
    const lb = await createLoadBalancer(api, "e2e-tabs", { listeners: [await webListener(api, { named: true })] });
    await openDetail(page, lb);
    await tabs(page).getByRole("tab", { name: /^Listeners/ }).click();
    await expect(page).toHaveURL(/\?tab=listeners$/);

    await page.reload();
    await expect(tabs(page).getByRole("tab", { name: /^Listeners/ })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("table", { name: "Listeners" })).toBeVisible();

    // Into a listener and Back: the Listeners tab again, not the Overview.
    await page.getByRole("table", { name: "Listeners" }).getByRole("link", { name: "http-in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "http-in" })).toBeVisible();
    await page.goBack();
    await expect(tabs(page).getByRole("tab", { name: /^Listeners/ })).toHaveAttribute("aria-selected", "true");

    // The Overview is the page's plain address.
    await tabs(page).getByRole("tab", { name: "Overview" }).click();
    await expect(page).toHaveURL((url) => url.pathname === detailUrl(lb) && url.search === "");
  });

  test("a rename elsewhere reaches the title and the status tree without a reload", async ({ page, api }) => {
    const lb = await createLoadBalancer(api, "e2e-rename", { listeners: [await webListener(api, { named: true })] });
    await openDetail(page, lb);
    await expect(treeNode(page, "listener")).toContainText("http-in");
    const navigations = countNavigations(page);

    const renamed = uniqueName("e2e-renamed");
    await api.mutation("loadBalancer.update", { id: lb.id, name: renamed });
    await expect(treeNode(page, "loadbalancer")).toContainText(renamed);
    await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();

    await loadBalancerOnceActive(api, lb.id);
    await api.mutation("listener.update", { id: lb.listeners[0]?.id, name: "http-renamed" });
    await expect(treeNode(page, "listener")).toContainText("http-renamed");
    expect(navigations(), "the page was not reloaded").toBe(0);
  });

  test("the timeline stops spinning on a Pending Create that is over", async ({ page, api }) => {
    const lb = await createLoadBalancer(api, "e2e-timeline", { listeners: [await webListener(api)] });
    await page.goto(`${detailUrl(lb)}?tab=timeline`);
    const timeline = page.getByTestId("timeline");
    await expect(timeline.locator('[data-status="PENDING_CREATE"]').first()).toBeVisible();
    await expect(timeline.locator('[data-status="ACTIVE"]').first()).toBeVisible();
    // Every resource has gone ACTIVE since: no pending status in the history is still under way.
    await expect(timeline.locator('[data-status^="PENDING_"] .animate-spin')).toHaveCount(0);
  });

  test("a load balancer deleted from another page is shown deleted, its actions held back", async ({ page, context, api }) => {
    const lb = await createLoadBalancer(api, "e2e-gone", { listeners: [await webListener(api)] });
    await openDetail(page, lb);
    for (const action of actionsOf(page)) await expect(action).toBeEnabled();
    await expect(treeNode(page, "loadbalancer")).toHaveAttribute("data-provisioning-status", "ACTIVE");
    const navigations = countNavigations(page);

    // The list, in a second page: a delete without cascade waits for the box, and says why.
    const other = await context.newPage();
    try {
      const table = await openLoadBalancers(other);
      await rowAction(other, rowOf(table, lb.id), lb.name, "Delete Load Balancer");
      const dialog = other.getByRole("dialog", { name: "Confirm Delete Load Balancer" });
      await expect(dialog.getByRole("listitem")).toHaveText(`${lb.name} (1 listener and 1 pool)`);
      const confirm = dialog.getByRole("button", { name: "Delete Load Balancer" });
      await expect(confirm).toBeDisabled();
      await expect(dialog.getByText(/This load balancer has 1 listener and 1 pool: it is only deleted with its children/)).toBeVisible();
      await dialog.getByLabel("Delete all children (cascade)").check();
      await expect(confirm).toBeEnabled();
      await confirm.click();
      await expect(other.getByRole("status").getByText(`Scheduled deletion of load balancer ${lb.name}`)).toBeVisible();
    } finally {
      await other.close();
    }

    await expect(page.getByText("This load balancer has been deleted.")).toBeVisible({ timeout: 30_000 });
    for (const action of actionsOf(page)) await expect(action).toBeDisabled();
    await expect(page.getByTestId("title-statuses").locator('[data-status="DELETED"]')).toBeVisible();
    await expect(treeNode(page, "loadbalancer")).toHaveAttribute("data-provisioning-status", "DELETED");
    await expect(page.getByTestId("status-tree").locator('[data-operating-status="ONLINE"]')).toHaveCount(0);
    expect(navigations(), "the page was not reloaded").toBe(0);
  });
});

interface Blocked {
  lb: LoadBalancer & { status_reason: string | null };
  /** Frees the address the load balancer's amphora could not get (and waits until it is free). */
  free: () => Promise<void>;
}

/**
 * A load balancer whose amphora cannot be plugged, for real: its member is on a subnet whose pool
 * is one address, held by another load balancer's VIP, so the amphora gets no port there (Octavia's
 * plug_network failing) and its first apply ends in ERROR with IPAM's reason. Deleting the holder
 * frees the address. Each test makes its own subnet (subnets of different networks may overlap).
 */
async function createBlockedLoadBalancer(api: Api): Promise<Blocked> {
  const network = await api.mutation<{ id: string }>("network.create", { name: uniqueName("e2e-full") }, { as: "admin" });
  const full = await api.mutation<{ id: string }>(
    "subnet.create",
    { network_id: network.id, name: uniqueName("e2e-full-subnet"), cidr: "10.77.0.0/24", allocation_pools: [{ start: "10.77.0.10", end: "10.77.0.10" }] },
    { as: "admin" },
  );
  const holder = await api.mutation<LoadBalancer>("loadBalancer.create", { name: uniqueName("e2e-holder"), vip_subnet_id: full.id });
  await loadBalancerOnceActive(api, holder.id);
  const selfservice = await subnetNamed(api, "selfservice-subnet");
  const created = await api.mutation<LoadBalancer>("loadBalancer.create", {
    name: uniqueName("e2e-error"),
    vip_subnet_id: selfservice.id,
    listeners: [
      {
        protocol: "HTTP",
        protocol_port: 80,
        default_pool: { protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", members: [{ address: "10.77.0.20", protocol_port: 80, subnet_id: full.id }] },
      },
    ],
  });
  let lb: Blocked["lb"] | undefined;
  await expect
    .poll(async () => (lb = await api.query<Blocked["lb"]>("loadBalancer.get", { id: created.id })).provisioning_status, {
      message: "the load balancer goes ERROR",
      timeout: 30_000,
    })
    .toBe("ERROR");
  return {
    lb: lb as Blocked["lb"],
    free: async () => {
      await api.mutation("loadBalancer.delete", { id: holder.id, cascade: true });
      await expect
        .poll(async () => (await api.call("loadBalancer.get", { id: holder.id })).data === undefined, { message: "the holder is gone", timeout: 30_000 })
        .toBe(true);
    },
  };
}

const errorNotice = (page: Page) => page.getByTestId("error-notice");
const reasonIn = (scope: Locator) => scope.getByTestId("status-reason");

test.describe("a load balancer in ERROR", () => {
  test("shows why on the list and the overview, and can be deleted from its page", async ({ page, api }) => {
    const { lb, free } = await createBlockedLoadBalancer(api);
    try {
      expect(lb.status_reason, "the API gives the reason the amphora could not be plugged").toMatch(/No more IP addresses available on subnet/);
      const table = await openLoadBalancers(page);
      await expect(reasonIn(rowOf(table, lb.id))).toHaveText(lb.status_reason ?? "");
      // The row's button is the way out: Delete, not an Edit that would be refused.
      await expect(rowOf(table, lb.id).getByRole("button", { name: "Delete Load Balancer" })).toBeEnabled();

      await openDetail(page, lb);
      await expect(reasonIn(errorNotice(page))).toHaveText(lb.status_reason ?? "");
      await expect(errorNotice(page)).toContainText("It can only be deleted; an administrator can also fail it over.");
      await expect(page.getByRole("button", { name: "Edit Load Balancer" })).toBeDisabled();
      await expect(page.getByRole("button", { name: "Edit Load Balancer" })).toHaveAccessibleDescription(/can only be deleted/);
      await expect(page.getByRole("button", { name: "Failover Load Balancer" })).toHaveCount(0);

      await page.getByRole("button", { name: "Delete Load Balancer" }).click();
      const dialog = page.getByRole("dialog", { name: "Confirm Delete Load Balancer" });
      await dialog.getByLabel("Delete all children (cascade)").check();
      await dialog.getByRole("button", { name: "Delete Load Balancer" }).click();
      await expect(page).toHaveURL((url) => url.pathname === LOAD_BALANCERS);
      await expect(rowOf(page.getByRole("table", { name: "Load Balancers" }), lb.id)).toHaveCount(0, { timeout: 30_000 });
    } finally {
      await free();
    }
  });

  test.describe("as an admin", () => {
    test.use({ storageState: storageStateOf("admin") });

    test("is failed over from its page once its address is free, and is ACTIVE again", async ({ page, api }) => {
      const { lb, free } = await createBlockedLoadBalancer(api);
      await free();
      await openDetail(page, lb);
      await expect(errorNotice(page)).toContainText("Delete it, or fail it over to replace its amphora.");
      await page.getByRole("button", { name: "Failover Load Balancer" }).click();
      const dialog = page.getByRole("dialog", { name: "Confirm Failover Load Balancer" });
      await dialog.getByRole("button", { name: "Failover Load Balancer" }).click();
      await expect(page.getByRole("status").getByText(`Failover of load balancer ${lb.name} started`)).toBeVisible();
      await expect(page.getByTestId("title-statuses").locator('[data-status="ACTIVE"]')).toBeVisible({ timeout: 30_000 });
      await expect(errorNotice(page)).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Edit Load Balancer" })).toBeEnabled();
    });
  });
});
