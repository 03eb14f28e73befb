import type { Page } from "@playwright/test";
import type { Api } from "./api";
import { createLoadBalancer, type LoadBalancer, reach, uniqueName } from "./cloud";
import { expect, test } from "./fixtures";
import { countNavigations, expectFocusOnInvalidField, expectInvalid, expectNoRequest, fieldIn, liveIndicator } from "./pages";
import { expectServedBy } from "./traffic";

// "Create Listener" on the load balancer page's Listeners tab, against the started production
// server: the Create Load Balancer wizard from step 2, one listener.create with the pool tree
// inline, the new listener going ACTIVE on the open page, and traffic on its port spread over the
// members; a port the load balancer already uses is flagged inline.

interface Listener {
  id: string;
  name: string;
  protocol: string;
  protocol_port: number;
}
interface StatusTree {
  loadbalancer: {
    listeners: Array<{ id: string; pools: Array<{ members: Array<{ address: string; operating_status: string }> }> }>;
  };
}

/** A load balancer on web1's subnet with one HTTP:80 listener, ACTIVE. */
const withHttpListener = (api: Api, prefix: string) =>
  createLoadBalancer(api, prefix, { description: "e2e create listener", listeners: [{ name: "http-in", protocol: "HTTP", protocol_port: 80 }] });

const listenersOf = async (api: Api, lb: LoadBalancer) => (await api.query<{ items: Listener[] }>("listener.list", { loadbalancer_id: lb.id })).items;

const dialogOf = (page: Page) => page.getByRole("dialog", { name: "Create Listener" });
const field = (page: Page, label: string) => fieldIn(dialogOf(page), label);
const listenersTable = (page: Page) => page.getByRole("table", { name: "Listeners" });

/** The load balancer's page, its Listeners tab, and the Create Listener wizard on Listener Details. */
async function openCreateListener(page: Page, lb: LoadBalancer) {
  await page.goto(`/project/network/load-balancers/${lb.id}`);
  await expect(liveIndicator(page)).toBeAttached();
  await page.getByRole("tablist", { name: "Load balancer details" }).getByRole("tab", { name: /^Listeners/ }).click();
  await expect(listenersTable(page).getByRole("link", { name: "http-in" })).toBeVisible();
  const open = page.getByRole("tabpanel").getByRole("button", { name: "Create Listener" });
  await expect(open).toBeEnabled();
  await open.click();
  await expect(dialogOf(page).getByRole("heading", { name: "Listener Details" })).toBeVisible();
}

