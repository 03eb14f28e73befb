import type { Locator, Page } from "@playwright/test";
import type { Api } from "./api";
import { createLoadBalancer, instanceNamed, type LoadBalancer, subnetNamed, uniqueName, webListener } from "./cloud";
import { expect, test } from "./fixtures";
import { expectInvalid, expectNoRequest, fieldIn, liveIndicator, openLoadBalancers } from "./pages";

// The forms that create and edit a load balancer's parts, against the started production server:
// they start right (Create Listener on a free port, with nothing flagged), offer only what the API
// accepts, speak the form's words in their messages, agree with each other (one field component
// per resource), and a wizard with something entered asks before it is discarded.

interface Listener {
  id: string;
  name: string;
  protocol_port: number;
  admin_state_up: boolean;
  allowed_cidrs: string[];
  default_pool_id: string | null;
}
interface Pool {
  id: string;
  healthmonitor_id: string | null;
}
interface Member {
  name: string;
  address: string;
  subnet_id: string | null;
}
interface HealthMonitor {
  name: string;
}

const wizardOf = (page: Page, title = "Create Load Balancer") => page.getByRole("dialog", { name: title });
const stepButton = (dialog: Locator, title: string) => dialog.getByRole("navigation", { name: "Wizard steps" }).getByRole("button", { name: title });

async function goToStep(dialog: Locator, title: string) {
  await stepButton(dialog, title).click();
  await expect(dialog.getByRole("heading", { name: title })).toBeVisible();
}

async function openWizard(page: Page): Promise<Locator> {
  await openLoadBalancers(page);
  await page.getByRole("button", { name: "Create Load Balancer" }).click();
  const dialog = wizardOf(page);
  await expect(dialog.getByRole("heading", { name: "Load Balancer Details" })).toBeVisible();
  return dialog;
}

/** The labels of a form's fields, in the order they are shown. */
const labelsIn = (scope: Locator) =>
  scope.locator("input:not([type=radio]):not([type=hidden]), select").evaluateAll((controls) =>
    controls.map((c) => ((c as HTMLInputElement).labels?.[0]?.textContent ?? c.getAttribute("aria-label") ?? "").replace(/\*$/, "").trim()),
  );

/** A load balancer with an HTTP:80 listener "http-in" and its pool "web-pool" of web1 and web2 with an HTTP monitor. */
const withWebPool = async (api: Api, prefix: string) => createLoadBalancer(api, prefix, { listeners: [await webListener(api, { named: true, monitor: true })] });

async function openCreateListener(page: Page, lb: LoadBalancer): Promise<Locator> {
  await page.goto(`/project/network/load-balancers/${lb.id}?tab=listeners`);
  await expect(liveIndicator(page)).toBeAttached();
  await expect(page.getByRole("table", { name: "Listeners" }).getByRole("link", { name: "http-in" })).toBeVisible();
  const open = page.getByRole("tabpanel").getByRole("button", { name: "Create Listener" });
  await expect(open).toBeEnabled();
  await open.click();
  const dialog = wizardOf(page, "Create Listener");
  await expect(dialog.getByRole("heading", { name: "Listener Details" })).toBeVisible();
  return dialog;
}

