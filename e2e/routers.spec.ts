import type { Locator, Page } from "@playwright/test";
import type { Api } from "./api";
import { subnetNamed, uniqueName } from "./cloud";
import { expect, storageStateOf, test } from "./fixtures";
import { detailValue, expectLoaded, fieldIn } from "./pages";

// Project > Network > Routers: a router made from the dashboard, its gateway set, a subnet
// connected and disconnected on its page, the server's refusal shown where the other forms show
// theirs, and the router deleted; a reader sees the project's routers but no action.

const ROUTERS = "/project/network/routers";

interface Router {
  id: string;
  name: string;
  external_gateway_info: { network_id: string; external_fixed_ips: Array<{ ip_address: string }> } | null;
  interfaces: Array<{ subnet_id: string; ip_address: string }>;
}
interface Created {
  id: string;
  name: string;
}

const routersTable = (page: Page) => page.getByRole("table", { name: "Routers" });
const routerRow = (page: Page, name: string) => routersTable(page).locator("tbody tr[data-row-key]", { has: page.getByRole("link", { name, exact: true }) });

async function openRouters(page: Page): Promise<Locator> {
  await page.goto(ROUTERS);
  const table = routersTable(page);
  await expectLoaded(table);
  return table;
}

/**
 * A network of demo's with one subnet no router holds, made by the admin (members may not make
 * networks here); its range lies in the server's own (the demo cloud's /16), so parallel runs
 * never meet. Removed by `dropNetwork`.
 */
async function freeSubnet(api: Api): Promise<{ network: Created; subnet: Created & { cidr: string; gateway_ip: string } }> {
  const demoProject = (await api.query<{ project: { id: string } }>("auth.me")).project.id;
  const [a, b] = (await subnetNamed(api, "selfservice-subnet")).cidr.split(".");
  const third = 50 + Math.floor(Math.random() * 150);
  const network = await api.mutation<Created>("network.create", { name: uniqueName("e2e-rnet"), project_id: demoProject }, { as: "admin" });
  const subnet = await api.mutation<Created & { cidr: string; gateway_ip: string }>(
    "subnet.create",
    { network_id: network.id, name: uniqueName("e2e-rsub"), cidr: `${a}.${b}.${third}.0/24` },
    { as: "admin" },
  );
  return { network, subnet };
}

/** Whatever a failed test left: the router (its interfaces first), then the network. */
async function cleanUp(api: Api, routerName: string, networkId: string | undefined): Promise<void> {
  const left = (await api.query<Router[]>("routers.list")).find((r) => r.name === routerName);
  if (left) {
    for (const i of left.interfaces) await api.call("routers.removeInterface", { id: left.id, subnet_id: i.subnet_id }, { mutation: true });
    await api.call("routers.delete", { id: left.id }, { mutation: true });
  }
  if (networkId) await api.call("network.delete", { id: networkId }, { mutation: true, as: "admin" });
}

