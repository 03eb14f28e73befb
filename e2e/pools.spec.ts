import type { Locator, Page } from "@playwright/test";
import { issueCertificate } from "../server/keymanager/issue";
import type { Api } from "./api";
import { createLoadBalancer, instanceNamed, type LoadBalancer, loadBalancerOnceActive, reach, uniqueName, webListener } from "./cloud";
import { expect, test } from "./fixtures";
import { detailValue, expectInvalid, fieldIn, liveIndicator, rowAction } from "./pages";
import { expectServedBy } from "./traffic";

// Pools managed from the dashboard, against the started production server: Create Pool on the
// load balancer's Pools tab (as a listener's default pool), Edit Pool and Delete Pool from the
// row and from the pool's page, a TCP pool that is never offered cookie persistence (and the
// API's refusal of one), a pool re-encrypting to the instances' HTTPS (TLS Enabled and its CA in
// Create and Edit Pool), and a listener deleted together with its default pool.

interface Pool {
  id: string;
  name: string;
  description: string;
  protocol: string;
  lb_algorithm: string;
  session_persistence: { type: string; cookie_name: string | null } | null;
  admin_state_up: boolean;
  provisioning_status: string;
  listeners: Array<{ id: string }>;
  members: Array<{ id: string }>;
  healthmonitor_id: string | null;
  tls_enabled: boolean;
  ca_tls_container_ref: string | null;
  tls_versions: string[] | null;
}
interface Listener {
  id: string;
  name: string;
  default_pool_id: string | null;
}

const poolsOf = async (api: Api, lb: LoadBalancer) => (await api.query<{ items: Pool[] }>("pool.list", { loadbalancer_id: lb.id })).items;
const listenersOf = async (api: Api, lb: LoadBalancer) => (await api.query<{ items: Listener[] }>("listener.list", { loadbalancer_id: lb.id })).items;

/** An HTTP:80 listener "http-in" with pool "web-pool" (web1, web2, an HTTP monitor) and a TCP:8080 listener "tcp-in" with none. */
async function webAndTcp(api: Api, prefix: string): Promise<LoadBalancer> {
  const tcpIn = { name: "tcp-in", protocol: "TCP", protocol_port: 8080 };
  return createLoadBalancer(api, prefix, { listeners: [await webListener(api, { named: true, monitor: true }), tcpIn] });
}

/** The load balancer's page on one of its tabs, with the status stream open. */
async function openTab(page: Page, lb: LoadBalancer, tab: "Listeners" | "Pools"): Promise<Locator> {
  await page.goto(`/project/network/load-balancers/${lb.id}`);
  await expect(liveIndicator(page)).toBeAttached();
  await page.getByRole("tablist", { name: "Load balancer details" }).getByRole("tab", { name: new RegExp(`^${tab}`) }).click();
  const table = page.getByRole("table", { name: tab });
  await expect(table).toHaveAttribute("aria-busy", "false");
  return table;
}

const rowNamed = (table: Locator, name: string) => table.locator("tbody tr", { has: table.page().getByRole("link", { name, exact: true }) });
const optionsOf = (select: Locator) => select.locator("option").allTextContents();

