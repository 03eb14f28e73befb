import type { Locator, Page } from "@playwright/test";
import { floatingIpOnceActive, instanceNamed, type LoadBalancer, reach, type Subnet, subnetNamed, uniqueName } from "./cloud";
import { expect, test } from "./fixtures";
import {
  countNavigations,
  detailValue,
  expectFocusOnInvalidField,
  expectInvalid,
  expectLoaded,
  expectNoRequest,
  fieldIn,
  LOAD_BALANCERS,
  liveIndicator,
  openLoadBalancers,
} from "./pages";
import { expectServedBy, httpGet } from "./traffic";
import type { Api } from "./api";

// The Create Load Balancer wizard against the started production server: the whole tree in one
// graph create, inline validation that keeps bad input from the API, the instance list filtered
// by the chosen subnet, and the classic flow end to end (wizard, floating IP, traffic through it,
// a member's instance stopped and started). The API is read with plain fetch; traffic comes from
// the test process, outside the cloud, through the load balancer's floating IP.

interface StatusTree {
  loadbalancer: {
    operating_status: string;
    listeners: Array<{ pools: Array<{ members: Array<{ address: string; operating_status: string }> }> }>;
  };
}

const loadBalancers = async (api: Api) => (await api.query<{ items: LoadBalancer[] }>("loadBalancer.list", { limit: 1000 })).items;

const dialogOf = (page: Page) => page.getByRole("dialog", { name: "Create Load Balancer" });
const stepButton = (page: Page, title: string) => dialogOf(page).getByRole("navigation", { name: "Wizard steps" }).getByRole("button", { name: title });
const field = (page: Page, label: string) => fieldIn(dialogOf(page), label);
const isCreate = (url: string) => url.includes("loadBalancer.create");

async function openWizard(page: Page) {
  await openLoadBalancers(page);
  await page.getByRole("button", { name: "Create Load Balancer" }).click();
  await expect(dialogOf(page).getByRole("heading", { name: "Load Balancer Details" })).toBeVisible();
}

async function chooseSubnet(page: Page, subnet: Subnet) {
  const select = field(page, "Subnet");
  await expect(select.locator(`option[value="${subnet.id}"]`)).toBeAttached();
  await select.selectOption(subnet.id);
}

async function goToStep(page: Page, title: string) {
  await stepButton(page, title).click();
  await expect(dialogOf(page).getByRole("heading", { name: title })).toBeVisible();
}

/** The names in the Available Instances table, once it shows an answer. */
async function availableInstanceNames(page: Page): Promise<string[]> {
  const table = dialogOf(page).getByRole("table", { name: "Available Instances" });
  await expectLoaded(table);
  return (await table.locator("tbody tr td:first-child").allTextContents()).map((t) => t.trim());
}

