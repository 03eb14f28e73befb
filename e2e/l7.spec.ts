import { createLoadBalancer, instanceNamed, loadBalancerOnceActive, reach, uniqueName } from "./cloud";
import { expect, expectNoSeriousA11yViolations, test } from "./fixtures";
import { expectInvalid, fieldIn, LOAD_BALANCERS, rowAction } from "./pages";
import { httpGet } from "./traffic";

// L7 policies and rules through the dashboard, checked with real requests through the VIP: a
// pool redirect for /api, a REJECT moved in front of it, and a rule deleted so that REJECT
// matches nothing again.

/** Waits until GET <path> through the VIP answers `answer` ("200 web2", "403 …"). */
async function expectAnswer(vip: string, path: string, answer: RegExp): Promise<void> {
  await expect.poll(() => httpGet(vip, path), { message: `http://${vip}${path} answers ${answer}`, timeout: 30_000 }).toMatch(answer);
}

test("an L7 policy and rule added on the listener page route /api to another pool, and reordering and rule deletion change the routing", async ({
  page,
  api,
  saveScreenshot,
}) => {
  test.setTimeout(180_000);
  const [web1, web2] = [await instanceNamed(api, "web1"), await instanceNamed(api, "web2")];
  const lb = await createLoadBalancer(api, "e2e-l7", {
    listeners: [
      {
        name: "http-in",
        protocol: "HTTP",
        protocol_port: 80,
        default_pool: { name: "web1-pool", protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", members: [{ address: web1.fixed_ip, protocol_port: 80 }] },
      },
    ],
  });
  const poolName = uniqueName("api-pool");
  const apiPool = await api.mutation<{ id: string }>("pool.create", { loadbalancer_id: lb.id, name: poolName, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN" });
  await loadBalancerOnceActive(api, lb.id);
  await api.mutation("member.create", { pool_id: apiPool.id, address: web2.fixed_ip, protocol_port: 80 });
  await loadBalancerOnceActive(api, lb.id);
  const listenerId = lb.listeners[0]?.id ?? "";
  const vip = await reach(api, lb);
  await expectAnswer(vip, "/api/users", /^200 web1$/);

  // The listener page: Create L7 Policy, checked on the client first.
  await page.goto(`${LOAD_BALANCERS}/${lb.id}/listeners/${listenerId}`);
  const panel = page.getByRole("region", { name: "L7 Policies" });
  const policies = panel.getByRole("table", { name: "L7 Policies" });
  await expect(policies).toContainText("No L7 policies");
  await panel.getByRole("button", { name: "+ Create L7 Policy" }).click();
  const create = page.getByRole("dialog", { name: "Create L7 Policy" });
  await fieldIn(create, "Name").fill("to-api");
  await create.getByRole("button", { name: "Create L7 Policy" }).click();
  await expectInvalid(fieldIn(create, "Redirect Pool"), "redirect_pool_id or redirect_pool must not be None");
  await fieldIn(create, "Redirect Pool").selectOption({ label: `${poolName} (HTTP)` });
  await create.getByRole("button", { name: "Create L7 Policy" }).click();
  await expect(create).toBeHidden();
  const toApi = policies.locator("tbody tr", { hasText: "to-api" });
  await expect(toApi).toContainText(poolName);
  // Live: PENDING_CREATE becomes ACTIVE without a reload.
  await expect(toApi.locator('[data-status="ACTIVE"]')).toBeVisible({ timeout: 30_000 });

  // Its page: a PATH STARTS_WITH /api rule, the key field shown only for the types that have one.
  await toApi.getByRole("link", { name: "to-api" }).click();
  await expect(page).toHaveTitle(/^to-api - L7 Policies/);
  await expect(page.getByRole("navigation", { name: /breadcrumb/i })).toContainText("http-in");
  const rulesPanel = page.getByRole("region", { name: "L7 Rules" });
  await rulesPanel.getByRole("button", { name: "+ Create L7 Rule" }).click();
  const ruleDialog = page.getByRole("dialog", { name: "Create L7 Rule" });
  await fieldIn(ruleDialog, "Type").selectOption("HEADER");
  await expect(fieldIn(ruleDialog, "Header Name")).toBeVisible();
  await fieldIn(ruleDialog, "Type").selectOption("PATH");
  await expect(fieldIn(ruleDialog, "Header Name")).toHaveCount(0);
  await fieldIn(ruleDialog, "Compare Type").selectOption("STARTS_WITH");
  await fieldIn(ruleDialog, "Value").fill("/api");
  await ruleDialog.getByRole("button", { name: "Create L7 Rule" }).click();
  await expect(ruleDialog).toBeHidden();
  const rules = rulesPanel.getByRole("table", { name: "L7 Rules" });
  await expect(rules.locator("tbody tr").first()).toContainText("/api");
  await expect(rules.locator('tbody tr [data-status="ACTIVE"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("region", { name: "L7 Policy Details" }).locator('[data-status="ACTIVE"]')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await saveScreenshot("l7-policy");

  await expectAnswer(vip, "/api/users", /^200 web2$/);
  await expectAnswer(vip, "/", /^200 web1$/);

  // A REJECT for /api behind it changes nothing until the dashboard moves it to position 1.
  const reject = await api.mutation<{ id: string }>("l7Policy.create", {
    listener_id: listenerId,
    name: "block-api",
    action: "REJECT",
    rules: [{ type: "PATH", compare_type: "STARTS_WITH", value: "/api" }],
  });
  await loadBalancerOnceActive(api, lb.id);
  await expectAnswer(vip, "/api/users", /^200 web2$/);
  await page.goto(`${LOAD_BALANCERS}/${lb.id}/listeners/${listenerId}`);
  const blockApi = policies.locator("tbody tr", { hasText: "block-api" });
  await expect(blockApi.locator("td").first()).toHaveText("2");
  await rowAction(page, blockApi, "block-api", "Move Up");
  await expect(blockApi.locator("td").first()).toHaveText("1");
  await expect(toApi.locator("td").first()).toHaveText("2");
  await expect(blockApi.locator('[data-status="ACTIVE"]')).toBeVisible({ timeout: 30_000 });
  await expectAnswer(vip, "/api/users", /^403 /);

  // Deleting REJECT's only rule leaves it matching nothing: /api reaches the other pool again.
  await blockApi.getByRole("link", { name: "block-api" }).click();
  await expect(page).toHaveURL(new RegExp(`/l7policies/${reject.id}$`));
  const blockRule = page.getByRole("table", { name: "L7 Rules" }).locator("tbody tr").first();
  await rowAction(page, blockRule, "PATH STARTS_WITH /api", "Delete L7 Rule");
  await page.getByRole("dialog", { name: "Confirm Delete L7 Rule" }).getByRole("button", { name: "Delete L7 Rule" }).click();
  await expect(page.getByRole("table", { name: "L7 Rules" })).toContainText("No rules", { timeout: 30_000 });
  await expectAnswer(vip, "/api/users", /^200 web2$/);
});

test("a TCP listener's page says why it has no L7 policies", async ({ page, api }) => {
  const lb = await createLoadBalancer(api, "e2e-l7-tcp", { listeners: [{ protocol: "TCP", protocol_port: 7000 }] });
  await page.goto(`${LOAD_BALANCERS}/${lb.id}/listeners/${lb.listeners[0]?.id ?? ""}`);
  const panel = page.getByRole("region", { name: "L7 Policies" });
  await expect(panel).toContainText("only HTTP and TERMINATED_HTTPS listeners take L7 policies");
  await expect(panel.getByRole("button", { name: /Create L7 Policy/ })).toHaveCount(0);
});
