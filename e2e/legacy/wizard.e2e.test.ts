import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { type Locator, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { trpcQuery, until } from "./api";
import { ARTIFACTS, openBrowserPerTest } from "./browser";

// The Create Load Balancer wizard in Debian's Chromium against the started production server:
// the whole tree in one graph create, inline validation that keeps bad input from the API, and
// the instance list filtered by the chosen subnet. The API is read with plain fetch.

let page: Page;
openBrowserPerTest((p) => {
  page = p;
}, { width: 1280, height: 900 });

interface Subnet {
  id: string;
  name: string;
  cidr: string;
}
interface LoadBalancer {
  id: string;
  name: string;
  vip_address: string;
  provisioning_status: string;
}
interface StatusTree {
  loadbalancer: {
    operating_status: string;
    listeners: Array<{ pools: Array<{ members: Array<{ address: string; operating_status: string }> }> }>;
  };
}

async function subnetNamed(name: string): Promise<Subnet> {
  const subnet = (await trpcQuery<Subnet[]>("subnet.list")).find((s) => s.name === name);
  expect(subnet, `the demo cloud has ${name}`).toBeDefined();
  return subnet as Subnet;
}

const loadBalancers = async () => (await trpcQuery<{ items: LoadBalancer[] }>("loadBalancer.list")).items;
const loadBalancerCount = async () => (await loadBalancers()).length;

async function screenshot(name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const dialog = () => page.getByRole("dialog", { name: "Create Load Balancer" });
const stepButton = (title: string) => dialog().getByRole("navigation", { name: "Wizard steps" }).getByRole("button", { name: title });
/** A field by its whole label; a required field's label ends in a star (hidden from assistive technology). */
const field = (label: string) => dialog().getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\*?$`));

async function openLoadBalancers() {
  await page.goto("/project/network/load-balancers");
  await page.getByRole("table", { name: "Load Balancers" }).and(page.locator('[aria-busy="false"]')).waitFor();
  await page.locator('[data-testid="live-indicator"][data-feed-status="pending"]').waitFor();
}

async function openWizard() {
  await page.getByRole("button", { name: "Create Load Balancer" }).click();
  await dialog().waitFor();
  await dialog().getByRole("heading", { name: "Load Balancer Details" }).waitFor();
}

async function chooseSubnet(subnet: Subnet) {
  const select = field("Subnet");
  await select.locator(`option[value="${subnet.id}"]`).waitFor({ state: "attached" });
  await select.selectOption(subnet.id);
}

async function goToStep(title: string) {
  await stepButton(title).click();
  await dialog().getByRole("heading", { name: title }).waitFor();
}

/** The error shown for a field: the text its aria-describedby points at, once it is invalid. */
async function errorOf(input: Locator): Promise<string> {
  await expect.poll(() => input.getAttribute("aria-invalid")).toBe("true");
  const ids = ((await input.getAttribute("aria-describedby")) ?? "").split(" ").filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}

async function availableInstanceNames(): Promise<string[]> {
  const table = dialog().getByRole("table", { name: "Available Instances" });
  await table.and(page.locator('[aria-busy="false"]')).waitFor();
  return (await table.locator("tbody tr td:first-child").allTextContents()).map((t) => t.trim());
}

describe("Create Load Balancer wizard", () => {
  it("creates a load balancer with listener, pool, two members and a monitor that serves both members", async () => {
    const subnet = await subnetNamed("selfservice-subnet");
    await openLoadBalancers();
    let navigations = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    const creates: string[] = [];
    page.on("request", (req) => {
      if (req.url().includes("loadBalancer.create")) creates.push(req.method());
    });

    await openWizard();
    const name = `wiz-${randomUUID().slice(0, 8)}`;
    await field("Name").fill(name);
    await field("Description").fill("made by the wizard e2e test");
    await chooseSubnet(subnet);
    await screenshot("wizard-1-details");
    await dialog().getByRole("button", { name: "Next" }).click();

    await dialog().getByRole("heading", { name: "Listener Details" }).waitFor();
    expect(await field("Protocol").inputValue()).toBe("HTTP");
    expect(await field("Port").inputValue()).toBe("80");
    expect(await field("Connection Limit").inputValue()).toBe("-1");
    // Unsupported protocols are shown, disabled, with the reason.
    const udp = field("Protocol").locator('option[value="UDP"]');
    expect(await udp.isDisabled()).toBe(true);
    expect(await udp.textContent()).toContain("LVS");
    await field("Name").fill(`${name}-listener`);
    await screenshot("wizard-2-listener");
    await dialog().getByRole("button", { name: "Next" }).click();

    await dialog().getByRole("heading", { name: "Pool Details" }).waitFor();
    expect(await field("Algorithm").inputValue()).toBe("ROUND_ROBIN");
    expect(await field("Algorithm").locator('option[value="SOURCE_IP_PORT"]').isDisabled()).toBe(true);
    expect(await field("Protocol").inputValue()).toBe("HTTP");
    await screenshot("wizard-3-pool");
    await dialog().getByRole("button", { name: "Next" }).click();

    await dialog().getByRole("heading", { name: "Pool Members" }).waitFor();
    expect(await availableInstanceNames()).toEqual(["web1", "web2", "web3"]);
    await dialog().getByRole("button", { name: "Add web1" }).click();
    await dialog().getByRole("button", { name: "Add web2" }).click();
    const allocated = dialog().getByRole("table", { name: "Allocated Members" });
    await allocated.getByRole("cell", { name: "web2", exact: true }).waitFor();
    expect(await field("Port of web1").inputValue()).toBe("80");
    expect(await field("Weight of web2").inputValue()).toBe("1");
    expect(await availableInstanceNames()).toEqual(["web3"]);
    await screenshot("wizard-4-members");
    await dialog().getByRole("button", { name: "Next" }).click();

    await dialog().getByRole("heading", { name: "Monitor Details" }).waitFor();
    expect(await field("Type").inputValue()).toBe("HTTP");
    const types = await field("Type").locator("option").allTextContents();
    expect(types).not.toContain("UDP-CONNECT");
    expect(types).not.toContain("SCTP");
    await field("Delay (sec)").fill("1");
    await field("Timeout (sec)").fill("1");
    await field("Max Retries").fill("2");
    expect(await field("URL Path").inputValue()).toBe("/");
    await screenshot("wizard-5-monitor");
    // Hold the create call briefly to see the button disabled while it runs; a double click sends once.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/trpc/loadBalancer.create**", async (route) => {
      await held;
      await route.continue();
    });
    const createButton = dialog().getByRole("button", { name: "Create Load Balancer" });
    await createButton.dblclick();
    await expect.poll(() => createButton.isDisabled()).toBe(true);
    expect(await createButton.getAttribute("aria-busy")).toBe("true");
    release();

    await dialog().waitFor({ state: "detached" });
    await page.getByRole("status").getByText(`Created load balancer ${name}`).waitFor();
    expect(creates, "one graph-create call").toEqual(["POST"]);

    const table = page.getByRole("table", { name: "Load Balancers" });
    const row = table.locator("tbody tr", { has: page.getByRole("cell", { name, exact: true }) });
    await row.waitFor();
    await row.locator('[data-status="ACTIVE"]').first().waitFor();
    expect(navigations, "the page was not reloaded or navigated").toBe(0);
    await screenshot("wizard-6-created");

    const lb = (await loadBalancers()).find((x) => x.name === name);
    expect(lb).toBeDefined();
    if (!lb) return;
    await row.getByText(lb.vip_address, { exact: true }).waitFor();
    // Both members pass their checks (delay 1 s, rise 2) before traffic is spread over both.
    await until(
      "both members ONLINE",
      () => trpcQuery<StatusTree>("loadBalancer.statusTree", { id: lb.id }),
      (tree) => {
        const members = tree.loadbalancer.listeners[0]?.pools[0]?.members ?? [];
        return members.length === 2 && members.every((m) => m.operating_status === "ONLINE");
      },
    );

    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`http://${lb.vip_address}/`, { headers: { connection: "close" } });
      expect(res.status).toBe(200);
      seen.push((await res.text()).trim());
    }
    expect(new Set(seen)).toEqual(new Set(["web1", "web2"]));
  });

  it("shows port 0, a url path without '/' and a cookie name with a space inline, and creates nothing", async () => {
    const subnet = await subnetNamed("selfservice-subnet");
    const before = await loadBalancerCount();
    await openLoadBalancers();
    const creates: string[] = [];
    page.on("request", (req) => {
      if (req.url().includes("loadBalancer.create")) creates.push(req.url());
    });
    await openWizard();
    const name = `wiz-invalid-${randomUUID().slice(0, 8)}`;
    await field("Name").fill(name);
    await chooseSubnet(subnet);

    await goToStep("Listener Details");
    await field("Port").fill("0");
    expect(await errorOf(field("Port"))).toContain("protocol_port must be between 1 and 65535");

    await goToStep("Pool Details");
    await field("Session Persistence").selectOption("APP_COOKIE");
    await field("Cookie Name").fill("my cookie");
    expect(await errorOf(field("Cookie Name"))).toContain('Supplied "cookie_name" is invalid.');

    await goToStep("Monitor Details");
    await field("URL Path").fill("health");
    expect(await errorOf(field("URL Path"))).toContain("Value must be a valid URL Path string");
    // Horizon's rule, not the API's: the delay is at least the timeout.
    await field("Timeout (sec)").fill("9");
    expect(await errorOf(field("Timeout (sec)"))).toContain("The timeout must be less than or equal to the delay.");
    await field("Timeout (sec)").fill("5");

    await dialog().getByRole("button", { name: "Create Load Balancer" }).click();
    // Nothing is sent; the wizard goes to the first step with an error and marks each such step.
    await dialog().getByRole("heading", { name: "Listener Details" }).waitFor();
    expect(await stepButton("Listener Details").getAttribute("aria-current")).toBe("step");
    for (const [title, hasErrors] of [
      ["Load Balancer Details", null],
      ["Listener Details", "true"],
      ["Pool Details", "true"],
      ["Pool Members", null],
      ["Monitor Details", "true"],
    ] as const) {
      expect(await stepButton(title).getAttribute("data-has-errors"), title).toBe(hasErrors);
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-invalid"))).toBe("true");
    expect(await field("Port").inputValue()).toBe("0");
    await screenshot("wizard-validation");

    await goToStep("Load Balancer Details");
    expect(await field("Name").inputValue(), "what was typed is kept").toBe(name);
    await new Promise((r) => setTimeout(r, 500));
    expect(creates, "no create call was sent").toEqual([]);
    expect(await loadBalancerCount()).toBe(before);
  });

  it("shows a server error on its field, keeps the form, and creates once it is fixed", async () => {
    const subnet = await subnetNamed("selfservice-subnet");
    const before = await loadBalancerCount();
    await openLoadBalancers();
    await openWizard();
    const name = `wiz-server-${randomUUID().slice(0, 8)}`;
    await field("Name").fill(name);
    await chooseSubnet(subnet);
    // Inside the CIDR (so the form accepts it) but the subnet's gateway: only the server knows.
    const gateway = subnet.cidr.replace(/\.0\/24$/, ".1");
    await field("IP Address").fill(gateway);
    await goToStep("Monitor Details");
    await dialog().getByRole("button", { name: "Create Load Balancer" }).click();

    await dialog().getByRole("heading", { name: "Load Balancer Details" }).waitFor();
    expect(await errorOf(field("IP Address"))).toContain(`IP address ${gateway} is already allocated`);
    await dialog().getByRole("alert").filter({ hasText: "Unable to create load balancer" }).waitFor();
    expect(await stepButton("Load Balancer Details").getAttribute("data-has-errors")).toBe("true");
    expect(await field("Name").inputValue()).toBe(name);
    expect(await field("IP Address").inputValue()).toBe(gateway);
    expect(await loadBalancerCount()).toBe(before);
    await screenshot("wizard-server-error");

    await field("IP Address").fill("");
    expect(await field("IP Address").getAttribute("aria-invalid")).toBe("false");
    await dialog().getByRole("button", { name: "Create Load Balancer" }).click();
    await dialog().waitFor({ state: "detached" });
    await page.getByRole("table", { name: "Load Balancers" }).getByRole("cell", { name, exact: true }).waitFor();
    expect(await loadBalancerCount()).toBe(before + 1);
  });

  it("lists only the instances on the chosen subnet", async () => {
    const backend = await subnetNamed("backend-subnet");
    const selfservice = await subnetNamed("selfservice-subnet");
    await openLoadBalancers();
    await openWizard();

    await chooseSubnet(backend);
    await goToStep("Pool Members");
    const onBackend = await availableInstanceNames();
    expect(onBackend).toContain("db1");
    for (const web of ["web1", "web2", "web3"]) expect(onBackend).not.toContain(web);
    await screenshot("wizard-members-backend-subnet");

    await goToStep("Load Balancer Details");
    await chooseSubnet(selfservice);
    await goToStep("Pool Members");
    await dialog().getByRole("table", { name: "Available Instances" }).getByRole("cell", { name: "web1", exact: true }).waitFor();
    const onSelfservice = await availableInstanceNames();
    expect(onSelfservice).toEqual(expect.arrayContaining(["web1", "web2", "web3"]));
    expect(onSelfservice).not.toContain("db1");
  });
});
