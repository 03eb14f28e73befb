import type { Page } from "@playwright/test";
import { createBare, createLoadBalancer, type LoadBalancer, loadBalancerOnceActive, reach, subnetNamed, uniqueName, webListener } from "./cloud";
import { expect, expectNoSeriousA11yViolations, storageStateOf, test } from "./fixtures";
import { fieldIn, LOAD_BALANCERS, rowAction, rowOf } from "./pages";
import { expectServedBy } from "./traffic";

// The Admin dashboard against the started production server: the sidebar's Admin section
// (admins only), every project's load balancers, the Amphorae panel (its config and a failover
// that keeps the VIP serving), and the Create button at the project's quota.

const ADMIN_LIST = "/admin/network/load-balancers";
const AMPHORAE = "/admin/network/amphorae";
const AMPHORA_HOSTS = "/admin/network/amphora-hosts";
const FLAVORS = "/admin/network/flavors";

interface Amphora {
  id: string;
  loadbalancer_id: string;
  compute_id: string | null;
  host_name: string | null;
  pid: number | null;
  failover_requested: boolean;
}
interface Me {
  project: { id: string; name: string };
  cloudAdmin: boolean;
}
interface Usage {
  loadbalancer: { limit: number; used: number };
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test.describe("the Admin section", () => {
  test.describe(() => {
    test.use({ storageState: storageStateOf("admin") });

    test("is in the admin's sidebar, and lists every project's load balancers with their project", async ({ page, api, saveScreenshot }) => {
      const prefix = uniqueName("e2e-all");
      const inDemo = await createBare(api, `${prefix}-demo`, "demo");
      const inAlt = await createBare(api, `${prefix}-alt`, "alt");

      await page.goto(LOAD_BALANCERS);
      const adminNav = nav(page).getByTestId("nav-admin");
      await adminNav.getByRole("link", { name: "Load Balancers" }).click();
      await expect(page).toHaveURL((url) => url.pathname === ADMIN_LIST);
      await expect(page.getByRole("heading", { level: 1, name: "Load Balancers" })).toBeVisible();
      await expect(adminNav.getByRole("link", { name: "Load Balancers" })).toHaveAttribute("aria-current", "page");

      const table = page.getByRole("table", { name: "Load Balancers" });
      await page.getByLabel("Search load balancers").fill(prefix);
      // Both rows may show on the unfiltered first page too: wait for the search's own answer.
      await expect(table.locator("tbody tr")).toHaveCount(2);
      const demoRow = rowOf(table, inDemo.id);
      const altRow = rowOf(table, inAlt.id);
      await expect(table.getByRole("columnheader", { name: "Project" })).toHaveCount(1);
      await expect(demoRow.getByTestId("project")).toHaveText("demo");
      await expect(altRow.getByTestId("project")).toHaveText("alt");
      await saveScreenshot("admin-load-balancers");

      // The API agrees: the same two, each with its project.
      const found = await api.query<{ items: LoadBalancer[] }>("loadBalancer.list", { all_projects: true, search: prefix }, { as: "admin" });
      expect(found.items.map((lb) => lb.id).sort()).toEqual([inDemo.id, inAlt.id].sort());
    });
  });

  test("is not in a member's sidebar, and its pages and calls are not for a member", async ({ page, api }) => {
    await page.goto(LOAD_BALANCERS);
    await expect(nav(page).getByTestId("nav-project")).toBeVisible();
    await expect(nav(page).getByTestId("nav-admin")).toHaveCount(0);
    await expect(nav(page).getByRole("link", { name: "Amphorae" })).toHaveCount(0);

    // Opened by their address, the Admin pages do not exist for a member: Not Found, not a redirect.
    for (const path of [ADMIN_LIST, AMPHORAE, AMPHORA_HOSTS]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page).toHaveURL((url) => url.pathname === path);
      await expect(page.getByRole("heading", { level: 1, name: "Not Found" })).toBeVisible();
    }
    for (const call of ["amphora.list", "amphoraHost.list"]) {
      const refused = await api.call(call, undefined, { as: "demo" });
      expect(refused.error?.data.code, call).toBe("FORBIDDEN");
    }
  });
});

