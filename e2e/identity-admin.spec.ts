import type { Browser, BrowserContext, Locator, Page } from "@playwright/test";
import type { Api } from "./api";
import { uniqueName } from "./cloud";
import { ANONYMOUS, expect, expectNoSeriousA11yViolations, storageStateOf, test } from "./fixtures";
import { expectInvalid, expectLoaded, fieldIn, LOAD_BALANCERS, rowAction, rowOf } from "./pages";

// Admin > Identity as an admin works it in the browser: projects and users created, a role
// granted and revoked, a password set, a user disabled, a project's quota edited; each checked
// where it matters, by the user themselves logging in with a browser of their own. A non-admin
// gets no Identity panels.

const PROJECTS = "/admin/identity/projects";
const USERS = "/admin/identity/users";
const PASSWORD = "first-secret-1";

interface Project {
  id: string;
  name: string;
  enabled: boolean;
}
interface User {
  id: string;
  name: string;
  enabled: boolean;
}

const dialog = (page: Page, title: string) => page.getByRole("dialog", { name: title });
const toast = (page: Page) => page.getByRole("status");
const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });
/** A password box: its label is also the start of "Confirm Password", and its error hint describes it. */
const passwordField = (scope: Locator) => scope.getByRole("textbox", { name: "Password", exact: true });

/** A project of the test's own with a user who is a member of it, made through the API. */
async function projectWithMember(api: Api, prefix: string): Promise<{ project: Project; user: User }> {
  const project = await api.mutation<Project>("identity.createProject", { name: uniqueName(`${prefix}-project`) }, { as: "admin" });
  const user = await api.mutation<User>(
    "identity.createUser",
    { name: uniqueName(`${prefix}-user`), password: PASSWORD, project_id: project.id, role: "member" },
    { as: "admin" },
  );
  return { project, user };
}

/** Contexts the test opened for other people; closed when it ends, whatever happened. */
let contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  contexts = [];
});

/** A browser of `name`'s own (no cookies), on the login page with the name and password typed in and sent. */
async function logInFresh(browser: Browser, baseURL: string | undefined, name: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: ANONYMOUS, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto("/auth/login");
  await page.getByLabel("User Name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign In" }).click();
  return page;
}

async function expectLoggedIn(page: Page, project: string): Promise<void> {
  await expect(page).toHaveURL((url) => url.pathname === LOAD_BALANCERS);
  await expect(page.getByTestId("current-project")).toHaveText(project);
}

const expectLoginRefused = (page: Page) => expect(page.getByRole("form", { name: "Log in" }).getByRole("alert")).toContainText("Invalid credentials");