test.describe("Create Load Balancer wizard", () => {
  test("creates a load balancer with listener, pool, two members and a monitor that serves both members", async ({ page, api, saveScreenshot }) => {
    const subnet = await subnetNamed(api, "selfservice-subnet");
    const dialog = dialogOf(page);
    await openLoadBalancers(page);
    const navigations = countNavigations(page);
    const creates: string[] = [];
    page.on("request", (req) => {
      if (isCreate(req.url())) creates.push(req.method());
    });

    await page.getByRole("button", { name: "Create Load Balancer" }).click();
    await expect(dialog.getByRole("heading", { name: "Load Balancer Details" })).toBeVisible();
    const name = uniqueName("wiz");
    await field(page, "Name").fill(name);
    await field(page, "Description").fill("made by the wizard e2e test");
    await chooseSubnet(page, subnet);
    // The demo cloud's host stands in zone az1, which the wizard offers beside "any".
    const zone = field(page, "Availability Zone");
    await expect(zone.locator('option[value="az1"]')).toBeAttached();
    await zone.selectOption("az1");
    await saveScreenshot("wizard-1-details");
    await dialog.getByRole("button", { name: "Next" }).click();

    await expect(dialog.getByRole("heading", { name: "Listener Details" })).toBeVisible();
    await expect(field(page, "Protocol")).toHaveValue("HTTP");
    await expect(field(page, "Port")).toHaveValue("80");
    await expect(field(page, "Connection Limit")).toHaveValue("-1");
    // Unsupported protocols are shown, disabled, with the reason.
    const udp = field(page, "Protocol").locator('option[value="UDP"]');
    await expect(udp).toBeDisabled();
    await expect(udp).toContainText("LVS");
    await field(page, "Name").fill(`${name}-listener`);
    await saveScreenshot("wizard-2-listener");
    await dialog.getByRole("button", { name: "Next" }).click();

    await expect(dialog.getByRole("heading", { name: "Pool Details" })).toBeVisible();
    await expect(field(page, "Algorithm")).toHaveValue("ROUND_ROBIN");
    await expect(field(page, "Algorithm").locator('option[value="SOURCE_IP_PORT"]')).toBeDisabled();
    await expect(field(page, "Protocol")).toHaveValue("HTTP");
    await saveScreenshot("wizard-3-pool");
    await dialog.getByRole("button", { name: "Next" }).click();

    await expect(dialog.getByRole("heading", { name: "Pool Members" })).toBeVisible();
    expect(await availableInstanceNames(page)).toEqual(["web1", "web2", "web3"]);
    await dialog.getByRole("button", { name: "Add web1" }).click();
    await dialog.getByRole("button", { name: "Add web2" }).click();
    const allocated = dialog.getByRole("table", { name: "Allocated Members" });
    await expect(allocated.getByRole("cell", { name: "web2", exact: true })).toBeVisible();
    await expect(field(page, "Port of web1")).toHaveValue("80");
    await expect(field(page, "Weight of web2")).toHaveValue("1");
    await expect.poll(() => availableInstanceNames(page)).toEqual(["web3"]);
    await saveScreenshot("wizard-4-members");
    await dialog.getByRole("button", { name: "Next" }).click();

    await expect(dialog.getByRole("heading", { name: "Monitor Details" })).toBeVisible();
    await expect(field(page, "Type")).toHaveValue("HTTP");
    const types = field(page, "Type").locator("option");
    await expect(types.filter({ hasText: /^UDP-CONNECT$/ })).toHaveCount(0);
    await expect(types.filter({ hasText: /^SCTP$/ })).toHaveCount(0);
    // The e2e server runs with ALLOW_PING_HEALTH_MONITORS unset: the API refuses PING, so the form does not offer it.
    await expect(types.filter({ hasText: /^PING$/ })).toHaveCount(0);
    await field(page, "Delay (sec)").fill("1");
    await field(page, "Timeout (sec)").fill("1");
    await field(page, "Max Retries").fill("2");
    await expect(field(page, "URL Path")).toHaveValue("/");
    await saveScreenshot("wizard-5-monitor");
    // Hold the create call to see the button disabled while it runs; a double click sends once.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/trpc/loadBalancer.create**", async (route) => {
      await held;
      await route.continue();
    });
    const createButton = dialog.getByRole("button", { name: "Create Load Balancer" });
    await createButton.dblclick();
    await expect(createButton).toBeDisabled();
    await expect(createButton).toHaveAttribute("aria-busy", "true");
    release();

    await expect(dialog).not.toBeAttached();
    await expect(page.getByRole("status").getByText(`Created load balancer ${name}`)).toBeVisible();
    expect(creates, "one graph-create call").toEqual(["POST"]);

    const table = page.getByRole("table", { name: "Load Balancers" });
    const row = table.locator("tbody tr", { has: page.getByRole("cell", { name, exact: true }) });
    await expect(row.locator('[data-status="ACTIVE"]').first()).toBeVisible();
    expect(navigations(), "the page was not reloaded or navigated").toBe(0);
    await saveScreenshot("wizard-6-created");

    const lb = (await loadBalancers(api)).find((x) => x.name === name);
    expect(lb).toBeDefined();
    if (!lb) return;
    expect(lb.availability_zone).toBe("az1");
    await expect(row.getByText(lb.vip_address, { exact: true })).toBeVisible();
    // Both members pass their checks (delay 1 s, rise 2) before traffic is spread over both.
    await expect
      .poll(
        async () => {
          const tree = await api.query<StatusTree>("loadBalancer.statusTree", { id: lb.id });
          return (tree.loadbalancer.listeners[0]?.pools[0]?.members ?? []).map((m) => m.operating_status);
        },
        { message: "both members ONLINE", timeout: 20_000 },
      )
      .toEqual(["ONLINE", "ONLINE"]);

    const address = await reach(api, lb);
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`http://${address}/`, { headers: { connection: "close" } });
      expect(res.status).toBe(200);
      seen.push((await res.text()).trim());
    }
    expect(new Set(seen)).toEqual(new Set(["web1", "web2"]));
  });

  test("shows port 0, a url path without '/' and a cookie name with a space inline, and creates nothing", async ({ page, api, saveScreenshot }) => {
    const subnet = await subnetNamed(api, "selfservice-subnet");
    const before = (await loadBalancers(api)).length;
    const creates: string[] = [];
    page.on("request", (req) => {
      if (isCreate(req.url())) creates.push(req.url());
    });
    await openWizard(page);
    const name = uniqueName("wiz-invalid");
    await field(page, "Name").fill(name);
    await chooseSubnet(page, subnet);

    await goToStep(page, "Listener Details");
    await field(page, "Port").fill("0");
    await expectInvalid(field(page, "Port"), "Port must be between 1 and 65535");

    await goToStep(page, "Pool Details");
    await field(page, "Session Persistence").selectOption("APP_COOKIE");
    await field(page, "Cookie Name").fill("my cookie");
    await expectInvalid(field(page, "Cookie Name"), "Supplied Cookie Name is invalid.");

    await goToStep(page, "Monitor Details");
    await field(page, "URL Path").fill("health");
    await expectInvalid(field(page, "URL Path"), "The path must start with /, e.g. /health");
    // Horizon's rule, not the API's: the delay is at least the timeout.
    await field(page, "Timeout (sec)").fill("9");
    await expectInvalid(field(page, "Timeout (sec)"), "The timeout must be less than or equal to the delay.");
    await field(page, "Timeout (sec)").fill("5");

    await dialogOf(page).getByRole("button", { name: "Create Load Balancer" }).click();
    // Nothing is sent; the wizard goes to the first step with an error and marks each such step.
    await expect(dialogOf(page).getByRole("heading", { name: "Listener Details" })).toBeVisible();
    await expect(stepButton(page, "Listener Details")).toHaveAttribute("aria-current", "step");
    for (const [title, hasErrors] of [
      ["Load Balancer Details", false],
      ["Listener Details", true],
      ["Pool Details", true],
      ["Pool Members", false],
      ["Monitor Details", true],
    ] as const) {
      if (hasErrors) await expect(stepButton(page, title), title).toHaveAttribute("data-has-errors", "true");
      else await expect(stepButton(page, title), title).not.toHaveAttribute("data-has-errors");
    }
    await expectFocusOnInvalidField(page);
    await expect(field(page, "Port")).toHaveValue("0");
    await saveScreenshot("wizard-validation");

    await goToStep(page, "Load Balancer Details");
    await expect(field(page, "Name"), "what was typed is kept").toHaveValue(name);
    await expectNoRequest(page, (req) => isCreate(req.url()));
    expect(creates, "no create call was sent").toEqual([]);
    expect((await loadBalancers(api)).length).toBe(before);
  });

  test("shows a server error on its field, keeps the form, and creates once it is fixed", async ({ page, api, saveScreenshot }) => {
    const subnet = await subnetNamed(api, "selfservice-subnet");
    const before = (await loadBalancers(api)).length;
    await openWizard(page);
    const name = uniqueName("wiz-server");
    await field(page, "Name").fill(name);
    await chooseSubnet(page, subnet);
    // Inside the CIDR (so the form accepts it) but the subnet's gateway: only the server knows.
    const gateway = subnet.cidr.replace(/\.0\/24$/, ".1");
    await field(page, "IP Address").fill(gateway);
    await goToStep(page, "Monitor Details");
    await dialogOf(page).getByRole("button", { name: "Create Load Balancer" }).click();

    await expect(dialogOf(page).getByRole("heading", { name: "Load Balancer Details" })).toBeVisible();
    await expectInvalid(field(page, "IP Address"), `IP address ${gateway} is already allocated`);
    await expect(dialogOf(page).getByRole("alert").filter({ hasText: "Unable to create load balancer" })).toBeVisible();
    await expect(stepButton(page, "Load Balancer Details")).toHaveAttribute("data-has-errors", "true");
    await expect(field(page, "Name")).toHaveValue(name);
    await expect(field(page, "IP Address")).toHaveValue(gateway);
    expect((await loadBalancers(api)).length).toBe(before);
    await saveScreenshot("wizard-server-error");

    await field(page, "IP Address").fill("");
    await expect(field(page, "IP Address")).toHaveAttribute("aria-invalid", "false");
    await dialogOf(page).getByRole("button", { name: "Create Load Balancer" }).click();
    await expect(dialogOf(page)).not.toBeAttached();
    await expect(page.getByRole("table", { name: "Load Balancers" }).getByRole("cell", { name, exact: true })).toBeVisible();
    expect((await loadBalancers(api)).length).toBe(before + 1);
  });

  test("lists only the instances on the chosen subnet", async ({ page, api, saveScreenshot }) => {
    const backend = await subnetNamed(api, "backend-subnet");
    const selfservice = await subnetNamed(api, "selfservice-subnet");
    await openWizard(page);

    await chooseSubnet(page, backend);
    await goToStep(page, "Pool Members");
    const onBackend = await availableInstanceNames(page);
    expect(onBackend).toContain("db1");
    for (const web of ["web1", "web2", "web3"]) expect(onBackend).not.toContain(web);
    await saveScreenshot("wizard-members-backend-subnet");

    await goToStep(page, "Load Balancer Details");
    await chooseSubnet(page, selfservice);
    await goToStep(page, "Pool Members");
    await expect(dialogOf(page).getByRole("table", { name: "Available Instances" }).getByRole("cell", { name: "web1", exact: true })).toBeVisible();
    const onSelfservice = await availableInstanceNames(page);
    expect(onSelfservice).toEqual(expect.arrayContaining(["web1", "web2", "web3"]));
    expect(onSelfservice).not.toContain("db1");
  });
});