test.describe("Create Listener", () => {
  test("adds a TCP listener with a pool of web1 and web3 and a monitor, which goes ACTIVE live and serves both", async ({ page, api, saveScreenshot }) => {
    const lb = await withHttpListener(api, "listener");
    const dialog = dialogOf(page);
    await openCreateListener(page, lb);
    const navigations = countNavigations(page);
    const creates: string[] = [];
    page.on("request", (req) => {
      if (req.url().includes("/api/trpc/") && req.url().includes(".create")) creates.push(new URL(req.url()).pathname);
    });

    // Steps 2–5 only, and no "Create listener" yes/no.
    const steps = dialog.getByRole("navigation", { name: "Wizard steps" }).getByRole("button");
    expect(await steps.evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-step")))).toEqual(["listener", "pool", "members", "monitor"]);
    await expect(steps.first()).toHaveAttribute("aria-current", "step");
    await expect(dialog.getByRole("group", { name: "Create Listener" })).toHaveCount(0);

    const name = uniqueName("tcp");
    await field(page, "Name").fill(name);
    await field(page, "Protocol").selectOption("TCP");
    await field(page, "Port").fill("8080");
    await dialog.getByRole("button", { name: "Next" }).click();

    await expect(dialog.getByRole("heading", { name: "Pool Details" })).toBeVisible();
    await expect(field(page, "Algorithm")).toHaveValue("ROUND_ROBIN");
    await expect(field(page, "Protocol")).toHaveValue("TCP");
    await dialog.getByRole("button", { name: "Next" }).click();

    await expect(dialog.getByRole("heading", { name: "Pool Members" })).toBeVisible();
    await dialog.getByRole("button", { name: "Add web1" }).click();
    await dialog.getByRole("button", { name: "Add web3" }).click();
    const allocated = dialog.getByRole("table", { name: "Allocated Members" });
    await expect(allocated.getByRole("cell", { name: "web3", exact: true })).toBeVisible();
    // Member ports follow the listener's; the demo instances serve HTTP on 80.
    await expect(field(page, "Port of web1")).toHaveValue("8080");
    await field(page, "Port of web1").fill("80");
    await field(page, "Port of web3").fill("80");
    await dialog.getByRole("button", { name: "Next" }).click();

    await expect(dialog.getByRole("heading", { name: "Monitor Details" })).toBeVisible();
    await expect(field(page, "Type")).toHaveValue("TCP");
    await field(page, "Delay (sec)").fill("1");
    await field(page, "Timeout (sec)").fill("1");
    await field(page, "Max Retries").fill("2");
    await saveScreenshot("create-listener-monitor");
    await dialog.getByRole("button", { name: "Create Listener" }).click();

    await expect(dialog).not.toBeAttached();
    await expect(page.getByRole("status").getByText(`Created listener ${name}`)).toBeVisible();
    expect(creates, "one listener.create call").toEqual(["/api/trpc/listener.create"]);

    const row = listenersTable(page).locator("tbody tr", { has: page.getByRole("link", { name, exact: true }) });
    await expect(row.locator('[data-status="ACTIVE"]').first()).toBeVisible({ timeout: 30_000 });
    expect(navigations(), "the page was not reloaded").toBe(0);
    await saveScreenshot("create-listener-active");

    const listener = (await listenersOf(api, lb)).find((l) => l.name === name);
    expect(listener).toMatchObject({ protocol: "TCP", protocol_port: 8080 });
    await expect
      .poll(
        async () => {
          const tree = await api.query<StatusTree>("loadBalancer.statusTree", { id: lb.id });
          return (tree.loadbalancer.listeners.find((l) => l.id === listener?.id)?.pools[0]?.members ?? []).map((m) => m.operating_status);
        },
        { message: "both members ONLINE", timeout: 30_000 },
      )
      .toEqual(["ONLINE", "ONLINE"]);

    await expectServedBy(`${await reach(api, lb)}:8080`, ["web1", "web3"], 10_000);
  });

  test("flags port 80 inline as taken and creates nothing", async ({ page, api, saveScreenshot }) => {
    const lb = await withHttpListener(api, "listener-taken");
    await openCreateListener(page, lb);
    const creates: string[] = [];
    page.on("request", (req) => {
      if (req.url().includes("listener.create")) creates.push(req.url());
    });

    // The wizard opens on a free port (HTTP:80 is taken); typing the taken one is flagged.
    await expect(field(page, "Protocol")).toHaveValue("HTTP");
    await expect(field(page, "Port")).toHaveValue("8080");
    await expect(field(page, "Port")).toHaveAttribute("aria-invalid", "false");
    await field(page, "Port").fill("80");
    await expectInvalid(field(page, "Port"), "Port 80 is taken");
    await saveScreenshot("create-listener-port-taken");

    await dialogOf(page).getByRole("button", { name: "Create Listener" }).click();
    await expect(dialogOf(page).getByRole("heading", { name: "Listener Details" })).toBeVisible();
    await expectFocusOnInvalidField(page);
    await expect(field(page, "Port")).toHaveValue("80");
    await expectNoRequest(page, (req) => req.url().includes("listener.create"));
    expect(creates, "no create call was sent").toEqual([]);
    expect((await listenersOf(api, lb)).map((l) => l.protocol_port)).toEqual([80]);
  });
});
