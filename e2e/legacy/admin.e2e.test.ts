import { randomUUID } from "node:crypto";
import { type BrowserContext, type Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { sessionOf, trpcCall, trpcMutation, trpcQuery, until } from "./api";
import { addSessionCookie, openBrowserPerTest, screenshot, UI_TIMEOUT_MS } from "./browser";
import type { E2EUser } from "./config";

// The Admin dashboard in Debian's Chromium against the started production server: the sidebar's
// Admin section (admins only), every project's load balancers, the Amphorae panel (its config and
// a failover that keeps the VIP serving), and the Create button at the project's quota.

let page: Page;
let context: BrowserContext;
openBrowserPerTest(
  (p, c) => {
    page = p;
    context = c;
  },
  { width: 1280, height: 900 },
  { as: null },
);

const LIST = "/project/network/load-balancers";
const ADMIN_LIST = "/admin/network/load-balancers";
const AMPHORAE = "/admin/network/amphorae";

interface LoadBalancer {
  id: string;
  name: string;
  project_id: string;
  vip_address: string;
  provisioning_status: string;
}
interface Instance {
  name: string;
  fixed_ip: string;
  subnet_id: string;
}
interface Amphora {
  id: string;
  loadbalancer_id: string;
  pid: number | null;
  failover_requested: boolean;
}
interface Me {
  project: { id: string; name: string };
  isAdmin: boolean;
}
interface Usage {
  loadbalancer: { limit: number; used: number };
}

async function actAs(user: E2EUser): Promise<void> {
  await addSessionCookie(context, await sessionOf(user));
}

/** A load balancer without listeners in `user`'s project. */
async function createBare(user: E2EUser, name: string): Promise<LoadBalancer> {
  const subnets = await trpcQuery<Array<{ id: string; name: string }>>("subnet.list", undefined, { as: user });
  const subnet = subnets.find((s) => s.name === (user === "alt" ? "alt-subnet" : "selfservice-subnet"));
  expect(subnet, `${user} sees its project's subnet`).toBeDefined();
  return trpcMutation<LoadBalancer>("loadBalancer.create", { name, vip_subnet_id: subnet?.id }, { as: user });
}

const activeLoadBalancer = (id: string) =>
  until(
    "the load balancer ACTIVE",
    () => trpcQuery<LoadBalancer>("loadBalancer.get", { id }),
    (lb) => lb.provisioning_status === "ACTIVE",
    30_000,
  );

/** The body of GET http://address/, or the error's text when nothing answers. */
async function httpGet(address: string): Promise<string> {
  try {
    const res = await fetch(`http://${address}/`, { signal: AbortSignal.timeout(2_000), headers: { connection: "close" } });
    return `${res.status} ${(await res.text()).trim()}`;
  } catch (err) {
    return `failed: ${(err as Error).message}`;
  }
}

/** Waits until GET http://address/ has answered with both web1 and web2. */
async function servesBothMembers(address: string): Promise<void> {
  const seen = new Set<string>();
  await until(
    `http://${address}/ answering web1 and web2`,
    async () => {
      const body = await httpGet(address);
      if (body.startsWith("200 ")) seen.add(body.slice(4));
      return [...seen].sort();
    },
    (names) => names.includes("web1") && names.includes("web2"),
    30_000,
  );
}

/** An HTTP load balancer of demo over web1 and web2, ACTIVE. */
async function createWebLoadBalancer(prefix: string): Promise<LoadBalancer> {
  const instances = await trpcQuery<Instance[]>("instance.list");
  const [web1, web2] = ["web1", "web2"].map((name) => instances.find((i) => i.name === name));
  if (!web1 || !web2) throw new Error("the demo cloud has web1 and web2");
  const created = await trpcMutation<LoadBalancer>("loadBalancer.create", {
    name: `${prefix}-${randomUUID().slice(0, 8)}`,
    vip_subnet_id: web1.subnet_id,
    listeners: [
      {
        protocol: "HTTP",
        protocol_port: 80,
        default_pool: {
          protocol: "HTTP",
          lb_algorithm: "ROUND_ROBIN",
          members: [
            { address: web1.fixed_ip, protocol_port: 80 },
            { address: web2.fixed_ip, protocol_port: 80 },
          ],
        },
      },
    ],
  });
  return activeLoadBalancer(created.id);
}

const nav = () => page.getByRole("navigation", { name: "Main" });

describe("the Admin section", () => {
  it("is in the admin's sidebar, and lists every project's load balancers with their project", async () => {
    const prefix = `e2e-all-${randomUUID().slice(0, 8)}`;
    const inDemo = await createBare("demo", `${prefix}-demo`);
    const inAlt = await createBare("alt", `${prefix}-alt`);
    await actAs("admin");

    await page.goto(LIST);
    await nav().getByTestId("nav-admin").waitFor();
    await nav().getByTestId("nav-admin").getByRole("link", { name: "Load Balancers" }).click();
    await page.waitForURL((url) => url.pathname === ADMIN_LIST);
    await page.getByRole("heading", { level: 1, name: "Load Balancers" }).waitFor();
    expect(await nav().getByTestId("nav-admin").getByRole("link", { name: "Load Balancers" }).getAttribute("aria-current")).toBe("page");

    const table = page.getByRole("table", { name: "Load Balancers" });
    await page.getByLabel("Search load balancers").fill(prefix);
    const demoRow = table.locator(`tbody tr[data-row-key="${inDemo.id}"]`);
    const altRow = table.locator(`tbody tr[data-row-key="${inAlt.id}"]`);
    // Both rows may show on the unfiltered first page too: wait for the search's own answer.
    await expect.poll(() => table.locator("tbody tr").count(), { timeout: 15_000 }).toBe(2);
    await demoRow.waitFor();
    await altRow.waitFor();
    expect(await table.getByRole("columnheader", { name: "Project" }).count()).toBe(1);
    expect(await demoRow.getByTestId("project").textContent()).toBe("demo");
    expect(await altRow.getByTestId("project").textContent()).toBe("alt");
    await screenshot(page, "admin-load-balancers");

    // The API agrees: the same two, each with its project.
    const page1 = await trpcQuery<{ items: LoadBalancer[] }>("loadBalancer.list", { all_projects: true, search: prefix }, { as: "admin" });
    expect(page1.items.map((lb) => lb.id).sort()).toEqual([inDemo.id, inAlt.id].sort());
  });

  it("is not in a member's sidebar, and its pages and calls are not for a member", async () => {
    await actAs("demo");
    await page.goto(LIST);
    await nav().getByTestId("nav-project").waitFor();
    expect(await nav().getByTestId("nav-admin").count()).toBe(0);
    expect(await nav().getByRole("link", { name: "Amphorae" }).count()).toBe(0);

    for (const path of [ADMIN_LIST, AMPHORAE]) {
      await page.goto(path);
      await page.waitForURL((url) => url.pathname === LIST);
    }
    const refused = await trpcCall("amphora.list", undefined, { as: "demo" });
    expect(refused.error?.data.code).toBe("FORBIDDEN");
  });
});

describe("the Amphorae panel", () => {
  it("shows an amphora's config and fails it over: a new process, ACTIVE again, and the VIP still serves web1 and web2", async () => {
    const lb = await createWebLoadBalancer("e2e-failover");
    await servesBothMembers(lb.vip_address);
    const before = (await trpcQuery<Amphora[]>("amphora.list", undefined, { as: "admin" })).find((a) => a.loadbalancer_id === lb.id);
    expect(before?.pid, "the load balancer's amphora runs").toBeTruthy();
    const amphora = before as Amphora;
    await actAs("admin");

    await page.goto(LIST);
    await nav().getByRole("link", { name: "Amphorae" }).click();
    await page.waitForURL((url) => url.pathname === AMPHORAE);
    const table = page.getByRole("table", { name: "Amphorae" });
    const row = table.locator(`tbody tr[data-row-key="${amphora.id}"]`);
    await row.waitFor();
    expect(await row.getByRole("link", { name: lb.id }).getAttribute("href")).toBe(`${ADMIN_LIST}?search=${lb.id}`);
    expect(await row.getByTestId("amphora-pid").textContent()).toBe(String(amphora.pid));

    await row.getByRole("button", { name: "View Config" }).click();
    const configDialog = page.getByRole("dialog", { name: "Amphora Config" });
    const config = configDialog.getByTestId("amphora-config");
    await config.waitFor();
    expect(await config.textContent()).toContain("frontend");
    await screenshot(page, "amphora-config");
    await configDialog.getByRole("button", { name: "Close" }).click();
    await configDialog.waitFor({ state: "hidden" });

    await row.getByRole("button", { name: `More actions for ${amphora.id}` }).click();
    await page.getByRole("menu", { name: `Actions for ${amphora.id}` }).getByRole("menuitem", { name: "Failover" }).click();
    const confirm = page.getByRole("dialog", { name: "Confirm Failover" });
    await confirm.getByText(lb.id).waitFor();
    await confirm.getByRole("button", { name: "Failover" }).click();
    await page.getByRole("status").getByText(`Failover of amphora ${amphora.id} started`).waitFor();
    await confirm.waitFor({ state: "hidden" });

    const after = await until(
      "a new HAProxy master",
      async () => (await trpcQuery<Amphora[]>("amphora.list", undefined, { as: "admin" })).find((a) => a.loadbalancer_id === lb.id),
      (a) => Boolean(a?.pid) && a?.pid !== amphora.pid && !a?.failover_requested,
      30_000,
    );
    await activeLoadBalancer(lb.id);
    // The panel shows the new process id (it reads the list again while the failover runs).
    await expect.poll(() => row.getByTestId("amphora-pid").textContent(), { timeout: UI_TIMEOUT_MS }).toBe(String(after?.pid));
    await screenshot(page, "amphora-failed-over");
    await servesBothMembers(lb.vip_address);
  });
});

describe("the Create button at the load balancer quota", () => {
  let resetProject: string | null = null;
  afterEach(async () => {
    if (resetProject) await trpcMutation("quota.reset", { project_id: resetProject }, { as: "admin" });
    resetProject = null;
  });

  it("is disabled and reads Quota exceeded when the demo project has used its load balancer quota", async () => {
    const demo = await trpcQuery<Me>("auth.me", undefined, { as: "demo" });
    const usage = await trpcQuery<Usage>("quota.usage", undefined, { as: "demo" });
    const used = usage.loadbalancer.used;
    resetProject = demo.project.id;
    await trpcMutation("quota.update", { project_id: demo.project.id, quota: { loadbalancer: used } }, { as: "admin" });
    expect((await trpcQuery<Usage>("quota.usage", undefined, { as: "demo" })).loadbalancer).toEqual({ limit: used, used });

    await actAs("demo");
    await page.goto(LIST);
    const button = page.getByRole("button", { name: /Create Load Balancer/ });
    await button.waitFor();
    expect(await button.textContent()).toContain("Quota exceeded");
    expect(await button.isDisabled()).toBe(true);
    expect(await button.getAttribute("title")).toBe(`Load balancers: ${used} of ${used} used`);
    await screenshot(page, "create-quota-exceeded");

    // Back to the default quota: the button is offered again.
    await trpcMutation("quota.reset", { project_id: demo.project.id }, { as: "admin" });
    resetProject = null;
    await page.reload();
    await expect.poll(() => button.textContent()).toBe("+ Create Load Balancer");
    expect(await button.isDisabled()).toBe(false);
  });
});
