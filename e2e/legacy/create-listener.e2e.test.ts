import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { type Locator, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { trpcMutation, trpcQuery, until } from "./api";
import { ARTIFACTS, openBrowserPerTest } from "./browser";

// "Create Listener" on the load balancer page's Listeners tab, in Debian's Chromium against the
// started production server: the Create Load Balancer wizard from step 2, one listener.create
// with the pool tree inline, the new listener going ACTIVE on the open page, and traffic on its
// port spread over the members; a port the load balancer already uses is flagged inline.

let page: Page;
openBrowserPerTest((p) => {
  page = p;
}, { width: 1280, height: 900 });

async function screenshot(name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

interface Instance {
  id: string;
  name: string;
  fixed_ip: string;
  subnet_id: string;
}
interface LoadBalancer {
  id: string;
  name: string;
  vip_address: string;
  provisioning_status: string;
}
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

const byName = async (name: string) => {
  const instance = (await trpcQuery<Instance[]>("instance.list")).find((i) => i.name === name);
  expect(instance, `the demo cloud has ${name}`).toBeDefined();
  return instance as Instance;
};

/** A load balancer on web1's subnet with one HTTP:80 listener, ACTIVE. */
async function createLoadBalancer(prefix: string): Promise<LoadBalancer> {
  const web1 = await byName("web1");
  const created = await trpcMutation<LoadBalancer>("loadBalancer.create", {
    name: `${prefix}-${randomUUID().slice(0, 8)}`,
    description: "e2e create listener",
    vip_subnet_id: web1.subnet_id,
    listeners: [{ name: "http-in", protocol: "HTTP", protocol_port: 80 }],
  });
  return until(
    `${created.name} ACTIVE`,
    () => trpcQuery<LoadBalancer>("loadBalancer.get", { id: created.id }),
    (lb) => lb.provisioning_status === "ACTIVE",
    30_000,
  );
}

const listenersOf = async (lb: LoadBalancer) => (await trpcQuery<{ items: Listener[] }>("listener.list", { loadbalancer_id: lb.id })).items;

const dialog = () => page.getByRole("dialog", { name: "Create Listener" });
const field = (label: string) => dialog().getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\*?$`));
const listenersTable = () => page.getByRole("table", { name: "Listeners" });

async function errorOf(input: Locator): Promise<string> {
  await expect.poll(() => input.getAttribute("aria-invalid")).toBe("true");
  const ids = ((await input.getAttribute("aria-describedby")) ?? "").split(" ").filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}

/** The load balancer's page, its Listeners tab, and the Create Listener wizard on Listener Details. */
async function openCreateListener(lb: LoadBalancer) {
  await page.goto(`/project/network/load-balancers/${lb.id}`);
  await page.locator('[data-testid="live-indicator"][data-feed-status="pending"]').waitFor();
  await page.getByRole("tablist", { name: "Load balancer details" }).getByRole("tab", { name: /^Listeners/ }).click();
  await listenersTable().getByRole("link", { name: "http-in" }).waitFor();
  const open = page.getByRole("tabpanel").getByRole("button", { name: "Create Listener" });
  await expect.poll(() => open.isEnabled()).toBe(true);
  await open.click();
  await dialog().waitFor();
  await dialog().getByRole("heading", { name: "Listener Details" }).waitFor();
}

describe("Create Listener", () => {
  it("adds a TCP listener with a pool of web1 and web3 and a monitor, which goes ACTIVE live and serves both", async () => {
    const lb = await createLoadBalancer("listener");
    let navigations = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await openCreateListener(lb);
    navigations = 0;
    const creates: string[] = [];
    page.on("request", (req) => {
      if (req.url().includes("/api/trpc/") && req.url().includes(".create")) creates.push(new URL(req.url()).pathname);
    });

    // Steps 2–5 only, and no "Create listener" yes/no.
    const steps = dialog().getByRole("navigation", { name: "Wizard steps" }).getByRole("button");
    expect(await steps.evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-step")))).toEqual(["listener", "pool", "members", "monitor"]);
    expect(await steps.first().getAttribute("aria-current")).toBe("step");
    expect(await dialog().getByRole("group", { name: "Create Listener" }).count()).toBe(0);

    const name = `tcp-${randomUUID().slice(0, 8)}`;
    await field("Name").fill(name);
    await field("Protocol").selectOption("TCP");
    await field("Port").fill("8080");
    await dialog().getByRole("button", { name: "Next" }).click();

    await dialog().getByRole("heading", { name: "Pool Details" }).waitFor();
    expect(await field("Algorithm").inputValue()).toBe("ROUND_ROBIN");
    expect(await field("Protocol").inputValue()).toBe("TCP");
    await dialog().getByRole("button", { name: "Next" }).click();

    await dialog().getByRole("heading", { name: "Pool Members" }).waitFor();
    await dialog().getByRole("button", { name: "Add web1" }).click();
    await dialog().getByRole("button", { name: "Add web3" }).click();
    const allocated = dialog().getByRole("table", { name: "Allocated Members" });
    await allocated.getByRole("cell", { name: "web3", exact: true }).waitFor();
    // Member ports follow the listener's; the demo instances serve HTTP on 80.
    expect(await field("Port of web1").inputValue()).toBe("8080");
    await field("Port of web1").fill("80");
    await field("Port of web3").fill("80");
    await dialog().getByRole("button", { name: "Next" }).click();

    await dialog().getByRole("heading", { name: "Monitor Details" }).waitFor();
    expect(await field("Type").inputValue()).toBe("TCP");
    await field("Delay (sec)").fill("1");
    await field("Timeout (sec)").fill("1");
    await field("Max Retries").fill("2");
    await screenshot("create-listener-monitor");
    await dialog().getByRole("button", { name: "Create Listener" }).click();

    await dialog().waitFor({ state: "detached" });
    await page.getByRole("status").getByText(`Created listener ${name}`).waitFor();
    expect(creates, "one listener.create call").toEqual(["/api/trpc/listener.create"]);

    const row = listenersTable().locator("tbody tr", { has: page.getByRole("link", { name, exact: true }) });
    await row.waitFor();
    await row.locator('[data-status="ACTIVE"]').first().waitFor({ timeout: 30_000 });
    expect(navigations, "the page was not reloaded").toBe(0);
    await screenshot("create-listener-active");

    const listener = (await listenersOf(lb)).find((l) => l.name === name);
    expect(listener).toMatchObject({ protocol: "TCP", protocol_port: 8080 });
    await until(
      "both members ONLINE",
      () => trpcQuery<StatusTree>("loadBalancer.statusTree", { id: lb.id }),
      (tree) => {
        const members = tree.loadbalancer.listeners.find((l) => l.id === listener?.id)?.pools[0]?.members ?? [];
        return members.length === 2 && members.every((m) => m.operating_status === "ONLINE");
      },
      30_000,
    );

    const seen = new Set<string>();
    const deadline = Date.now() + 10_000;
    while (seen.size < 2 && Date.now() < deadline) {
      try {
        const res = await fetch(`http://${lb.vip_address}:8080/`, { headers: { connection: "close" } });
        if (res.ok) seen.add((await res.text()).trim());
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(seen).toEqual(new Set(["web1", "web3"]));
  });

  it("flags port 80 inline as taken and creates nothing", async () => {
    const lb = await createLoadBalancer("listener-taken");
    await openCreateListener(lb);
    const creates: string[] = [];
    page.on("request", (req) => {
      if (req.url().includes("listener.create")) creates.push(req.url());
    });

    // The prefilled HTTP:80 is taken already, and is flagged as soon as the wizard opens.
    expect(await field("Protocol").inputValue()).toBe("HTTP");
    expect(await field("Port").inputValue()).toBe("80");
    expect(await errorOf(field("Port"))).toContain("Port 80 is taken");
    await field("Port").fill("8081");
    expect(await field("Port").getAttribute("aria-invalid")).toBe("false");
    await field("Port").fill("80");
    expect(await errorOf(field("Port"))).toContain("Port 80 is taken");
    await screenshot("create-listener-port-taken");

    await dialog().getByRole("button", { name: "Create Listener" }).click();
    await dialog().getByRole("heading", { name: "Listener Details" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-invalid"))).toBe("true");
    expect(await field("Port").inputValue()).toBe("80");
    await new Promise((r) => setTimeout(r, 500));
    expect(creates, "no create call was sent").toEqual([]);
    expect((await listenersOf(lb)).map((l) => l.protocol_port)).toEqual([80]);
  });
});