test.describe("pools from the dashboard", () => {
  test("creates a pool for a listener, edits it and deletes it, each from the Pools tab", async ({ page, api, saveScreenshot }) => {
    const lb = await webAndTcp(api, "e2e-pools");
    const tcpIn = (await listenersOf(api, lb)).find((l) => l.name === "tcp-in");
    const pools = await openTab(page, lb, "Pools");
    await expect(rowNamed(pools, "web-pool")).toBeVisible();

    await page.getByRole("tabpanel").getByRole("button", { name: "Create Pool" }).click();
    const create = page.getByRole("dialog", { name: "Create Pool" });
    const field = (label: string) => fieldIn(create, label);
    // Only a listener without a default pool is offered.
    expect(await optionsOf(field("Listener"))).toEqual(["None (no listener sends traffic to it yet)", "tcp-in (TCP:8080)"]);
    const name = uniqueName("tcp-pool");
    await field("Name").fill(name);
    await field("Listener").selectOption({ label: "tcp-in (TCP:8080)" });
    expect(await optionsOf(field("Protocol"))).toEqual(["HTTP", "HTTPS", "TCP", "PROXY", "PROXYV2"]);
    await field("Protocol").selectOption("TCP");
    await field("Algorithm").selectOption("SOURCE_IP");
    await saveScreenshot("pool-create");
    await create.getByRole("button", { name: "Create Pool" }).click();
    await expect(create).toBeHidden();
    await expect(page.getByRole("status").getByText(`Created pool ${name}`)).toBeVisible();

    const row = rowNamed(pools, name);
    await expect(row.locator('[data-status="ACTIVE"]')).toBeVisible();
    await expect(row.getByRole("link", { name: "tcp-in" })).toBeVisible();
    await expect(page.getByRole("tab", { name: "Pools (2)" })).toBeVisible();
    const created = (await poolsOf(api, lb)).find((p) => p.name === name);
    expect(created).toMatchObject({ protocol: "TCP", lb_algorithm: "SOURCE_IP", session_persistence: null, listeners: [{ id: tcpIn?.id }] });

    await row.getByRole("button", { name: "Edit Pool" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Pool" });
    await expect(fieldIn(edit, "Protocol")).toBeDisabled();
    await fieldIn(edit, "Description").fill("edited from the row");
    await fieldIn(edit, "Algorithm").selectOption("LEAST_CONNECTIONS");
    await fieldIn(edit, "Session Persistence").selectOption("SOURCE_IP");
    await edit.getByLabel("Admin State Up").uncheck();
    await edit.getByRole("button", { name: "Save Changes" }).click();
    await expect(edit).toBeHidden();
    await expect(row.getByText("LEAST_CONNECTIONS")).toBeVisible();
    await expect
      .poll(async () => (await api.query<Pool>("pool.get", { id: created?.id })).provisioning_status, { message: "the edit applied" })
      .toBe("ACTIVE");
    expect(await api.query<Pool>("pool.get", { id: created?.id })).toMatchObject({
      description: "edited from the row",
      lb_algorithm: "LEAST_CONNECTIONS",
      session_persistence: { type: "SOURCE_IP" },
      admin_state_up: false,
    });

    await rowAction(page, row, name, "Delete Pool");
    const confirm = page.getByRole("dialog", { name: "Confirm Delete Pool" });
    await expect(confirm).toContainText("It has no members or health monitor. Listener tcp-in loses its default pool");
    await saveScreenshot("pool-delete");
    await confirm.getByRole("button", { name: "Delete Pool" }).click();
    await expect(row).toHaveCount(0);
    await expect.poll(async () => (await poolsOf(api, lb)).map((p) => p.name), { message: "the pool is gone" }).toEqual(["web-pool"]);
    await expect.poll(async () => (await listenersOf(api, lb)).find((l) => l.name === "tcp-in")?.default_pool_id).toBeNull();
  });

  test("edits a pool and deletes it with its members and monitor from the pool's page", async ({ page, api }) => {
    const lb = await webAndTcp(api, "e2e-pool-page");
    const webPool = (await poolsOf(api, lb)).find((p) => p.name === "web-pool") as Pool;
    await page.goto(`/project/network/load-balancers/${lb.id}/pools/${webPool.id}`);
    await expect(page.getByRole("heading", { level: 1, name: "web-pool" })).toBeVisible();
    await expect(liveIndicator(page)).toBeAttached();

    await page.getByRole("button", { name: "Edit Pool" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Pool" });
    // An HTTP pool is offered every type; APP_COOKIE asks for the cookie, and says what is wrong in the form's words.
    expect(await optionsOf(fieldIn(edit, "Session Persistence"))).toEqual(["None", "SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"]);
    await fieldIn(edit, "Session Persistence").selectOption("APP_COOKIE");
    await fieldIn(edit, "Cookie Name").fill("my cookie");
    await expectInvalid(fieldIn(edit, "Cookie Name"), "Supplied Cookie Name is invalid.");
    await fieldIn(edit, "Cookie Name").fill("JSESSIONID");
    await edit.getByRole("button", { name: "Save Changes" }).click();
    await expect(edit).toBeHidden();
    await expect(page.getByRole("region", { name: "Pool Details" }).getByText("APP_COOKIE (cookie JSESSIONID)")).toBeVisible();

    await page.getByRole("button", { name: "Delete Pool" }).click();
    const confirm = page.getByRole("dialog", { name: "Confirm Delete Pool" });
    await expect(confirm).toContainText("Its 2 members and its health monitor are deleted with it. Listener http-in loses its default pool");
    await confirm.getByRole("button", { name: "Delete Pool" }).click();
    await expect(page).toHaveURL(new RegExp(`/load-balancers/${lb.id}(\\?.*)?$`));
    await expect.poll(async () => (await poolsOf(api, lb)).length, { message: "the pool is gone" }).toBe(0);
    expect((await api.call("healthMonitor.get", { id: webPool.healthmonitor_id })).status).toBe(404);
  });

  test("re-encrypts to the instances' HTTPS: Create Pool with TLS verifies against the chosen CA, Edit Pool drops it", async ({ page, api, saveScreenshot }) => {
    const web1 = await instanceNamed(api, "web1");
    const lb = await createLoadBalancer(api, "e2e-pool-tls", { listeners: [{ name: "http-in", protocol: "HTTP", protocol_port: 80 }] });
    // A CA that did not sign the instances' certificates (the demo cloud's own CA did).
    const otherCa = uniqueName("other-ca");
    await api.mutation("secret.create", { name: otherCa, payload: issueCertificate({ cn: "E2E Other CA", ca: true }).cert, payload_content_type: "text/plain" });

    await openTab(page, lb, "Pools");
    await page.getByRole("tabpanel").getByRole("button", { name: "Create Pool" }).click();
    const create = page.getByRole("dialog", { name: "Create Pool" });
    const name = uniqueName("tls-pool");
    await fieldIn(create, "Name").fill(name);
    await fieldIn(create, "Listener").selectOption({ label: "http-in (HTTP:80)" });
    await expect(fieldIn(create, "CA Certificate")).toHaveCount(0);
    await create.getByLabel("TLS Enabled").check();
    const ca = fieldIn(create, "CA Certificate");
    const caOption = ca.locator("option", { hasText: otherCa });
    await expect(caOption).toBeAttached();
    await ca.selectOption({ label: (await caOption.textContent()) ?? "" });
    // Octavia's default versions start checked.
    await expect(create.getByRole("group", { name: "TLS Versions" }).getByLabel("TLSv1.3")).toBeChecked();
    await expect(create.getByRole("group", { name: "TLS Versions" }).getByLabel("TLSv1.1")).not.toBeChecked();
    await saveScreenshot("pool-create-tls");
    await create.getByRole("button", { name: "Create Pool" }).click();
    await expect(create).toBeHidden();
    const pool = (await poolsOf(api, lb)).find((p) => p.name === name) as Pool;
    expect(pool).toMatchObject({ tls_enabled: true, ca_tls_container_ref: expect.stringContaining("/key-manager/v1/secrets/"), tls_versions: ["TLSv1.2", "TLSv1.3"] });

    // web1's HTTPS port, checked over TLS (an HTTPS monitor): verified against the wrong CA, it is refused.
    await loadBalancerOnceActive(api, lb.id);
    await api.mutation("healthMonitor.create", { pool_id: pool.id, type: "HTTPS", delay: 1, timeout: 1, max_retries: 1, max_retries_down: 1 });
    await loadBalancerOnceActive(api, lb.id);
    const member = await api.mutation<{ id: string }>("member.create", { pool_id: pool.id, address: web1.fixed_ip, protocol_port: 443 });
    const memberStatus = async () => (await api.query<{ operating_status: string }>("member.get", { id: member.id })).operating_status;
    await expect.poll(memberStatus, { message: "web1 refused: the CA did not sign its certificate", timeout: 30_000 }).toBe("ERROR");

    await page.goto(`/project/network/load-balancers/${lb.id}/pools/${pool.id}`);
    await expect(liveIndicator(page)).toBeAttached();
    const details = page.getByRole("region", { name: "Pool Details" });
    await expect(detailValue(details, "TLS Enabled")).toHaveText("Yes");
    await expect(detailValue(details, "CA Certificate")).toContainText(otherCa);
    await expect(detailValue(details, "TLS Versions")).toHaveText("TLSv1.2, TLSv1.3");

    await page.getByRole("button", { name: "Edit Pool" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Pool" });
    await expect(edit.getByLabel("TLS Enabled")).toBeChecked();
    await expect(fieldIn(edit, "CA Certificate")).toHaveValue(pool.ca_tls_container_ref ?? "");
    await fieldIn(edit, "CA Certificate").selectOption("");
    await edit.getByRole("button", { name: "Save Changes" }).click();
    await expect(edit).toBeHidden();
    await expect(detailValue(details, "CA Certificate")).toHaveText("None (members are not verified)");
    // Unverified, the TLS connection to web1's HTTPS goes through: only TLS gets an answer on 443.
    await expect.poll(memberStatus, { message: "web1 ONLINE once not verified", timeout: 30_000 }).toBe("ONLINE");
    await expectServedBy(await reach(api, lb), ["web1"]);
    expect(await api.query<Pool>("pool.get", { id: pool.id })).toMatchObject({ tls_enabled: true, ca_tls_container_ref: null });
  });

  test("offers a TCP pool no cookie persistence, and the API refuses one naming the types it allows", async ({ page, api }) => {
    const lb = await webAndTcp(api, "e2e-tcp-persistence");
    await openTab(page, lb, "Pools");
    await page.getByRole("tabpanel").getByRole("button", { name: "Create Pool" }).click();
    const create = page.getByRole("dialog", { name: "Create Pool" });
    const persistence = fieldIn(create, "Session Persistence");

    await fieldIn(create, "Protocol").selectOption("HTTP");
    await persistence.selectOption("HTTP_COOKIE");
    await fieldIn(create, "Protocol").selectOption("TCP");
    // The cookie choice does not survive the change: a TCP pool never has one.
    await expect(persistence).toHaveValue("");
    expect(await optionsOf(persistence)).toEqual(["None", "SOURCE_IP"]);
    await expect(persistence).toHaveAccessibleDescription(/TCP pools allow SOURCE_IP/);
    await create.getByRole("button", { name: "Cancel" }).click();

    for (const type of ["HTTP_COOKIE", "APP_COOKIE"]) {
      const refused = await api.call("pool.create", {
        loadbalancer_id: lb.id,
        protocol: "TCP",
        lb_algorithm: "ROUND_ROBIN",
        session_persistence: { type, ...(type === "APP_COOKIE" && { cookie_name: "SESSIONID" }) },
      }, { mutation: true });
      expect(refused.status, type).toBe(400);
      expect(refused.error?.message).toBe(`Session persistence of type ${type} is not supported for TCP protocol pools; they allow SOURCE_IP.`);
    }
    expect((await poolsOf(api, lb)).map((p) => p.name)).toEqual(["web-pool"]);
  });
});

test.describe("the Create Pool button at the pool quota", () => {
  let resetProject: string | null = null;
  test.afterEach(async ({ api }) => {
    if (resetProject) await api.mutation("quota.reset", { project_id: resetProject }, { as: "admin" });
    resetProject = null;
  });

  test("is disabled and reads Quota exceeded once the project has used its pool quota", async ({ page, api }) => {
    const lb = await webAndTcp(api, "e2e-pool-quota");
    const me = await api.query<{ project: { id: string } }>("auth.me");
    const used = (await api.query<Record<string, { limit: number; used: number }>>("quota.usage")).pool?.used ?? 0;
    resetProject = me.project.id;
    await api.mutation("quota.update", { project_id: me.project.id, quota: { pool: used } }, { as: "admin" });

    await openTab(page, lb, "Pools");
    const button = page.getByRole("tabpanel").getByRole("button", { name: /Create Pool/ });
    await expect(button).toHaveText("+ Create Pool (Quota exceeded)");
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute("title", `Pools: ${used} of ${used} used`);
  });
});

test.describe("deleting a listener", () => {
  test("deletes its default pool after it when asked, and leaves it otherwise", async ({ page, api, saveScreenshot }) => {
    const [web1, web2] = [await instanceNamed(api, "web1"), await instanceNamed(api, "web2")];
    const listener = (name: string, port: number, pool: string, web: typeof web1) => ({
      name,
      protocol: "HTTP",
      protocol_port: port,
      default_pool: { name: pool, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", members: [{ address: web.fixed_ip, protocol_port: 80 }] },
    });
    const lb = await createLoadBalancer(api, "e2e-listener-pool", { listeners: [listener("first", 80, "first-pool", web1), listener("second", 81, "second-pool", web2)] });
    const listeners = await openTab(page, lb, "Listeners");

    await rowAction(page, rowNamed(listeners, "first"), "first", "Delete Listener");
    const confirm = page.getByRole("dialog", { name: "Confirm Delete Listener" });
    const withPool = confirm.getByLabel("Also delete its default pool first-pool");
    await expect(withPool).not.toBeChecked();
    await expect(confirm).toContainText("Its default pool first-pool stays on the load balancer.");
    await withPool.check();
    await expect(confirm).toContainText("After the listener, pool first-pool is deleted. Its member is deleted with it.");
    await saveScreenshot("listener-delete-with-pool");
    await confirm.getByRole("button", { name: "Delete Listener" }).click();
    await expect(confirm).toBeHidden({ timeout: 30_000 });
    await expect(page.getByRole("status").getByText("Scheduled deletion of listener first and its default pool first-pool")).toBeVisible();
    await expect.poll(async () => (await poolsOf(api, lb)).map((p) => p.name), { message: "first-pool went after its listener" }).toEqual(["second-pool"]);
    expect((await listenersOf(api, lb)).map((l) => l.name)).toEqual(["second"]);

    // From the listener's page, with the box left unticked: its pool stays.
    const second = (await listenersOf(api, lb))[0] as Listener;
    await page.goto(`/project/network/load-balancers/${lb.id}/listeners/${second.id}`);
    await expect(liveIndicator(page)).toBeAttached();
    await page.getByRole("button", { name: "Delete Listener" }).click();
    await page.getByRole("dialog", { name: "Confirm Delete Listener" }).getByRole("button", { name: "Delete Listener" }).click();
    await expect(page).toHaveURL(new RegExp(`/load-balancers/${lb.id}(\\?.*)?$`));
    await expect.poll(async () => (await listenersOf(api, lb)).length, { message: "the listener is gone" }).toBe(0);
    expect((await poolsOf(api, lb)).map((p) => p.name)).toEqual(["second-pool"]);
  });
});