test.describe("forms that start right", () => {
  test("Create Listener opens on a free port with no error shown, and still flags a taken one", async ({ page, api, saveScreenshot }) => {
    const lb = await withWebPool(api, "e2e-free-port");
    const dialog = await openCreateListener(page, lb);
    const port = fieldIn(dialog, "Port");

    await expect(fieldIn(dialog, "Protocol")).toHaveValue("HTTP");
    await expect(port).toHaveValue("8080");
    await expect(port).toHaveAttribute("aria-invalid", "false");
    await expect(port).toHaveAccessibleDescription("1–65535; taken on this load balancer: HTTP:80");
    await expect(dialog.getByRole("alert")).toHaveCount(0);
    await saveScreenshot("create-listener-free-port");

    // The port follows the protocol to a free one until it is typed.
    await fieldIn(dialog, "Protocol").selectOption("HTTPS");
    await expect(port).toHaveValue("443");
    await port.fill("80");
    await expectInvalid(port, "Port 80 is taken: another listener on this load balancer uses HTTP:80.");
  });

  test("the listener, pool and monitor forms show the same fields in the same order in the wizard and in their dialogs", async ({ page, api }) => {
    const lb = await withWebPool(api, "e2e-same-forms");
    const listener = (await api.query<{ items: Listener[] }>("listener.list", { loadbalancer_id: lb.id })).items[0] as Listener;
    const dialog = await openCreateListener(page, lb);
    const wizardListener = await labelsIn(dialog.locator("fieldset").first());
    await goToStep(dialog, "Pool Details");
    const wizardPool = await labelsIn(dialog.locator("fieldset").first());
    await goToStep(dialog, "Monitor Details");
    const wizardMonitor = await labelsIn(dialog.locator("fieldset").first());
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();

    // The wizard's listener step has Admin State Up and Allowed CIDRs, as Edit Listener has.
    expect(wizardListener).toEqual(expect.arrayContaining(["Allowed CIDRs", "Admin State Up"]));
    await page.goto(`/project/network/load-balancers/${lb.id}/listeners/${listener.id}`);
    await page.getByRole("button", { name: "Edit Listener" }).click();
    const editListener = page.getByRole("dialog", { name: "Edit Listener" });
    // Edit Listener adds the default pool (a create makes its own, in the next step).
    expect((await labelsIn(editListener)).filter((l) => l !== "Default Pool")).toEqual(wizardListener);
    await editListener.getByRole("button", { name: "Cancel" }).click();

    const pool = (await api.query<{ items: Pool[] }>("pool.list", { loadbalancer_id: lb.id })).items[0] as Pool;
    await page.goto(`/project/network/load-balancers/${lb.id}/pools/${pool.id}`);
    await page.getByRole("button", { name: "Edit Pool" }).click();
    const editPool = page.getByRole("dialog", { name: "Edit Pool" });
    expect(await labelsIn(editPool)).toEqual(wizardPool);
    await editPool.getByRole("button", { name: "Cancel" }).click();

    await page.getByRole("button", { name: "Edit Health Monitor" }).click();
    const editMonitor = page.getByRole("dialog", { name: "Edit Health Monitor" });
    // The monitor has a name in the wizard too now.
    expect(wizardMonitor).toContain("Name");
    expect(await labelsIn(editMonitor)).toEqual(wizardMonitor);
    await expect(fieldIn(editMonitor, "URL Path")).toHaveAccessibleDescription("Starts with /, e.g. /healthz");
  });

  test("messages name the form's fields, and the URL path keeps its hint and says what is wrong", async ({ page }) => {
    const dialog = await openWizard(page);
    await goToStep(dialog, "Listener Details");
    await fieldIn(dialog, "Port").fill("0");
    await expectInvalid(fieldIn(dialog, "Port"), "Port must be between 1 and 65535");
    await fieldIn(dialog, "Allowed CIDRs").fill("127.0.0.0/8, 10.0.0.1/40");
    await expectInvalid(fieldIn(dialog, "Allowed CIDRs"), "Allowed CIDRs entries must be IPv4 CIDRs such as 127.0.0.0/8");

    await goToStep(dialog, "Pool Details");
    await fieldIn(dialog, "Session Persistence").selectOption("APP_COOKIE");
    await fieldIn(dialog, "Cookie Name").fill("x");
    await fieldIn(dialog, "Cookie Name").fill("");
    await expectInvalid(fieldIn(dialog, "Cookie Name"), 'Cookie Name must be specified when using the "APP_COOKIE" session persistence type.');

    await goToStep(dialog, "Monitor Details");
    const urlPath = fieldIn(dialog, "URL Path");
    await urlPath.fill("health");
    await expectInvalid(urlPath, "The path must start with /, e.g. /health");
    await expect(urlPath).toHaveAccessibleDescription(/Starts with \/, e\.g\. \/healthz/);
    await urlPath.fill("/health check");
    await expectInvalid(urlPath, "The path may not contain spaces; write a space as %20");
    await fieldIn(dialog, "Max Retries").fill("");
    await expectInvalid(fieldIn(dialog, "Max Retries"), "Max Retries is required");
  });

  test("the wizard offers a TCP pool no cookie persistence and drops one chosen for HTTP", async ({ page }) => {
    const dialog = await openWizard(page);
    await goToStep(dialog, "Pool Details");
    const persistence = fieldIn(dialog, "Session Persistence");
    await persistence.selectOption("HTTP_COOKIE");
    await goToStep(dialog, "Listener Details");
    await fieldIn(dialog, "Protocol").selectOption("TCP");
    await goToStep(dialog, "Pool Details");
    await expect(fieldIn(dialog, "Protocol")).toHaveValue("TCP");
    await expect(persistence).toHaveValue("");
    expect(await persistence.locator("option").allTextContents()).toEqual(["None", "SOURCE_IP"]);
    await goToStep(dialog, "Monitor Details");
    expect(await fieldIn(dialog, "Type").locator("option").allTextContents()).not.toContain("UDP-CONNECT");
  });
});

test.describe("the wizard asks before discarding", () => {
  test("closes at once when nothing was entered, and asks on Escape, ×, Cancel and Back when something was", async ({ page, api, saveScreenshot }) => {
    const before = (await api.query<{ items: LoadBalancer[] }>("loadBalancer.list", { limit: 1000 })).items.length;
    let dialog = await openWizard(page);
    const discard = page.getByRole("dialog", { name: "Discard this load balancer?" });
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(discard).toBeHidden();

    await page.getByRole("button", { name: "Create Load Balancer" }).click();
    dialog = wizardOf(page);
    const name = uniqueName("wiz-discard");
    await fieldIn(dialog, "Name").fill(name);
    await goToStep(dialog, "Listener Details");

    await page.keyboard.press("Escape");
    await expect(discard).toBeVisible();
    await expect(discard).toContainText("nothing has been created yet");
    await saveScreenshot("wizard-discard");
    await discard.getByRole("button", { name: "Cancel" }).click();
    await expect(discard).toBeHidden();
    await expect(dialog.getByRole("heading", { name: "Listener Details" })).toBeVisible();

    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(discard).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(discard).toBeHidden();
    await expect(dialog).toBeVisible();

    // The browser's Back button: the page stays, and the wizard asks.
    const url = page.url();
    await page.goBack();
    await expect(discard).toBeVisible();
    expect(page.url()).toBe(url);
    await discard.getByRole("button", { name: "Cancel" }).click();
    await goToStep(dialog, "Load Balancer Details");
    await expect(fieldIn(dialog, "Name")).toHaveValue(name);

    await dialog.getByRole("button", { name: "Cancel" }).click();
    await discard.getByRole("button", { name: "Discard" }).click();
    await expect(dialog).toBeHidden();
    await expectNoRequest(page, (req) => req.url().includes("loadBalancer.create"));
    expect((await api.query<{ items: LoadBalancer[] }>("loadBalancer.list", { limit: 1000 })).items.length).toBe(before);
  });
});

