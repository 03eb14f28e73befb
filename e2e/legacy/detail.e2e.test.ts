import { randomUUID } from "node:crypto";
import { type BrowserContext, type Locator, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { trpcMutation, trpcQuery, until } from "./api";
import { openBrowserPerTest, screenshot } from "./browser";

// The detail pages (load balancer, listener, pool, member) in Debian's Chromium against the
// started production server: what they show, the status tree and timeline, the member and
// monitor forms, and live status from the stream: stopping an instance turns its member ERROR
// and the load balancer DEGRADED on an open pool page, with no reload. Set-up goes through the
// API with plain fetch.

let page: Page;
let context: BrowserContext;
openBrowserPerTest((p, c) => {
  page = p;
  context = c;
}, { width: 1280, height: 900 });

interface Instance {
  id: string;
  name: string;
  fixed_ip: string;
  status: string;
  subnet_id: string;
}
interface LoadBalancer {
  id: string;
  name: string;
  vip_address: string;
  provisioning_status: string;
  operating_status: string;
  listeners: Array<{ id: string; default_pool_id: string }>;
  pools: Array<{ id: string; members: Array<{ id: string; address: string; name: string }> }>;
}

const byName = async (name: string) => {
  const instance = (await trpcQuery<Instance[]>("instance.list")).find((i) => i.name === name);
  expect(instance, `the demo cloud has ${name}`).toBeDefined();
  return instance as Instance;
};

/** A load balancer with an HTTP listener, a monitored pool and members web1 and web2, ACTIVE and ONLINE. */
async function createWebLoadBalancer(prefix: string): Promise<LoadBalancer> {
  const [web1, web2] = [await byName("web1"), await byName("web2")];
  const created = await trpcMutation<LoadBalancer>("loadBalancer.create", {
    name: `${prefix}-${randomUUID().slice(0, 8)}`,
    description: "e2e detail pages",
    vip_subnet_id: web1.subnet_id,
    listeners: [
      {
        name: "http-in",
        protocol: "HTTP",
        protocol_port: 80,
        default_pool: {
          name: "web-pool",
          protocol: "HTTP",
          lb_algorithm: "ROUND_ROBIN",
          members: [
            { name: "web1", address: web1.fixed_ip, protocol_port: 80, subnet_id: web1.subnet_id },
            { name: "web2", address: web2.fixed_ip, protocol_port: 80, subnet_id: web2.subnet_id },
          ],
          healthmonitor: { type: "HTTP", delay: 1, timeout: 1, max_retries: 1, max_retries_down: 2 },
        },
      },
    ],
  });
  await until(
    `${created.name} ACTIVE and ONLINE`,
    () => trpcQuery<LoadBalancer>("loadBalancer.get", { id: created.id }),
    (lb) => lb.provisioning_status === "ACTIVE" && lb.operating_status === "ONLINE",
    30_000,
  );
  return created;
}

const detailUrl = (lb: LoadBalancer) => `/project/network/load-balancers/${lb.id}`;
const poolUrl = (lb: LoadBalancer) => `${detailUrl(lb)}/pools/${lb.pools[0]?.id}`;
const live = () => page.locator('[data-testid="live-indicator"][data-feed-status="pending"]');
const statusIn = (scope: Locator, status: string) => scope.locator(`[data-status="${status}"]`).first();

async function memberRow(name: string): Promise<Locator> {
  const table = page.getByRole("table", { name: "Members" });
  const row = table.locator("tbody tr", { has: page.getByRole("link", { name, exact: true }) });
  await row.waitFor();
  return row;
}

describe("load balancer detail pages", () => {
  it("render the overview with statistics, the tabs, the status tree and the timeline, and each child's page", async () => {
    const lb = await createWebLoadBalancer("e2e-detail");

    // From the list, by the name's link.
    await page.goto("/project/network/load-balancers");
    const listRow = page.getByRole("table", { name: "Load Balancers" }).locator(`tbody tr[data-row-key="${lb.id}"]`);
    await listRow.getByRole("cell", { name: "1", exact: true }).waitFor(); // the Listeners count
    await listRow.getByRole("link", { name: lb.name, exact: true }).click();
    await page.waitForURL(`**${detailUrl(lb)}`);
    await page.getByRole("heading", { level: 1, name: lb.name }).waitFor();
    await live().waitFor();
    const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
    await crumbs.getByRole("link", { name: "Load Balancers" }).waitFor();

    const details = page.getByRole("definition").filter({ hasText: lb.id });
    await details.first().waitFor();
    const overview = page.getByRole("region", { name: "Load Balancer Details" });
    for (const text of [lb.vip_address, "amphora", "selfservice-subnet", "e2e detail pages"]) {
      await overview.getByText(text, { exact: false }).first().waitFor();
    }
    await page.getByRole("region", { name: "Statistics" }).getByText("Total Connections").waitFor();

    // The status tree: one box per resource, coloured by operating status, all ONLINE.
    const tree = page.getByRole("figure", { name: "Status tree" });
    const nodes = tree.getByTestId("status-tree-node");
    await expect.poll(() => nodes.count()).toBe(5);
    for (const kind of ["loadbalancer", "listener", "pool", "member"]) {
      await tree.locator(`[data-kind="${kind}"][data-operating-status="ONLINE"]`).first().waitFor();
    }
    await tree.getByTestId("status-tree-monitor").getByText("Monitor HTTP").waitFor();
    await screenshot(page, "detail-overview");

    // Tabs: listeners, pools, timeline.
    const tabs = page.getByRole("tablist", { name: "Load balancer details" });
    await tabs.getByRole("tab", { name: "Listeners (1)" }).click();
    const listeners = page.getByRole("table", { name: "Listeners" });
    const listenerRow = listeners.locator("tbody tr", { has: page.getByRole("link", { name: "http-in" }) });
    await listenerRow.getByRole("cell", { name: "HTTP", exact: true }).waitFor();
    await listenerRow.getByRole("link", { name: "web-pool" }).waitFor();

    await tabs.getByRole("tab", { name: "Pools (1)" }).click();
    await page.getByRole("table", { name: "Pools" }).getByRole("link", { name: "web-pool" }).waitFor();

    await tabs.getByRole("tab", { name: "Timeline" }).click();
    const timeline = page.getByRole("list", { name: "Status events" });
    // Creation: the load balancer and every child went from PENDING_CREATE to ACTIVE.
    await timeline.getByTestId("timeline-entry").filter({ hasText: "Load balancer" }).filter({ hasText: "Active" }).first().waitFor();
    await timeline.getByTestId("timeline-entry").filter({ hasText: "Member" }).first().waitFor();
    expect(await timeline.locator("time").first().textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await screenshot(page, "detail-timeline");

    // The listener's page: its fields, locked protocol and port in Edit, its default pool.
    await tabs.getByRole("tab", { name: "Listeners (1)" }).click();
    await page.getByRole("table", { name: "Listeners" }).getByRole("link", { name: "http-in" }).click();
    await page.getByRole("heading", { level: 1, name: "http-in" }).waitFor();
    await page.getByRole("region", { name: "Listener Details" }).getByText("50000 ms").first().waitFor();
    await page.getByRole("region", { name: "Default Pool" }).getByRole("link", { name: "web-pool" }).waitFor();
    await page.getByTestId("parent-loadbalancer").getByRole("link", { name: lb.name }).waitFor();
    await page.getByRole("button", { name: "Edit Listener" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Listener" });
    expect(await edit.getByLabel("Protocol", { exact: true }).isDisabled()).toBe(true);
    expect(await edit.getByLabel("Port", { exact: true }).isDisabled()).toBe(true);
    await edit.getByLabel("Connection Limit").fill("abc");
    await edit.getByText("connection_limit must be a number").waitFor();
    await edit.getByLabel("Connection Limit").fill("1000");
    await edit.getByLabel("Name", { exact: true }).fill("http-edge");
    await edit.getByRole("button", { name: "Save Changes" }).click();
    await page.getByRole("status").getByText("Updated listener http-edge").waitFor();
    await page.getByRole("heading", { level: 1, name: "http-edge" }).waitFor();
    await statusIn(page.getByTestId("title-statuses"), "ACTIVE").waitFor();
    await screenshot(page, "listener");

    // The pool's page, then a member's page.
    await page.getByRole("region", { name: "Default Pool" }).getByRole("link", { name: "web-pool" }).click();
    await page.getByRole("heading", { level: 1, name: "web-pool" }).waitFor();
    await statusIn(await memberRow("web1"), "ONLINE").waitFor();
    await page.getByRole("region", { name: "Health Monitor" }).getByText("HTTP", { exact: true }).waitFor();
    await screenshot(page, "pool");
    await (await memberRow("web2")).getByRole("link", { name: "web2" }).click();
    await page.getByRole("heading", { level: 1, name: "web2" }).waitFor();
    const memberDetails = page.getByRole("region", { name: "Member Details" });
    await memberDetails.getByText((await byName("web2")).fixed_ip).waitFor();
    await memberDetails.getByRole("link", { name: "web-pool" }).waitFor();
    await screenshot(page, "member");
  });

  it("follows a stopped instance live on the pool page: member ERROR, load balancer DEGRADED, then ONLINE again", async () => {
    const lb = await createWebLoadBalancer("e2e-live");
    await page.goto(poolUrl(lb));
    await page.getByRole("heading", { level: 1, name: "web-pool" }).waitFor();
    await live().waitFor();
    const web2 = await memberRow("web2");
    await statusIn(web2, "ONLINE").waitFor();
    const parent = page.getByTestId("parent-loadbalancer-statuses");
    await statusIn(parent, "ONLINE").waitFor();
    let navigations = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });

    // The Instances page, in a second tab of the same browser.
    const instancesPage = await context.newPage();
    try {
      await instancesPage.goto("/project/compute/instances");
      const instances = instancesPage.getByRole("table", { name: "Instances" });
      const web2Row = instances.locator("tbody tr", { has: instancesPage.getByRole("cell", { name: "web2", exact: true }) });
      await web2Row.getByRole("button", { name: "Stop web2" }).click();
      await instancesPage.getByRole("status").getByText("Stopped instance web2").waitFor();
      await statusIn(web2Row, "SHUTOFF").waitFor();

      // The pool page follows from the stream alone.
      await statusIn(web2, "ERROR").waitFor({ timeout: 20_000 });
      await statusIn(parent, "DEGRADED").waitFor();
      await statusIn(await memberRow("web1"), "ONLINE").waitFor();
      await page.getByTestId("title-statuses").locator('[data-status="DEGRADED"]').waitFor();
      await screenshot(page, "pool-degraded");

      await web2Row.getByRole("button", { name: "Start web2" }).click();
      await instancesPage.getByRole("status").getByText("Started instance web2").waitFor();
      await statusIn(web2, "ONLINE").waitFor({ timeout: 20_000 });
      await statusIn(parent, "ONLINE").waitFor();
    } finally {
      // Leave web2 running for the other tests whatever happened.
      const instance = await byName("web2");
      if (instance.status !== "ACTIVE") await trpcMutation("instance.start", { id: instance.id });
      await instancesPage.close();
    }
    expect(navigations, "the pool page was not reloaded").toBe(0);
  });

  it("adds a member with one batch update, validates and edits it, and manages the health monitor", async () => {
    const lb = await createWebLoadBalancer("e2e-members");
    await page.goto(poolUrl(lb));
    await page.getByRole("heading", { level: 1, name: "web-pool" }).waitFor();
    await live().waitFor();
    const batches: string[] = [];
    page.on("request", (req) => {
      if (req.url().includes("/api/trpc/") && req.method() === "POST") batches.push(new URL(req.url()).pathname);
    });

    await page.getByRole("button", { name: "Add/Remove Members" }).click();
    const manage = page.getByRole("dialog", { name: "Add/Remove Members" });
    await manage.getByRole("table", { name: "Available Instances" }).getByRole("cell", { name: "web3", exact: true }).waitFor();
    await manage.getByRole("button", { name: "Add web3" }).click();
    await manage.getByRole("button", { name: "Remove web1" }).click();
    const allocated = manage.getByRole("table", { name: "Allocated Members" });
    await allocated.getByRole("cell", { name: "web3 new" }).waitFor();
    await manage.getByLabel("Weight of web3").fill("300");
    await manage.getByRole("button", { name: "Save Members" }).click();
    await manage.getByText("weight must be between 0 and 256").waitFor();
    expect(batches, "nothing is sent while the form is invalid").toEqual([]);
    await manage.getByLabel("Weight of web3").fill("3");
    await manage.getByRole("button", { name: "Save Members" }).click();
    await page.getByRole("status").getByText(/1 added, 1 removed/).waitFor();
    expect(batches.filter((p) => p.includes("member."))).toEqual(["/api/trpc/member.batchUpdate"]);

    const web3 = await memberRow("web3");
    await web3.getByRole("cell", { name: "3", exact: true }).waitFor();
    await statusIn(web3, "ONLINE").waitFor({ timeout: 20_000 });
    await page.getByRole("table", { name: "Members" }).getByRole("link", { name: "web1", exact: true }).waitFor({ state: "detached" });

    // Edit Member: weight and backup.
    await web3.getByRole("button", { name: "Edit Member" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Member" });
    await edit.getByLabel(/^Weight/).fill("7");
    await edit.getByLabel("Backup").check();
    await edit.getByRole("button", { name: "Save Changes" }).click();
    await page.getByRole("status").getByText("Updated member web3").waitFor();
    await web3.getByRole("cell", { name: "7", exact: true }).waitFor();
    await web3.getByRole("cell", { name: "Yes", exact: true }).waitFor();
    await statusIn(web3, "ACTIVE").waitFor();

    // Health monitor: edit with the type locked (and Horizon's delay >= timeout), then delete.
    const monitor = page.getByRole("region", { name: "Health Monitor" });
    await monitor.getByRole("button", { name: "Edit Health Monitor" }).click();
    const hm = page.getByRole("dialog", { name: "Edit Health Monitor" });
    expect(await hm.getByLabel(/^Type/).isDisabled()).toBe(true);
    await hm.getByLabel(/^Timeout/).fill("5");
    await hm.getByText("The timeout must be less than or equal to the delay").waitFor();
    await hm.getByLabel(/^Delay/).fill("5");
    await hm.getByLabel("URL Path").fill("/healthz");
    await hm.getByRole("button", { name: "Save Changes" }).click();
    await page.getByRole("status").getByText("Updated health monitor").waitFor();
    await monitor.getByText("/healthz").waitFor();
    await until(
      "the load balancer ACTIVE again",
      () => trpcQuery<LoadBalancer>("loadBalancer.get", { id: lb.id }),
      (x) => x.provisioning_status === "ACTIVE",
    );
    await monitor.getByRole("button", { name: "Delete Health Monitor" }).click();
    await page.getByRole("dialog", { name: "Confirm Delete Health Monitor" }).getByRole("button", { name: "Delete Health Monitor" }).click();
    await monitor.getByRole("button", { name: "Create Health Monitor" }).waitFor({ timeout: 20_000 });
    await statusIn(web3, "NO_MONITOR").waitFor({ timeout: 20_000 });
  });
});