test.describe("the Amphorae panel", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("shows an amphora's config and fails it over: a new process, ACTIVE again, and the VIP still serves web1 and web2", async ({ page, api, saveScreenshot }) => {
    const lb = await createLoadBalancer(api, "e2e-failover", { listeners: [await webListener(api)] });
    const address = await reach(api, lb);
    await expectServedBy(address, ["web1", "web2"]);
    const amphoraOf = async () => (await api.query<Amphora[]>("amphora.list", undefined, { as: "admin" })).find((a) => a.loadbalancer_id === lb.id);
    const amphora = await amphoraOf();
    expect(amphora?.pid, "the load balancer's amphora runs").toBeTruthy();
    if (!amphora) return;

    await page.goto(LOAD_BALANCERS);
    await nav(page).getByRole("link", { name: "Amphorae" }).click();
    await expect(page).toHaveURL((url) => url.pathname === AMPHORAE);
    const row = rowOf(page.getByRole("table", { name: "Amphorae" }), amphora.id);
    await expect(row.getByRole("link", { name: lb.id })).toHaveAttribute("href", `${ADMIN_LIST}?search=${lb.id}`);
    await expect(row.getByTestId("amphora-pid")).toHaveText(String(amphora.pid));

    await row.getByRole("button", { name: "View Config" }).click();
    const configDialog = page.getByRole("dialog", { name: "Amphora Config" });
    await expect(configDialog.getByTestId("amphora-config")).toContainText("frontend");
    await saveScreenshot("amphora-config");
    await configDialog.getByRole("button", { name: "Close" }).click();
    await expect(configDialog).toBeHidden();

    await row.getByRole("button", { name: `More actions for ${amphora.id}` }).click();
    await page.getByRole("menu", { name: `Actions for ${amphora.id}` }).getByRole("menuitem", { name: "Failover" }).click();
    const confirm = page.getByRole("dialog", { name: "Confirm Failover" });
    await expect(confirm.getByText(lb.id)).toBeVisible();
    await confirm.getByRole("button", { name: "Failover" }).click();
    await expect(page.getByRole("status").getByText(`Failover of amphora ${amphora.id} started`)).toBeVisible();
    await expect(confirm).toBeHidden();

    // A new HAProxy master, with the failover done.
    let after: Amphora | undefined;
    await expect
      .poll(
        async () => {
          after = await amphoraOf();
          return Boolean(after?.pid) && after?.pid !== amphora.pid && !after?.failover_requested;
        },
        { message: "a new HAProxy master", timeout: 30_000 },
      )
      .toBe(true);
    await loadBalancerOnceActive(api, lb.id);
    // A new amphora, as in Octavia: the panel (it reads the list again while the failover runs)
    // shows it with its own id and process, and the old one is gone.
    expect(after?.id).not.toBe(amphora.id);
    const replaced = rowOf(page.getByRole("table", { name: "Amphorae" }), after!.id);
    await expect(replaced.getByTestId("amphora-pid")).toHaveText(String(after?.pid));
    await expect(row).toHaveCount(0);
    await saveScreenshot("amphora-failed-over");
    await expectServedBy(address, ["web1", "web2"]);
  });
});