const statusIn = (scope: Locator, status: string) => scope.locator(`[data-status="${status}"]`).first();

/** `count` answers of GET / through `address`, one connection each, in order. */
async function answers(address: string, count: number): Promise<string[]> {
  const got: string[] = [];
  for (let i = 0; i < count; i++) got.push(await httpGet(address));
  return got;
}

test("the classic flow: a wizard-made load balancer over web1 and web2, a floating IP from the UI, round robin through it, and a stopped web2 seen as ERROR and DEGRADED until it is started again", async ({
  page,
  context,
  api,
  saveScreenshot,
}) => {
  test.setTimeout(180_000);
  const subnet = await subnetNamed(api, "selfservice-subnet");
  const dialog = dialogOf(page);

  // The wizard: a name, the subnet, web1 and web2 as members, a quick HTTP monitor; the rest as offered.
  await openWizard(page);
  const name = uniqueName("classic");
  await field(page, "Name").fill(name);
  await chooseSubnet(page, subnet);
  await goToStep(page, "Pool Members");
  await dialog.getByRole("button", { name: "Add web1" }).click();
  await dialog.getByRole("button", { name: "Add web2" }).click();
  await goToStep(page, "Monitor Details");
  await field(page, "Delay (sec)").fill("1");
  await field(page, "Timeout (sec)").fill("1");
  await field(page, "Max Retries").fill("2");
  await dialog.getByRole("button", { name: "Create Load Balancer" }).click();
  await expect(dialog).not.toBeAttached();
  await expect(page.getByRole("status").getByText(`Created load balancer ${name}`)).toBeVisible();
  const lb = (await api.query<{ items: LoadBalancer[] }>("loadBalancer.list", { limit: 1000 })).items.find((x) => x.name === name);
  expect(lb, "the wizard made the load balancer").toBeDefined();
  if (!lb) return;

  // Its page: ACTIVE, then a floating IP allocated from public and associated with the VIP.
  await page.goto(`${LOAD_BALANCERS}/${lb.id}`);
  await expect(liveIndicator(page)).toBeAttached();
  await expect(page.getByTestId("title-statuses").locator('[data-status="ACTIVE"]')).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Associate Floating IP", exact: true }).click();
  const associate = page.getByRole("dialog", { name: "Associate Floating IP" });
  await associate.getByLabel("Floating IP address or pool").selectOption({ label: "Allocate a new address from public" });
  await associate.getByRole("button", { name: "Associate" }).click();
  await expect(page.getByRole("status").getByText(/Allocated floating IP [\d.]+ and associated it with load balancer/)).toBeVisible({ timeout: 30_000 });
  const fipValue = detailValue(page.getByRole("region", { name: "Load Balancer Details" }), "Floating IP");
  await expect(fipValue).toHaveText(/^\d+\.\d+\.\d+\.\d+$/);
  const address = (await fipValue.textContent()) ?? "";

  // Project > Network > Floating IPs: DOWN until the router carries it, then ACTIVE (on a reload: the list is not live).
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Floating IPs" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/project/network/floating-ips");
  const fipRow = page.getByRole("table", { name: "Floating IPs" }).locator("tbody tr", { has: page.getByRole("cell", { name: address, exact: true }) });
  await expect(async () => {
    await page.reload();
    await expect(statusIn(fipRow, "ACTIVE")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(fipRow.getByRole("cell", { name: lb.vip_address, exact: true })).toBeVisible();
  await saveScreenshot("classic-floating-ip-active");
  expect((await floatingIpOnceActive(api, address)).port_id).toBe(lb.vip_port_id);

  // The pool's page: both members pass their checks; then requests to the floating IP take turns.
  const poolId = (await api.query<LoadBalancer>("loadBalancer.get", { id: lb.id })).pools[0]?.id;
  await page.goto(`${LOAD_BALANCERS}/${lb.id}/pools/${poolId}`);
  await expect(liveIndicator(page)).toBeAttached();
  const members = page.getByRole("table", { name: "Members" });
  const memberRow = (member: string) => members.locator("tbody tr", { has: page.getByRole("link", { name: member, exact: true }) });
  const parent = page.getByTestId("parent-loadbalancer-statuses");
  await expect(statusIn(memberRow("web1"), "ONLINE")).toBeVisible({ timeout: 30_000 });
  await expect(statusIn(memberRow("web2"), "ONLINE")).toBeVisible({ timeout: 30_000 });
  await expect(statusIn(parent, "ONLINE")).toBeVisible();
  const turns = await answers(address, 6);
  expect(turns.every((a) => /^200 web[12]$/.test(a)), turns.join(", ")).toBe(true);
  expect(
    turns.every((a, i) => i === 0 || a !== turns[i - 1]),
    `round robin alternates: ${turns.join(", ")}`,
  ).toBe(true);

  // web2 stopped on Project > Compute > Instances, in a second tab: the pool's page follows from the stream.
  const web2 = await instanceNamed(api, "web2");
  const instancesPage = await context.newPage();
  try {
    await instancesPage.goto("/project/compute/instances");
    const web2Row = instancesPage.getByRole("table", { name: "Instances" }).locator("tbody tr", { has: instancesPage.getByRole("cell", { name: "web2", exact: true }) });
    await web2Row.getByRole("button", { name: "Stop Instance" }).click();
    await instancesPage.getByRole("dialog", { name: "Confirm Stop Instance" }).getByRole("button", { name: "Stop Instance" }).click();
    await expect(statusIn(web2Row, "SHUTOFF")).toBeVisible();

    await expect(statusIn(memberRow("web2"), "ERROR")).toBeVisible({ timeout: 20_000 });
    await expect(statusIn(parent, "DEGRADED")).toBeVisible();
    await expect(statusIn(memberRow("web1"), "ONLINE")).toBeVisible();
    await saveScreenshot("classic-degraded");
    // Only web1 answers now, and every request still gets an answer.
    expect(await answers(address, 4)).toEqual(Array(4).fill("200 web1"));

    await web2Row.getByRole("button", { name: "Start Instance" }).click();
    await expect(statusIn(web2Row, "ACTIVE")).toBeVisible();
    await expect(statusIn(memberRow("web2"), "ONLINE")).toBeVisible({ timeout: 20_000 });
    await expect(statusIn(parent, "ONLINE")).toBeVisible();
    await expectServedBy(address, ["web1", "web2"]);
  } finally {
    // Leave web2 running for the other tests whatever happened.
    if ((await instanceNamed(api, "web2")).status !== "ACTIVE") await api.mutation("instance.start", { id: web2.id });
    await instancesPage.close();
  }
});