test.describe("a member", () => {
  test("creates a router, sets its gateway, adds and removes an interface on its page, and deletes it", async ({ page, api, saveScreenshot }) => {
    const name = uniqueName("e2e-router");
    let networkId: string | undefined;
    try {
      const { network, subnet } = await freeSubnet(api);
      networkId = network.id;

      await openRouters(page);
      await page.getByRole("button", { name: "Create Router" }).click();
      const create = page.getByRole("dialog", { name: "Create Router" });
      await fieldIn(create, "Router Name").fill(name);
      await create.getByRole("button", { name: "Create Router" }).click();
      await expect(page.getByRole("status").getByText(`Created router ${name}`)).toBeVisible();
      const row = routerRow(page, name);
      await expect(row.getByRole("cell").nth(2)).toHaveText("-");

      await row.getByRole("button", { name: "Set Gateway" }).click();
      const gateway = page.getByRole("dialog", { name: "Set Gateway" });
      await fieldIn(gateway, "External Network").selectOption({ label: "public" });
      await gateway.getByRole("button", { name: "Set Gateway" }).click();
      await expect(gateway).toHaveCount(0);
      await expect(row.getByRole("cell").nth(2)).toHaveText("public");

      await row.getByRole("link", { name }).click();
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      const overview = page.getByRole("region", { name: "Overview" });
      await expect(detailValue(overview, "External Network")).toHaveText("public");
      const router = (await api.query<Router[]>("routers.list")).find((r) => r.name === name);
      const gatewayIp = router?.external_gateway_info?.external_fixed_ips[0]?.ip_address;
      expect(gatewayIp, "the gateway port has an address on public").toBeTruthy();
      await expect(detailValue(overview, "External Fixed IPs")).toContainText(gatewayIp as string);

      const interfaces = page.getByRole("table", { name: "Interfaces" });
      await expect(interfaces).toContainText("No interfaces");
      await page.getByRole("button", { name: "Add Interface" }).click();
      const add = page.getByRole("dialog", { name: "Add Interface" });
      await fieldIn(add, "Subnet").selectOption({ label: `${network.name}: ${subnet.cidr} (${subnet.name})` });
      await add.getByRole("button", { name: "Add Interface" }).click();
      await expect(add).toHaveCount(0);
      const ifaceRow = interfaces.locator("tbody tr[data-row-key]");
      await expect(ifaceRow).toHaveCount(1);
      await expect(ifaceRow).toContainText(subnet.name);
      await expect(ifaceRow).toContainText(subnet.gateway_ip);
      await saveScreenshot("router-detail");

      // Neutron refuses to delete a router that still has interfaces: the dialog says the server's words.
      await page.getByRole("button", { name: "Delete Router" }).click();
      const del = page.getByRole("dialog", { name: "Confirm Delete Router" });
      await del.getByRole("button", { name: "Delete Router" }).click();
      await expect(del.getByRole("alert")).toContainText("still has ports");
      await del.getByRole("button", { name: "Cancel" }).click();

      await ifaceRow.getByRole("button", { name: "Remove Interface" }).click();
      const remove = page.getByRole("dialog", { name: "Confirm Remove Interface" });
      await remove.getByRole("button", { name: "Remove Interface" }).click();
      await expect(interfaces).toContainText("No interfaces");
      expect((await api.query<Router[]>("routers.list")).find((r) => r.name === name)?.interfaces).toEqual([]);

      await page.getByRole("button", { name: "Delete Router" }).click();
      await del.getByRole("button", { name: "Delete Router" }).click();
      await expect(page).toHaveURL(new RegExp(`${ROUTERS}$`));
      await expectLoaded(routersTable(page));
      await expect(routerRow(page, name)).toHaveCount(0);
      expect((await api.query<Router[]>("routers.list")).some((r) => r.name === name)).toBe(false);
    } finally {
      await cleanUp(api, name, networkId);
    }
  });
});

test.describe("a reader", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("sees the project's routers and their interfaces, but no create button and no action", async ({ page, api }) => {
    const router1 = (await api.query<Router[]>("routers.list", undefined, { as: "viewer" })).find((r) => r.name === "router1");
    expect(router1, "the demo cloud's router1").toBeDefined();
    const table = await openRouters(page);
    await expect(routerRow(page, "router1")).toHaveCount(1);
    await expect(page.getByRole("button", { name: /Create Router/ })).toHaveCount(0);
    await expect(table.getByRole("columnheader", { name: "Actions" })).toHaveCount(0);

    await routerRow(page, "router1").getByRole("link", { name: "router1" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "router1" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Interfaces" }).locator("tbody tr[data-row-key]")).toHaveCount(router1?.interfaces.length ?? 0);
    for (const action of ["Add Interface", "Delete Router", "Set Gateway", "Clear Gateway", "Remove Interface"]) {
      await expect(page.getByRole("button", { name: action })).toHaveCount(0);
    }
  });
});