test.describe("the Amphora Hosts panel", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("lists the host an amphora was placed on, with its count, and offers to disable it", async ({ page, api, saveScreenshot }) => {
    const lb = await createLoadBalancer(api, "e2e-placed", { listeners: [await webListener(api)] });
    await loadBalancerOnceActive(api, lb.id);
    const amphora = (await api.query<Amphora[]>("amphora.list", undefined, { as: "admin" })).find((a) => a.loadbalancer_id === lb.id);
    expect(amphora?.compute_id, "the amphora was placed").toBeTruthy();

    await page.goto(AMPHORAE);
    await expect(rowOf(page.getByRole("table", { name: "Amphorae" }), amphora!.id)).toContainText(amphora!.host_name!);
    await nav(page).getByRole("link", { name: "Amphora Hosts" }).click();
    await expect(page).toHaveURL((url) => url.pathname === AMPHORA_HOSTS);
    const row = rowOf(page.getByRole("table", { name: "Amphora Hosts" }), amphora!.compute_id!);
    await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "UP");
    await expect(row.getByTestId("host-amphorae")).toHaveText(/^[1-9]\d* \/ \d+$/);
    // The machine's first host stands in compute zone az1.
    await expect(row).toContainText("az1");
    await saveScreenshot("amphora-hosts");

    // The only host serves every other test's load balancers: the dialogs are read, not confirmed
    // (disabling and draining are tested against stacks of their own).
    await row.getByRole("button", { name: "Disable Host" }).click();
    const confirm = page.getByRole("dialog", { name: "Confirm Disable Host" });
    await expect(confirm).toContainText(`Place no new amphorae on host ${amphora!.host_name}?`);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await row.getByRole("button", { name: `More actions for ${amphora!.host_name}` }).click();
    await page.getByRole("menu", { name: `Actions for ${amphora!.host_name}` }).getByRole("menuitem", { name: "Drain Host" }).click();
    const drain = page.getByRole("dialog", { name: "Confirm Drain Host" });
    await expect(drain).toContainText(`amphorae of host ${amphora!.host_name} to other hosts`);
    await drain.getByRole("button", { name: "Cancel" }).click();
    await expect(drain).toBeHidden();

    // A host of another machine is invited with a one-time token, shown once inside the command to run there.
    await page.getByRole("button", { name: "Add Host" }).click();
    const add = page.getByRole("dialog", { name: "Add Host" });
    await add.getByLabel("Compute Zone").fill("az9");
    await add.getByRole("button", { name: "Make Join Token" }).click();
    await expect(add.getByTestId("join-command")).toHaveText(/^npm run agent -- --controller http:\/\/\S+ --join [0-9a-f]{64} --address <its address>$/);
    await add.getByRole("button", { name: "Done" }).click();
    await expect(add).toBeHidden();
  });
});

