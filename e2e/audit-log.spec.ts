import { randomUUID } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import type { Api } from "./api";
import { uniqueName } from "./cloud";
import type { E2EUser } from "./config";
import { expect, expectNoSeriousA11yViolations, storageStateOf, test } from "./fixtures";
import { expectLoaded, fieldIn } from "./pages";

// Admin > Audit Log in the browser: who did what, newest first. An admin's changes made in the
// dashboard appear with their actor and outcome, a viewer's create refused by the policy appears
// as denied, the filters narrow the list on the server, and the pages come from the server.

const AUDIT_LOG = "/admin/audit-log";
const PAGE_SIZE = 25;
const POLICY_DENIED = "Policy does not allow this request to be performed.";

interface Project {
  id: string;
  name: string;
}

/** A mutation as `as`, under a request id of the test's choosing (the API takes the caller's X-OpenStack-Request-ID). */
async function mutateWithRequestId(api: Api, procedure: string, input: unknown, as: E2EUser, requestId: string): Promise<number> {
  const res = await api.fetch(`/api/trpc/${procedure}`, {
    as,
    init: { method: "POST", headers: { "content-type": "application/json", "x-openstack-request-id": requestId }, body: JSON.stringify(input) },
  });
  await res.body?.cancel();
  return res.status;
}

const auditTable = (page: Page) => page.getByRole("table", { name: "Audit Log" });
const entryWith = (table: Locator, text: string) => table.locator("tbody tr[data-row-key]").filter({ hasText: text });
const filters = (page: Page) => page.getByRole("search", { name: "Filter the audit log" });

async function openAuditLog(page: Page): Promise<Locator> {
  await page.goto(AUDIT_LOG);
  await expect(page.getByRole("heading", { level: 1, name: "Audit Log" })).toBeVisible();
  const table = auditTable(page);
  await expectLoaded(table);
  return table;
}

/**
 * Chooses a filter and waits for the server's answer to the list it asks for (`sent` is a part of
 * that input, e.g. `"outcome":"denied"`), so what follows is checked against the filtered rows.
 */
async function filterBy(page: Page, label: "User" | "Outcome", option: string, sent: string): Promise<void> {
  const answered = page.waitForResponse((res) => res.url().includes("audit.list") && decodeURIComponent(res.url()).includes(sent));
  await fieldIn(filters(page), label).selectOption({ label: option });
  await answered;
  await expectLoaded(auditTable(page));
}

async function userId(api: Api, name: string): Promise<string> {
  const user = (await api.query<Array<{ id: string; name: string }>>("identity.listUsers", undefined, { as: "admin" })).find((u) => u.name === name);
  expect(user, `the user ${name} exists`).toBeDefined();
  return user?.id ?? "";
}

