import type { Api } from "./api";
import { createLoadBalancer, type FloatingIp, floatingIpOnceActive, instanceNamed, loadBalancerOnceActive, reach, webListener } from "./cloud";
import { expect, test } from "./fixtures";
import { openLoadBalancers, rowAction, rowOf, rowsOf } from "./pages";
import { expectAnswering, expectServedBy } from "./traffic";

// Actions of the Load Balancers list against the started production server: associate a floating
// IP allocated from `public` (and reach the members through it), disassociate it (the address
// stays allocated), edit, filter, and delete with cascade (the HAProxy is gone). Set-up and the
// checks behind the page go through the API (as the same user, demo) and the network with plain
// fetch.

/** An HTTP load balancer over web1 and web2 (no monitor), ACTIVE. */
const createWebLoadBalancer = async (api: Api, prefix: string) => createLoadBalancer(api, prefix, { listeners: [await webListener(api)] });

const IPV4 = /(\d+\.\d+\.\d+\.\d+)/;

test.describe("load balancer list actions", () => {
  test("associates a floating IP allocated from public, serves the members through it, then disassociates it and keeps it allocated", async ({ page, api, saveScreenshot }) => {
    const lb = await createWebLoadBalancer(api, "e2e-fip");
    const table = await openLoadBalancers(page);
    const row = rowOf(table, lb.id);
    const fipCell = row.getByTestId("floating-ip");
    await expect(fipCell).toHaveText("-");

    await rowAction(page, row, lb.name, "Associate Floating IP");
    const dialog = page.getByRole("dialog", { name: "Associate Floating IP" });
    const select = dialog.getByLabel("Floating IP address or pool");
    await expect(select.locator("optgroup[label='Pools'] option", { hasText: "public" })).toBeAttached();
    await select.selectOption({ label: "Allocate a new address from public" });
    await dialog.getByRole("button", { name: "Associate" }).click();
    await expect(page.getByRole("status").getByText(/Allocated floating IP [\d.]+ and associated it with load balancer/)).toBeVisible();

    // The list shows the new address in the row; the API agrees.
    await expect(fipCell).toHaveText(/^\d+\.\d+\.\d+\.\d+$/);
    const address = (await fipCell.textContent()) ?? "";
    const fip = (await api.query<FloatingIp[]>("floatingIp.list")).find((f) => f.floating_ip_address === address);
    expect(fip?.port_id).toBe(lb.vip_port_id);
    await saveScreenshot("list-floating-ip");

    // Traffic to the floating IP reaches both members once the router carries it (DNAT to the VIP).
    await floatingIpOnceActive(api, address);
    await expectServedBy(address, ["web1", "web2"], 20_000);

    // Disassociate, confirmed: the address leaves the row but stays allocated.
    await rowAction(page, row, lb.name, "Disassociate Floating IP");
    const confirm = page.getByRole("dialog", { name: "Confirm Disassociate Floating IP" });
    await expect(confirm.getByText("stays allocated")).toBeVisible();
    await confirm.getByRole("button", { name: "Disassociate" }).click();
    await expect(page.getByRole("status").getByText(`Disassociated floating IP ${address}`)).toBeVisible();
    await expect(fipCell).toHaveText("-");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Floating IPs" }).click();
    const fips = page.getByRole("table", { name: "Floating IPs" });
    const fipRow = fips.locator("tbody tr", { has: page.getByRole("cell", { name: address, exact: true }) });
    await expect(fipRow.locator('[data-status="DOWN"]')).toBeVisible();
    await expect(fipRow.getByRole("cell").nth(2)).toHaveText("-");
    await saveScreenshot("floating-ips");
  });

  test("associates from the Floating IPs page with an instance port, and releases the address", async ({ page, api }) => {
    await page.goto("/project/network/floating-ips");
    await page.getByRole("button", { name: "Allocate IP To Project" }).click();
    const allocate = page.getByRole("dialog", { name: "Allocate Floating IP" });
    await allocate.getByLabel("Pool").selectOption({ label: "public" });
    await allocate.getByRole("button", { name: "Allocate IP" }).click();
    const toast = page.getByRole("status").getByText(/Allocated floating IP [\d.]+/);
    await expect(toast).toHaveText(IPV4);
    const address = ((await toast.textContent()) ?? "").match(IPV4)?.[1] ?? "";
    const fipRow = page.getByRole("table", { name: "Floating IPs" }).locator("tbody tr", { has: page.getByRole("cell", { name: address, exact: true }) });

    await fipRow.getByRole("button", { name: "Associate" }).click();
    const dialog = page.getByRole("dialog", { name: "Associate Floating IP" });
    const web3 = await instanceNamed(api, "web3");
    await dialog.getByLabel("Port to be associated").selectOption({ label: `web3: ${web3.fixed_ip}` });
    await dialog.getByRole("button", { name: "Associate" }).click();
    await expect(fipRow.getByRole("cell", { name: "Instance web3" })).toBeVisible();
    await expect(fipRow.getByRole("cell", { name: web3.fixed_ip, exact: true })).toBeVisible();

    await rowAction(page, fipRow, address, "Release Floating IP");
    const confirm = page.getByRole("dialog", { name: "Confirm Release Floating IP" });
    await expect(confirm.getByText("associated with instance web3")).toBeVisible();
    await confirm.getByRole("button", { name: "Release Floating IP" }).click();
    await expect(page.getByRole("status").getByText(`Released floating IP ${address}`)).toBeVisible();
    await expect(fipRow).not.toBeAttached();
  });

  test("Allocate IP To Project follows the floating IP quota: disabled once an allocation reaches it, offered again after a release", async ({ page, api }) => {
    const me = await api.query<{ project: { id: string } }>("auth.me");
    const used = (await api.query<Record<string, { limit: number; used: number }>>("quota.usage")).floatingip?.used ?? 0;
    await api.mutation("quota.update", { project_id: me.project.id, quota: { floatingip: used + 1 } }, { as: "admin" });
    try {
      await page.goto("/project/network/floating-ips");
      const button = page.getByRole("button", { name: /Allocate IP To Project/ });
      await expect(button).toBeEnabled();
      await button.click();
      const allocate = page.getByRole("dialog", { name: "Allocate Floating IP" });
      await allocate.getByLabel("Pool").selectOption({ label: "public" });
      await allocate.getByRole("button", { name: "Allocate IP" }).click();
      const toast = page.getByRole("status").getByText(/Allocated floating IP [\d.]+/);
      const address = ((await toast.textContent()) ?? "").match(IPV4)?.[1] ?? "";

      await expect(button).toHaveText("+ Allocate IP To Project (Quota exceeded)");
      await expect(button).toBeDisabled();
      await expect(button).toHaveAttribute("title", `Floating IPs: ${used + 1} of ${used + 1} used`);

      const fipRow = page.getByRole("table", { name: "Floating IPs" }).locator("tbody tr", { has: page.getByRole("cell", { name: address, exact: true }) });
      await rowAction(page, fipRow, address, "Release Floating IP");
      await page.getByRole("dialog", { name: "Confirm Release Floating IP" }).getByRole("button", { name: "Release Floating IP" }).click();
      await expect(fipRow).not.toBeAttached();
      await expect(button).toBeEnabled();
      await expect(button).toHaveText("+ Allocate IP To Project");
    } finally {
      await api.mutation("quota.reset", { project_id: me.project.id }, { as: "admin" });
    }
  });

  test("edits (a write refused by the status lock is a toast over the form, which keeps what was typed) and searches by name", async ({ page, api, saveScreenshot }) => {
    const lb = await createWebLoadBalancer(api, "e2e-edit");
    const table = await openLoadBalancers(page);
    const row = rowOf(table, lb.id);
    await row.getByRole("button", { name: "Edit Load Balancer" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit Load Balancer" });
    const description = dialog.getByLabel("Description");
    await description.fill("x".repeat(256));
    await expect(dialog.getByText("description must be at most 255 characters")).toBeVisible();
    await description.fill("edited from the list");

    // Someone else's change locks the load balancer while our write (Enter in the form) is on its
    // way: the write is held until a listener change has been accepted (the controller reloads
    // HAProxy for it, which keeps the load balancer PENDING_UPDATE for a moment), then let
    // through, and refused. Later writes pass as they are.
    const listenerId = lb.listeners[0]?.id;
    let lockFirst = true;
    await page.route("**/api/trpc/loadBalancer.update**", async (route) => {
      if (lockFirst) {
        lockFirst = false;
        await api.mutation("listener.update", { id: listenerId, connection_limit: 5000 });
      }
      await route.continue();
    });
    await description.press("Enter");
    const refusal = page.getByRole("status").locator('[data-tone="error"]', { hasText: `Invalid state PENDING_UPDATE of loadbalancer resource ${lb.id}` });
    await expect(refusal).toBeVisible();
    await expect(description).toHaveValue("edited from the list");
    await saveScreenshot("conflict-toast");

    // Once it is ACTIVE again, the same form goes through.
    await loadBalancerOnceActive(api, lb.id);
    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await expect(page.getByRole("status").getByText(`Updated load balancer ${lb.name}`)).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(row.getByRole("cell", { name: "edited from the list" })).toBeVisible();
    await expect(row.locator('[data-status="ACTIVE"]')).toBeVisible();

    // The search goes to the server (once typing pauses) and matches the name in any case.
    await page.getByLabel("Search load balancers").fill(lb.name.toUpperCase());
    await expect(rowsOf(table)).toHaveCount(1);
    await page.getByLabel("Search load balancers").fill("no-such-name");
    await expect(table.getByText('No load balancer matches "no-such-name"')).toBeVisible();
  });

  test("deletes with cascade from the list: held back without it, then the row and the HAProxy are gone", async ({ page, api }) => {
    const lb = await createWebLoadBalancer(api, "e2e-delete");
    const address = await reach(api, lb);
    await expectAnswering(address, true);
    const table = await openLoadBalancers(page);
    const row = rowOf(table, lb.id);
    await row.getByRole("checkbox", { name: `Select ${lb.name}` }).check();
    await page.getByRole("button", { name: "Delete Load Balancers (1)" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm Delete Load Balancer" });
    await expect(dialog.getByText(lb.name).first()).toBeVisible();

    // Without cascade it cannot go (it has a listener and a pool, which Octavia refuses): the
    // dialog says so, and its button waits for the box.
    await expect(dialog.getByRole("button", { name: "Delete Load Balancer" })).toBeDisabled();
    await expect(dialog.getByText("This load balancer has 1 listener and 1 pool: it is only deleted with its children.", { exact: false })).toBeVisible();

    await dialog.getByLabel("Delete all children (cascade)").check();
    await dialog.getByRole("button", { name: "Delete Load Balancer" }).click();
    await expect(page.getByRole("status").getByText(`Scheduled deletion of load balancer ${lb.name}`)).toBeVisible();
    await expect(row).not.toBeAttached({ timeout: 30_000 });

    await expect
      .poll(async () => (await api.call("loadBalancer.get", { id: lb.id })).error?.data.code, { message: "the load balancer gone", timeout: 20_000 })
      .toBe("NOT_FOUND");
    await expectAnswering(address, false);
  });
});