test.describe("the Flavors panel", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("makes a flavor profile and a flavor, refuses bad flavor data, and the wizard creates a load balancer with the flavor", async ({ page, api, saveScreenshot }) => {
    const name = uniqueName("e2e-flavor");
    let lbId: string | null = null;
    try {
      await page.goto(AMPHORA_HOSTS);
      await nav(page).getByRole("link", { name: "Flavors" }).click();
      await expect(page).toHaveURL((url) => url.pathname === FLAVORS);

      // The provider's check of flavor_data, in the dialog; nothing is made.
      await page.getByRole("button", { name: "Create Flavor Profile" }).click();
      const profileDialog = page.getByRole("dialog", { name: "Create Flavor Profile" });
      await fieldIn(profileDialog, "Name").fill(`${name}-profile`);
      await fieldIn(profileDialog, "Flavor Data").fill('{"loadbalancer_topology": "TRIPLE"}');
      await profileDialog.getByRole("button", { name: "Create Flavor Profile" }).click();
      await expect(profileDialog).toContainText("loadbalancer_topology 'TRIPLE' is not one of ['ACTIVE_STANDBY', 'SINGLE']");
      await fieldIn(profileDialog, "Flavor Data").fill('{"loadbalancer_topology": "SINGLE"}');
      await profileDialog.getByRole("button", { name: "Create Flavor Profile" }).click();
      await expect(profileDialog).toBeHidden();
      await expect(page.getByRole("table", { name: "Flavor Profiles" })).toContainText(`${name}-profile`);

      await page.getByRole("button", { name: "Create Flavor", exact: true }).click();
      const flavorDialog = page.getByRole("dialog", { name: "Create Flavor" });
      await fieldIn(flavorDialog, "Name").fill(name);
      await fieldIn(flavorDialog, "Description").fill("one amphora");
      await fieldIn(flavorDialog, "Flavor Profile").selectOption({ label: `${name}-profile: {"loadbalancer_topology": "SINGLE"}` });
      await flavorDialog.getByRole("button", { name: "Create Flavor" }).click();
      await expect(flavorDialog).toBeHidden();
      const flavors = page.getByRole("table", { name: "Flavors" });
      await expect(flavors).toContainText(name);
      await saveScreenshot("admin-flavors");
      await expectNoSeriousA11yViolations(page);
      const flavor = (await api.query<{ items: { id: string; name: string }[] }>("flavor.list", { name }, { as: "admin" })).items[0]!;

      // The wizard offers it (Horizon's Flavor field), and the load balancer carries it.
      await page.goto(LOAD_BALANCERS);
      await page.getByRole("button", { name: "Create Load Balancer" }).click();
      const wizard = page.getByRole("dialog", { name: "Create Load Balancer" });
      await fieldIn(wizard, "Name").fill(name);
      const subnet = await subnetNamed(api, "selfservice-subnet", "admin");
      await expect(fieldIn(wizard, "Subnet").locator(`option[value="${subnet.id}"]`)).toBeAttached();
      await fieldIn(wizard, "Subnet").selectOption(subnet.id);
      await fieldIn(wizard, "Flavor").selectOption({ label: `${name}: one amphora` });
      await wizard.getByRole("button", { name: "Create Load Balancer" }).click();
      await expect(wizard).toBeHidden();
      const lb = (await api.query<{ items: (LoadBalancer & { flavor_id: string | null })[] }>("loadBalancer.list", { search: name }, { as: "admin" })).items[0]!;
      lbId = lb.id;
      expect(lb.flavor_id).toBe(flavor.id);
      await loadBalancerOnceActive(api, lb.id, { as: "admin" });

      // In use, the flavor is not deleted: the API's refusal stays in the dialog.
      await page.goto(FLAVORS);
      await rowAction(page, rowOf(flavors, flavor.id), name, "Delete Flavor");
      const confirm = page.getByRole("dialog", { name: "Confirm Delete Flavor" });
      await confirm.getByRole("button", { name: "Delete Flavor" }).click();
      await expect(confirm).toContainText(`Flavor ${flavor.id} is in use and cannot be modified.`);
      await confirm.getByRole("button", { name: "Cancel" }).click();
    } finally {
      if (lbId) {
        await api.mutation("loadBalancer.delete", { id: lbId, cascade: true }, { as: "admin" });
        await expect.poll(async () => (await api.call("loadBalancer.get", { id: lbId }, { as: "admin" })).status, { timeout: 30_000 }).toBe(404);
      }
      for (const flavor of (await api.query<{ items: { id: string }[] }>("flavor.list", { name }, { as: "admin" })).items) {
        await api.mutation("flavor.delete", { id: flavor.id }, { as: "admin" });
      }
      for (const profile of (await api.query<{ items: { id: string }[] }>("flavorProfile.list", { name: `${name}-profile` }, { as: "admin" })).items) {
        await api.mutation("flavorProfile.delete", { id: profile.id }, { as: "admin" });
      }
    }
  });
});

test.describe("the Create button at the load balancer quota", () => {
  let resetProject: string | null = null;
  test.afterEach(async ({ api }) => {
    if (resetProject) await api.mutation("quota.reset", { project_id: resetProject }, { as: "admin" });
    resetProject = null;
  });

  test("is disabled and reads Quota exceeded when the demo project has used its load balancer quota", async ({ page, api, saveScreenshot }) => {
    const demo = await api.query<Me>("auth.me", undefined, { as: "demo" });
    const used = (await api.query<Usage>("quota.usage", undefined, { as: "demo" })).loadbalancer.used;
    resetProject = demo.project.id;
    await api.mutation("quota.update", { project_id: demo.project.id, quota: { loadbalancer: used } }, { as: "admin" });
    expect((await api.query<Usage>("quota.usage", undefined, { as: "demo" })).loadbalancer).toEqual({ limit: used, used });

    await page.goto(LOAD_BALANCERS);
    const button = page.getByRole("button", { name: /Create Load Balancer/ });
    await expect(button).toContainText("Quota exceeded");
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute("title", `Load balancers: ${used} of ${used} used`);
    await saveScreenshot("create-quota-exceeded");

    // Back to the default quota: the button is offered again.
    await api.mutation("quota.reset", { project_id: demo.project.id }, { as: "admin" });
    resetProject = null;
    await page.reload();
    await expect(button).toHaveText("+ Create Load Balancer");
    await expect(button).toBeEnabled();
  });
});