test.describe("Admin > Audit Log", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("shows the admin's changes with actor and outcome and the viewer's refused create as denied; filters by user and outcome", async ({ page, api, saveScreenshot }) => {
    // The admin changes something in the dashboard, and fails to once (a name already taken).
    const name = uniqueName("e2e-audited");
    await page.goto("/admin/identity/projects");
    await page.getByRole("button", { name: "+ Create Project" }).click();
    const create = page.getByRole("dialog", { name: "Create Project" });
    await fieldIn(create, "Name").fill("demo");
    await create.getByRole("button", { name: "Create Project" }).click();
    await expect(create).toContainText("Duplicate entry found with name demo");
    await fieldIn(create, "Name").fill(name);
    await create.getByRole("button", { name: "Create Project" }).click();
    await expect(page.getByRole("status")).toContainText(`Created project ${name}`);
    const project = (await api.query<Project[]>("identity.listProjects", undefined, { as: "admin" })).find((p) => p.name === name) as Project;

    // The viewer (a reader of demo) tries to create a load balancer through the API: refused.
    const refusedId = `req-e2e-${randomUUID()}`;
    expect(await mutateWithRequestId(api, "loadBalancer.create", { name: "not-allowed" }, "viewer", refusedId)).toBe(403);

    const table = await openAuditLog(page);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit Log" })).toHaveAttribute("aria-current", "page");
    await expect(page).toHaveTitle(/Audit Log - Admin/);
    const created = entryWith(table, project.id);
    await expect(created.getByTestId("actor")).toHaveText("admin");
    await expect(created.getByTestId("project")).toHaveText("demo");
    await expect(created.getByTestId("procedure")).toHaveText("identity.createProject");
    await expect(created.getByTestId("outcome")).toHaveText("Success");
    const failed = entryWith(table, `Duplicate entry found with name demo`).first();
    await expect(failed.getByTestId("actor")).toHaveText("admin");
    await expect(failed.getByTestId("outcome")).toHaveText("Failed");
    const refused = entryWith(table, refusedId);
    await expect(refused.getByTestId("actor")).toHaveText("viewer");
    await expect(refused.getByTestId("procedure")).toHaveText("loadBalancer.create");
    await expect(refused.getByTestId("outcome")).toHaveText("Denied");
    await expect(refused).toContainText(POLICY_DENIED);
    await saveScreenshot("audit-log");
    await expectNoSeriousA11yViolations(page);

    // Only the viewer's refusals: the admin's entries leave the list, the refused create stays.
    await filterBy(page, "User", "viewer", `"user_id":"${await userId(api, "viewer")}"`);
    await filterBy(page, "Outcome", "Denied", `"outcome":"denied"`);
    await expect(refused).toBeVisible();
    await expect(created).toHaveCount(0);
    await expect(table.getByTestId("actor").filter({ hasNotText: /^viewer$/ })).toHaveCount(0);
    await expect(table.locator('[data-testid="outcome"]:not([data-outcome="denied"])')).toHaveCount(0);

    // The admin's successes: the project is there, the refusal is not.
    await filterBy(page, "User", "admin", `"user_id":"${await userId(api, "admin")}"`);
    await filterBy(page, "Outcome", "Success", `"outcome":"success"`);
    await expect(created).toBeVisible();
    await expect(refused).toHaveCount(0);
    await expect(failed).toHaveCount(0);
  });

  test("pages through the entries on the server, newest first", async ({ page, api }) => {
    // One page and two entries more of the viewer's refusals, each under a request id of its own.
    const run = randomUUID().slice(0, 8);
    const ids = Array.from({ length: PAGE_SIZE + 2 }, (_, i) => `req-e2e-page-${run}-${String(i).padStart(2, "0")}`);
    for (const id of ids) expect(await mutateWithRequestId(api, "identity.createProject", { name: "never" }, "viewer", id)).toBe(403);
    const newest = ids.at(-1) as string;
    const oldest = ids[0] as string;

    const table = await openAuditLog(page);
    await filterBy(page, "User", "viewer", `"user_id":"${await userId(api, "viewer")}"`);
    await filterBy(page, "Outcome", "Denied", `"outcome":"denied"`);
    await expect(entryWith(table, newest)).toBeVisible();
    await expect(table.locator("tbody tr[data-row-key]")).toHaveCount(PAGE_SIZE);
    await expect(entryWith(table, oldest)).toHaveCount(0);

    const pages = page.getByRole("navigation", { name: "Audit Log pages" });
    await expect(pages.getByRole("button", { name: "« Prev" })).toBeDisabled();
    await pages.getByRole("button", { name: "Next »" }).click();
    await expect(entryWith(table, oldest)).toBeVisible();
    await expect(pages.getByRole("button", { name: "« Prev" })).toBeEnabled();
    await expect(entryWith(table, newest)).toHaveCount(0);

    await pages.getByRole("button", { name: "« Prev" }).click();
    await expect(entryWith(table, newest)).toBeVisible();
    await expect(entryWith(table, oldest)).toHaveCount(0);
  });
});