test.describe("Admin > Identity", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("an admin creates a project and a user and grants a role; the user logs in and works in that project", async ({ page, browser, baseURL, api, saveScreenshot }) => {
    const projectName = uniqueName("e2e-team");
    const userName = uniqueName("e2e-alice");

    await page.goto(PROJECTS);
    await expect(mainNav(page).getByTestId("nav-admin").getByRole("link", { name: "Projects" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
    await expect(page).toHaveTitle(/Projects - Admin/);

    // Create Project: a blank name is refused in place, a taken one with the server's message.
    await page.getByRole("button", { name: "+ Create Project" }).click();
    const create = dialog(page, "Create Project");
    await create.getByRole("button", { name: "Create Project" }).click();
    await expectInvalid(fieldIn(create, "Name"), "Project name is required");
    await fieldIn(create, "Name").fill("demo");
    await create.getByRole("button", { name: "Create Project" }).click();
    await expectInvalid(fieldIn(create, "Name"), "Duplicate entry found with name demo");
    await fieldIn(create, "Name").fill(projectName);
    await fieldIn(create, "Description").fill("Made by the e2e suite");
    await create.getByRole("button", { name: "Create Project" }).click();
    await expect(toast(page)).toContainText(`Created project ${projectName}`);
    await expect(create).toHaveCount(0);
    const projects = await api.query<Project[]>("identity.listProjects", undefined, { as: "admin" });
    const project = projects.find((p) => p.name === projectName) as Project;
    const projectRow = rowOf(page.getByRole("table", { name: "Projects" }), project.id);
    await expect(projectRow).toContainText("Made by the e2e suite");
    await expect(projectRow.getByTestId("enabled")).toHaveText("Yes");

    // Create User: the password typed twice must match.
    await mainNav(page).getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    await page.getByRole("button", { name: "+ Create User" }).click();
    const createUser = dialog(page, "Create User");
    await fieldIn(createUser, "User Name").fill(userName);
    await passwordField(createUser).fill("short");
    await fieldIn(createUser, "Confirm Password").fill("short");
    await createUser.getByRole("button", { name: "Create User" }).click();
    await expectInvalid(passwordField(createUser), "Password must be at least 8 characters");
    await passwordField(createUser).fill(PASSWORD);
    await fieldIn(createUser, "Confirm Password").fill(`${PASSWORD}x`);
    await createUser.getByRole("button", { name: "Create User" }).click();
    await expectInvalid(fieldIn(createUser, "Confirm Password"), "Passwords do not match");
    await fieldIn(createUser, "Confirm Password").fill(PASSWORD);
    await createUser.getByRole("button", { name: "Create User" }).click();
    await expect(toast(page)).toContainText(`Created user ${userName}`);
    const user = (await api.query<User[]>("identity.listUsers", undefined, { as: "admin" })).find((u) => u.name === userName) as User;
    await expect(rowOf(page.getByRole("table", { name: "Users" }), user.id).getByTestId("enabled")).toHaveText("Yes");

    // With no role anywhere, the user cannot log in to any project.
    await expectLoginRefused(await logInFresh(browser, baseURL, userName, PASSWORD));

    // Grant the user member on the project, from the project's page.
    await page.goto(PROJECTS);
    await projectRow.getByRole("link", { name: projectName }).click();
    await expect(page.getByRole("heading", { level: 1, name: projectName })).toBeVisible();
    const members = page.getByRole("region", { name: "Members" });
    await members.getByRole("button", { name: "+ Grant Role" }).click();
    const grant = dialog(page, "Grant Role");
    await fieldIn(grant, "User").selectOption({ label: userName });
    await fieldIn(grant, "Role").selectOption("member");
    await grant.getByRole("button", { name: "Grant Role" }).click();
    await expect(toast(page)).toContainText(`Granted role member on project ${projectName} to user ${userName}`);
    const assignment = members.getByRole("row").filter({ hasText: userName });
    await expect(assignment.getByTestId("role")).toHaveText("member");
    await saveScreenshot("identity-project");
    await expectNoSeriousA11yViolations(page);

    // The user logs in with a browser of their own and works in the project.
    const theirs = await logInFresh(browser, baseURL, userName, PASSWORD);
    await expectLoggedIn(theirs, projectName);
    await theirs.getByRole("button", { name: `Project: ${projectName}` }).click();
    await expect(theirs.getByRole("menu", { name: "Projects" }).getByRole("menuitemradio", { name: projectName })).toHaveAttribute("aria-checked", "true");
    await expect(mainNav(theirs).getByTestId("nav-admin")).toHaveCount(0);

    // Revoked from the user's page, the role is gone from their next request.
    await assignment.getByRole("link", { name: userName }).click();
    await expect(page.getByRole("heading", { level: 1, name: userName })).toBeVisible();
    const theirRoles = page.getByRole("region", { name: "Role Assignments" });
    const held = theirRoles.getByRole("row").filter({ hasText: projectName });
    await held.getByRole("button", { name: "Revoke Role" }).click();
    await dialog(page, "Confirm Revoke Role").getByRole("button", { name: "Revoke Role" }).click();
    await expect(toast(page)).toContainText(`Revoked role member on project ${projectName} from user ${userName}`);
    await expect(theirRoles).toContainText("This user has no role on any project");
    await theirs.reload();
    await expect(theirs).toHaveURL(/\/auth\/login/);
  });

  test("sets a password: the old one is refused at login, the new one works", async ({ page, browser, baseURL, api }) => {
    const { project, user } = await projectWithMember(api, "e2e-pw");
    await page.goto(USERS);
    const row = rowOf(page.getByRole("table", { name: "Users" }), user.id);
    await row.getByRole("button", { name: "Set Password" }).click();
    const set = dialog(page, "Set Password");
    await passwordField(set).fill("second-secret-2");
    await fieldIn(set, "Confirm Password").fill("second-secret-3");
    await set.getByRole("button", { name: "Save" }).click();
    await expectInvalid(fieldIn(set, "Confirm Password"), "Passwords do not match");
    await fieldIn(set, "Confirm Password").fill("second-secret-2");
    await set.getByRole("button", { name: "Save" }).click();
    await expect(toast(page)).toContainText(`Set a new password for user ${user.name}`);

    await expectLoginRefused(await logInFresh(browser, baseURL, user.name, PASSWORD));
    await expectLoggedIn(await logInFresh(browser, baseURL, user.name, "second-secret-2"), project.name);
  });

  test("disables a user: their login is refused until they are enabled again", async ({ page, browser, baseURL, api }) => {
    const { project, user } = await projectWithMember(api, "e2e-off");
    await page.goto(USERS);
    const row = rowOf(page.getByRole("table", { name: "Users" }), user.id);
    await rowAction(page, row, user.name, "Disable User");
    await dialog(page, "Confirm Disable User").getByRole("button", { name: "Disable User" }).click();
    await expect(toast(page)).toContainText(`Disabled user ${user.name}`);
    await expect(row.getByTestId("enabled")).toHaveText("No");
    await expectLoginRefused(await logInFresh(browser, baseURL, user.name, PASSWORD));

    await rowAction(page, row, user.name, "Enable User");
    await dialog(page, "Confirm Enable User").getByRole("button", { name: "Enable User" }).click();
    await expect(toast(page)).toContainText(`Enabled user ${user.name}`);
    await expect(row.getByTestId("enabled")).toHaveText("Yes");
    await expectLoggedIn(await logInFresh(browser, baseURL, user.name, PASSWORD), project.name);
  });

  test("edits a project and disables it, and the admin's own project cannot be disabled", async ({ page, api }) => {
    const { project } = await projectWithMember(api, "e2e-edit");
    await page.goto(PROJECTS);
    const table = page.getByRole("table", { name: "Projects" });
    const row = rowOf(table, project.id);
    await row.getByRole("button", { name: "Edit Project" }).click();
    const edit = dialog(page, "Edit Project");
    await fieldIn(edit, "Description").fill("Renamed by the e2e suite");
    await fieldIn(edit, "Name").fill(`${project.name}-b`);
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(toast(page)).toContainText(`Updated project ${project.name}-b`);
    await expect(row).toContainText("Renamed by the e2e suite");

    await rowAction(page, row, `${project.name}-b`, "Disable Project");
    await dialog(page, "Confirm Disable Project").getByRole("button", { name: "Disable Project" }).click();
    await expect(toast(page)).toContainText(`Disabled project ${project.name}-b`);
    await expect(row.getByTestId("enabled")).toHaveText("No");

    // demo is where the admin works: its menu offers no Disable.
    const projects = await api.query<Project[]>("identity.listProjects", undefined, { as: "admin" });
    const demo = projects.find((p) => p.name === "demo") as Project;
    await rowOf(table, demo.id).getByRole("button", { name: "More actions for demo" }).click();
    const menu = page.getByRole("menu", { name: "Actions for demo" });
    await expect(menu.getByRole("menuitem", { name: "Manage Members" })).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: "Disable Project" })).toHaveCount(0);
  });

  test("edits a project's quota, and the user's Create button follows it", async ({ page, browser, baseURL, api, saveScreenshot }) => {
    const { project, user } = await projectWithMember(api, "e2e-quota");
    await page.goto(`${PROJECTS}/${project.id}`);
    const quotas = page.getByRole("region", { name: "Quotas" });
    const lbQuota = rowOf(quotas.getByRole("table", { name: "Quotas" }), "loadbalancer");
    await expect(lbQuota.getByTestId("limit")).toHaveText("Unlimited");
    await expect(lbQuota.getByTestId("used")).toHaveText("0");

    const theirs = await logInFresh(browser, baseURL, user.name, PASSWORD);
    await expectLoggedIn(theirs, project.name);
    const createButton = theirs.getByRole("button", { name: /Create Load Balancer/ });
    await expect(createButton).toBeEnabled();

    // A limit that is not a whole number from -1 is refused on its field, with the API's words.
    await quotas.getByRole("button", { name: "Modify Quotas" }).click();
    const modify = dialog(page, "Modify Quotas");
    await fieldIn(modify, "Load Balancers").fill("-2");
    await modify.getByRole("button", { name: "Save" }).click();
    await expectInvalid(fieldIn(modify, "Load Balancers"), "loadbalancer quota must be -1 (unlimited) or more");
    await fieldIn(modify, "Load Balancers").fill("0");
    await modify.getByRole("button", { name: "Save" }).click();
    await expect(toast(page)).toContainText(`Updated the quotas of project ${project.name}`);
    await expect(lbQuota.getByTestId("limit")).toHaveText("0");
    await saveScreenshot("identity-quotas");
    await expectNoSeriousA11yViolations(page);

    await theirs.reload();
    await expect(createButton).toHaveText("+ Create Load Balancer (Quota exceeded)");
    await expect(createButton).toBeDisabled();

    // Back to the defaults (unlimited here), and the button is back.
    await quotas.getByRole("button", { name: "Reset to Defaults" }).click();
    await dialog(page, "Confirm Reset Quotas").getByRole("button", { name: "Reset to Defaults" }).click();
    await expect(toast(page)).toContainText(`Reset the quotas of project ${project.name} to the defaults`);
    await expect(lbQuota.getByTestId("limit")).toHaveText("Unlimited");
    await theirs.reload();
    await expect(createButton).toHaveText("+ Create Load Balancer");
    await expect(createButton).toBeEnabled();
  });
});

test.describe("a non-admin", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("gets no Admin section and no Identity panels, in the page or the API", async ({ page, api }) => {
    for (const path of [PROJECTS, USERS, "/admin/audit-log"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "Not Found" })).toBeVisible();
    }
    await page.goto(LOAD_BALANCERS);
    await expectLoaded(page.getByRole("table", { name: "Load Balancers" }));
    await expect(mainNav(page).getByTestId("nav-admin")).toHaveCount(0);
    const refused = await api.call("identity.listUsers", undefined, { as: "viewer" });
    expect(refused.error?.data.code).toBe("FORBIDDEN");
  });
});
