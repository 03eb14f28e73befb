import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { fetchAs, trpcMutation, trpcQuery } from "./api";
import { ARTIFACTS, openBrowserPerTest } from "./browser";

// Smoke test of the dashboard shell against a started production server (see global-setup.ts):
// Debian's Chromium driven by playwright-core, the API called with plain fetch; the browser and
// the API both as demo, a member of the demo project.

let page: Page;
openBrowserPerTest((p) => {
  page = p;
}, { width: 1280, height: 800 });

async function screenshot(name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const mainNav = () => page.getByRole("navigation", { name: "Main" });

describe("dashboard shell", () => {
  it("redirects / to Load Balancers and shows the project navigation", async () => {
    await page.goto("/");
    await page.waitForURL("**/project/network/load-balancers");
    await page.getByRole("heading", { level: 1, name: "Load Balancers" }).waitFor();

    for (const panel of ["Instances", "Load Balancers", "Floating IPs"]) {
      await mainNav().getByRole("link", { name: panel, exact: true }).waitFor();
    }
    for (const group of ["Project", "Compute", "Network"]) {
      await mainNav().getByText(group, { exact: true }).waitFor();
    }
    expect(await mainNav().getByRole("link", { name: "Load Balancers" }).getAttribute("aria-current")).toBe("page");
    expect(await mainNav().getByRole("link", { name: "Instances" }).getAttribute("aria-current")).toBeNull();
    expect(await page.getByTestId("current-project").textContent()).toBe("demo");
    expect(await page.getByTestId("current-user").textContent()).toBe("demo");
  });

  it("shows a load balancer created through the API live, turning ACTIVE, without a reload", async () => {
    await page.goto("/project/network/load-balancers");
    const table = page.getByRole("table", { name: "Load Balancers" });
    await table.and(page.locator('[aria-busy="false"]')).waitFor();
    // The status stream is open: from here on, changes reach the page by events only.
    await page.locator('[data-testid="live-indicator"][data-feed-status="pending"]').waitFor();

    let navigations = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });

    const subnets = await trpcQuery<Array<{ id: string; name: string }>>("subnet.list");
    const subnet = subnets.find((s) => s.name === "selfservice-subnet");
    expect(subnet, "the demo cloud has selfservice-subnet").toBeDefined();
    const name = `e2e-lb-${randomUUID().slice(0, 8)}`;
    const created = await trpcMutation<{ id: string; vip_address: string; provisioning_status: string }>(
      "loadBalancer.create",
      { name, vip_subnet_id: subnet?.id },
    );
    expect(created.provisioning_status).toBe("PENDING_CREATE");

    const row = table.locator(`tbody tr[data-row-key="${created.id}"]`);
    await row.waitFor();
    await row.getByRole("link", { name, exact: true }).waitFor();
    await row.getByText(created.vip_address, { exact: true }).waitFor();
    // The controller drives it from PENDING_CREATE to ACTIVE; the row follows from the stream.
    await row.locator('[data-status="ACTIVE"]').waitFor();
    expect(navigations, "the page was not reloaded or navigated").toBe(0);

    await screenshot("load-balancers");
  });

  it("paints the list with data from the server: the HTML already holds the rows", async () => {
    const subnets = await trpcQuery<Array<{ id: string; name: string }>>("subnet.list");
    const name = `ssr-${randomUUID().slice(0, 8)}`;
    await trpcMutation("loadBalancer.create", { name, vip_subnet_id: subnets.find((s) => s.name === "selfservice-subnet")?.id });
    // Plain HTTP, no JavaScript: what the browser paints before any client-side fetch.
    const res = await fetchAs("/project/network/load-balancers");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(name);
  });

  it("lists the demo instances web1, web2 and web3", async () => {
    await page.goto("/project/compute/instances");
    await page.getByRole("heading", { level: 1, name: "Instances" }).waitFor();
    const table = page.getByRole("table", { name: "Instances" });
    for (const instance of ["web1", "web2", "web3"]) {
      await table.getByRole("cell", { name: instance, exact: true }).waitFor();
    }
    expect(await mainNav().getByRole("link", { name: "Instances" }).getAttribute("aria-current")).toBe("page");
    await screenshot("instances");
  });

  it("shows the Floating IPs panel", async () => {
    await page.goto("/project/network/floating-ips");
    await page.getByRole("heading", { level: 1, name: "Floating IPs" }).waitFor();
    const table = page.getByRole("table", { name: "Floating IPs" });
    await table.and(page.locator('[aria-busy="false"]')).waitFor();
    const text = await table.textContent();
    expect(text).not.toContain("Unable to retrieve");
  });
});
