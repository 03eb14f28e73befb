import { randomUUID } from "node:crypto";
import { type Locator, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { trpcCall, trpcMutation, trpcQuery, until } from "./api";
import { openBrowserPerTest, screenshot, UI_TIMEOUT_MS } from "./browser";

// Actions of the Load Balancers list in Debian's Chromium against the started production server:
// associate a floating IP allocated from `public` (and reach the members through it), disassociate
// it (the address stays allocated), edit, filter, and delete with cascade (the HAProxy is gone).
// Set-up and the checks behind the page go through the API (as the same user, demo) and the
// network with plain fetch.

let page: Page;
openBrowserPerTest((p) => {
  page = p;
}, { width: 1280, height: 900 });

/** The body of GET http://address/, or the error's text when nothing answers. */
async function httpGet(address: string): Promise<string> {
  try {
    const res = await fetch(`http://${address}/`, { signal: AbortSignal.timeout(2_000) });
    return `${res.status} ${(await res.text()).trim()}`;
  } catch (err) {
    return `failed: ${(err as Error).message}`;
  }
}

interface Instance {
  name: string;
  fixed_ip: string;
  subnet_id: string;
}
interface LoadBalancer {
  id: string;
  name: string;
  description: string;
  vip_address: string;
  vip_port_id: string;
  provisioning_status: string;
  operating_status: string;
}
interface FloatingIp {
  id: string;
  floating_ip_address: string;
  port_id: string | null;
  status: string;
}

async function instance(name: string): Promise<Instance> {
  const found = (await trpcQuery<Instance[]>("instance.list")).find((i) => i.name === name);
  expect(found, `the demo cloud has ${name}`).toBeDefined();
  return found as Instance;
}

const activeLoadBalancer = (id: string) =>
  until(
    "the load balancer ACTIVE",
    () => trpcQuery<LoadBalancer>("loadBalancer.get", { id }),
    (lb) => lb.provisioning_status === "ACTIVE",
    30_000,
  );

/** An HTTP load balancer over web1 and web2 (no monitor), ACTIVE. */
async function createWebLoadBalancer(prefix: string): Promise<LoadBalancer> {
  const [web1, web2] = [await instance("web1"), await instance("web2")];
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
  await activeLoadBalancer(created.id);
  return created;
}

async function openList(): Promise<Locator> {
  await page.goto("/project/network/load-balancers");
  const table = page.getByRole("table", { name: "Load Balancers" });
  await table.and(page.locator('[aria-busy="false"]')).waitFor();
  await page.locator('[data-testid="live-indicator"][data-feed-status="pending"]').waitFor();
  return table;
}

async function rowAction(row: Locator, name: string, action: string) {
  await row.getByRole("button", { name: `More actions for ${name}` }).click();
  await page.getByRole("menu", { name: `Actions for ${name}` }).getByRole("menuitem", { name: action }).click();
}

describe("load balancer list actions", () => {
  it("associates a floating IP allocated from public, serves the members through it, then disassociates it and keeps it allocated", async () => {
    const lb = await createWebLoadBalancer("e2e-fip");
    const table = await openList();
    const row = table.locator(`tbody tr[data-row-key="${lb.id}"]`);
    const fipCell = row.getByTestId("floating-ip");
    expect(await fipCell.textContent()).toBe("-");

    await rowAction(row, lb.name, "Associate Floating IP");
    const dialog = page.getByRole("dialog", { name: "Associate Floating IP" });
    const select = dialog.getByLabel("Floating IP address or pool");
    await select.locator("optgroup[label='Pools'] option", { hasText: "public" }).waitFor({ state: "attached" });
    await select.selectOption({ label: "Allocate a new address from public" });
    await dialog.getByRole("button", { name: "Associate" }).click();
    await page.getByRole("status").getByText(/Allocated floating IP [\d.]+ and associated it with load balancer/).waitFor();

    // The list shows the new address in the row; the API agrees.
    await expect.poll(() => fipCell.textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const address = (await fipCell.textContent()) ?? "";
    const fip = (await trpcQuery<FloatingIp[]>("floatingIp.list")).find((f) => f.floating_ip_address === address);
    expect(fip?.port_id).toBe(lb.vip_port_id);
    await screenshot(page, "list-floating-ip");

    // Traffic to the floating IP reaches both members once the amphora binds it.
    await activeLoadBalancer(lb.id);
    const seen = new Set<string>();
    await until(
      `http://${address}/ answering web1 and web2`,
      async () => {
        const body = await httpGet(address);
        if (body.startsWith("200 ")) seen.add(body.slice(4));
        return [...seen].sort();
      },
      (names) => names.includes("web1") && names.includes("web2"),
    );

    // Disassociate, confirmed: the address leaves the row but stays allocated.
    await rowAction(row, lb.name, "Disassociate Floating IP");
    const confirm = page.getByRole("dialog", { name: "Confirm Disassociate Floating IP" });
    await confirm.getByText("stays allocated").waitFor();
    await confirm.getByRole("button", { name: "Disassociate" }).click();
    await page.getByRole("status").getByText(`Disassociated floating IP ${address}`).waitFor();
    await expect.poll(() => fipCell.textContent(), { timeout: UI_TIMEOUT_MS }).toBe("-");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Floating IPs" }).click();
    const fips = page.getByRole("table", { name: "Floating IPs" });
    const fipRow = fips.locator("tbody tr", { has: page.getByRole("cell", { name: address, exact: true }) });
    await fipRow.locator('[data-status="DOWN"]').waitFor();
    expect(await fipRow.getByRole("cell").nth(2).textContent()).toBe("-");
    await screenshot(page, "floating-ips");
  });

  it("associates from the Floating IPs page with an instance port, and releases the address", async () => {
    await page.goto("/project/network/floating-ips");
    await page.getByRole("button", { name: "Allocate IP To Project" }).click();
    const allocate = page.getByRole("dialog", { name: "Allocate Floating IP" });
    await allocate.getByLabel("Pool").selectOption({ label: "public" });
    await allocate.getByRole("button", { name: "Allocate IP" }).click();
    const toast = page.getByRole("status").getByText(/Allocated floating IP [\d.]+/);
    await toast.waitFor();
    const address = ((await toast.textContent()) ?? "").match(/(\d+\.\d+\.\d+\.\d+)/)?.[1] ?? "";
    const fips = page.getByRole("table", { name: "Floating IPs" });
    const fipRow = fips.locator("tbody tr", { has: page.getByRole("cell", { name: address, exact: true }) });

    await fipRow.getByRole("button", { name: "Associate" }).click();
    const dialog = page.getByRole("dialog", { name: "Associate Floating IP" });
    const web3 = await instance("web3");
    await dialog.getByLabel("Port to be associated").selectOption({ label: `web3: ${web3.fixed_ip}` });
    await dialog.getByRole("button", { name: "Associate" }).click();
    await fipRow.getByRole("cell", { name: "Instance web3" }).waitFor();
    await fipRow.getByRole("cell", { name: web3.fixed_ip, exact: true }).waitFor();

    await rowAction(fipRow, address, "Release Floating IP");
    const confirm = page.getByRole("dialog", { name: "Confirm Release Floating IP" });
    await confirm.getByText("associated with instance web3").waitFor();
    await confirm.getByRole("button", { name: "Release Floating IP" }).click();
    await page.getByRole("status").getByText(`Released floating IP ${address}`).waitFor();
    await fipRow.waitFor({ state: "detached" });
  });

  it("edits (a write refused by the status lock is a toast over the form, which keeps what was typed) and searches by name", async () => {
    const lb = await createWebLoadBalancer("e2e-edit");
    const table = await openList();
    const row = table.locator(`tbody tr[data-row-key="${lb.id}"]`);
    await row.getByRole("button", { name: "Edit Load Balancer" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit Load Balancer" });
    const description = dialog.getByLabel("Description");
    await description.fill("x".repeat(256));
    await dialog.getByText("description must be at most 255 characters").waitFor();
    await description.fill("edited from the list");

    // Someone else's change locks the load balancer while our write (Enter in the form) is on its
    // way: the write is held until a listener change has been accepted (the controller reloads
    // HAProxy for it, which keeps the load balancer PENDING_UPDATE for a moment), then let
    // through, and refused. Later writes pass as they are.
    const listenerId = (await trpcQuery<{ listeners: Array<{ id: string }> }>("loadBalancer.get", { id: lb.id })).listeners[0]?.id;
    let lockFirst = true;
    await page.route("**/api/trpc/loadBalancer.update**", async (route) => {
      if (lockFirst) {
        lockFirst = false;
        await trpcMutation("listener.update", { id: listenerId, connection_limit: 5000 });
      }
      await route.continue();
    });
    await description.press("Enter");
    const refusal = page.getByRole("status").locator('[data-tone="error"]', { hasText: `Invalid state PENDING_UPDATE of loadbalancer resource ${lb.id}` });
    await refusal.waitFor();
    expect(await description.inputValue()).toBe("edited from the list");
    await screenshot(page, "conflict-toast");

    // Once it is ACTIVE again, the same form goes through.
    await activeLoadBalancer(lb.id);
    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await page.getByRole("status").getByText(`Updated load balancer ${lb.name}`).waitFor();
    await dialog.waitFor({ state: "hidden" });
    await row.getByRole("cell", { name: "edited from the list" }).waitFor();
    await row.locator('[data-status="ACTIVE"]').waitFor();

    // The search goes to the server (once typing pauses) and matches the name in any case.
    await page.getByLabel("Search load balancers").fill(lb.name.toUpperCase());
    await expect.poll(() => table.locator("tbody tr[data-row-key]").count()).toBe(1);
    await page.getByLabel("Search load balancers").fill("no-such-name");
    await table.getByText('No load balancer matches "no-such-name"').waitFor();
  });

  it("deletes with cascade from the list: refused without it, then the row and the HAProxy are gone", async () => {
    const lb = await createWebLoadBalancer("e2e-delete");
    await until(`the VIP ${lb.vip_address} answering`, () => httpGet(lb.vip_address), (body) => body.startsWith("200 "));
    const table = await openList();
    const row = table.locator(`tbody tr[data-row-key="${lb.id}"]`);
    await row.getByRole("checkbox", { name: `Select ${lb.name}` }).check();
    await page.getByRole("button", { name: "Delete Load Balancers (1)" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm Delete Load Balancer" });
    await dialog.getByText(lb.name).first().waitFor();

    // Without cascade the server refuses (it has a listener and a pool) and says why.
    await dialog.getByRole("button", { name: "Delete Load Balancer" }).click();
    await dialog.getByRole("alert").getByText(`Cannot delete Load Balancer ${lb.id} - it has children`).waitFor();

    await dialog.getByLabel("Delete all children (cascade)").check();
    await dialog.getByRole("button", { name: "Delete Load Balancer" }).click();
    await page.getByRole("status").getByText(`Scheduled deletion of load balancer ${lb.name}`).waitFor();
    await row.waitFor({ state: "detached", timeout: 30_000 });

    const gone = await until("the load balancer gone", () => trpcCall("loadBalancer.get", { id: lb.id }), (a) => a.status !== 200);
    expect(gone.error?.data.code).toBe("NOT_FOUND");
    await until(`the VIP ${lb.vip_address} silent`, () => httpGet(lb.vip_address), (body) => body.startsWith("failed"));
  });
});