test.describe("the wizard's listener and members", () => {
  test("creates members from another subnet picked in the members step, with the listener's admin state, allowed CIDRs and a named monitor", async ({ page, api, saveScreenshot }) => {
    const selfservice = await subnetNamed(api, "selfservice-subnet");
    const backend = await subnetNamed(api, "backend-subnet");
    const db1 = await instanceNamed(api, "db1");
    const dialog = await openWizard(page);
    const name = uniqueName("wiz-subnets");
    await fieldIn(dialog, "Name").fill(name);
    const vipSubnet = fieldIn(dialog, "Subnet");
    await expect(vipSubnet.locator(`option[value="${selfservice.id}"]`)).toBeAttached();
    await vipSubnet.selectOption(selfservice.id);

    await goToStep(dialog, "Listener Details");
    await fieldIn(dialog, "Allowed CIDRs").fill("127.0.0.0/8");
    await dialog.getByLabel("Admin State Up").uncheck();

    await goToStep(dialog, "Pool Members");
    const picker = fieldIn(dialog, "Subnet");
    // The VIP's subnet first, then any other.
    await expect(picker).toHaveValue(selfservice.id);
    const available = dialog.getByRole("table", { name: "Available Instances" });
    await expect(available.getByRole("cell", { name: "web1", exact: true })).toBeVisible();
    await picker.selectOption(backend.id);
    await expect(available.getByRole("cell", { name: "db1", exact: true })).toBeVisible();
    await expect(available.getByRole("cell", { name: "web1", exact: true })).toHaveCount(0);
    await dialog.getByRole("button", { name: "Add db1" }).click();
    const allocated = dialog.getByRole("table", { name: "Allocated Members" });
    await expect(allocated.getByRole("cell", { name: "db1", exact: true })).toBeVisible();
    await saveScreenshot("wizard-members-other-subnet");

    await goToStep(dialog, "Monitor Details");
    const monitorName = uniqueName("check");
    await fieldIn(dialog, "Name").fill(monitorName);
    await dialog.getByRole("button", { name: "Create Load Balancer" }).click();
    await expect(dialog).toBeHidden();

    const lb = (await api.query<{ items: LoadBalancer[] }>("loadBalancer.list", { name })).items[0] as LoadBalancer;
    expect(lb, "the load balancer was created").toBeDefined();
    const [listener] = (await api.query<{ items: Listener[] }>("listener.list", { loadbalancer_id: lb.id })).items;
    expect(listener).toMatchObject({ admin_state_up: false, allowed_cidrs: ["127.0.0.0/8"] });
    const pool = await api.query<Pool>("pool.get", { id: listener?.default_pool_id });
    const members = (await api.query<{ items: Member[] }>("member.list", { pool_id: pool.id })).items;
    expect(members).toEqual([expect.objectContaining({ name: "db1", address: db1.fixed_ip, subnet_id: backend.id })]);
    expect(await api.query<HealthMonitor>("healthMonitor.get", { id: pool.healthmonitor_id })).toMatchObject({ name: monitorName });
  });

  test("keeps existing members' port and weight read-only in Add/Remove Members", async ({ page, api }) => {
    const lb = await withWebPool(api, "e2e-members-readonly");
    const pool = (await api.query<{ items: Pool[] }>("pool.list", { loadbalancer_id: lb.id })).items[0] as Pool;
    await page.goto(`/project/network/load-balancers/${lb.id}/pools/${pool.id}`);
    await expect(liveIndicator(page)).toBeAttached();
    await page.getByRole("button", { name: "Add/Remove Members" }).click();
    const manage = page.getByRole("dialog", { name: "Add/Remove Members" });
    await expect(manage.getByLabel("Port of web1")).toHaveAttribute("readonly", "");
    await expect(manage.getByLabel("Weight of web1")).toHaveAttribute("readonly", "");
    await expect(manage).toContainText("Port and weight of members already in the pool are read-only here");
    await manage.getByRole("button", { name: "Add web3" }).click();
    await expect(manage.getByLabel("Weight of web3")).toBeEditable();
    await expect(manage.getByLabel("Weight of web1")).not.toBeEditable();
  });
});
