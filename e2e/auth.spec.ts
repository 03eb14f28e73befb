import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { SESSION_COOKIE } from "./api";
import { createBare } from "./cloud";
import { passwordOf } from "./config";
import { ANONYMOUS, expect, storageStateOf, test, useSession } from "./fixtures";
import { expectLoaded, LOAD_BALANCERS, liveIndicator, rowOf } from "./pages";

// Login, logout, roles and projects against the started production server: the login page (and
// its refusals), the redirect of an anonymous visitor and the way back, a reader offered no
// changes (and refused them by the API), a project switch that changes the lists, and a load
// balancer of another project that is not there.

const INVALID = "Invalid credentials. Check the user name and password and try again.";
const POLICY_DENIED = "Policy does not allow this request to be performed.";

interface Me {
  project: { id: string; name: string };
}

const loginForm = (page: Page) => page.getByRole("form", { name: "Log in" });
const onLoginPage = (url: URL) => url.pathname === "/auth/login";

async function openList(page: Page) {
  await page.goto(LOAD_BALANCERS);
  const table = page.getByRole("table", { name: "Load Balancers" });
  await expectLoaded(table);
  return table;
}

test.describe("login and logout", () => {
  test.use({ storageState: ANONYMOUS });

  test("sends an anonymous visitor of a deep link to the login page, refuses a wrong password, and comes back after the login", async ({ page, context, api, baseURL, saveScreenshot }) => {
    const lb = await createBare(api, "e2e-deep");
    const deepLink = `${LOAD_BALANCERS}/${lb.id}?from=e2e`;

    await page.goto(deepLink);
    await expect(page).toHaveURL(onLoginPage);
    expect(new URL(page.url()).searchParams.get("next")).toBe(deepLink);
    await expect(page).toHaveTitle("Login - LBaaS Dashboard");
    await expect(loginForm(page)).toBeVisible();
    await expect(page.getByLabel("User Name")).toBeFocused();

    // A wrong password and an unknown user read the same: nothing tells whether the user exists.
    const alert = loginForm(page).getByRole("alert");
    await page.getByLabel("User Name").fill("demo");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByLabel("Password").press("Enter");
    await expect(alert).toHaveText(INVALID);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page.getByLabel("Password")).toBeFocused();
    await saveScreenshot("login-refused");

    await page.getByLabel("User Name").fill(`nobody-${randomUUID().slice(0, 8)}`);
    await page.getByLabel("Password").fill("whatever-it-is");
    const refused = page.waitForResponse((res) => res.url().includes("/api/trpc/auth.login"));
    await page.getByRole("button", { name: "Sign In" }).click();
    expect((await refused).status()).toBe(401);
    await expect(alert).toHaveText(INVALID);
    await expect(page).toHaveURL(onLoginPage);

    await page.getByLabel("User Name").fill("demo");
    await page.getByLabel("Password").fill(passwordOf("demo"));
    await page.getByLabel("Password").press("Enter");
    await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === deepLink);
    await expect(page.getByRole("heading", { level: 1, name: lb.name })).toBeVisible();
    await expect(page.getByTestId("current-user")).toHaveText("demo");
    await expect(page.getByTestId("current-project")).toHaveText("demo");
    // The session cookie is for the server only: no script reads it.
    const cookie = (await context.cookies(baseURL)).find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.httpOnly).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);
  });

  test("signs out from the user menu: back at the login page, and the pages ask for a login again", async ({ page, context, baseURL }) => {
    // A session of this test's own: signing out ends it.
    await page.goto("/auth/login");
    await page.getByLabel("User Name").fill("demo");
    await page.getByLabel("Password").fill(passwordOf("demo"));
    await page.getByLabel("Password").press("Enter");
    await expect(page).toHaveURL((url) => url.pathname === LOAD_BALANCERS);

    await page.getByRole("button", { name: "User menu for demo" }).click();
    await page.getByRole("menu", { name: "User demo" }).getByRole("menuitem", { name: "Sign Out" }).click();
    await expect(page).toHaveURL(onLoginPage);
    await expect(loginForm(page)).toBeVisible();
    expect((await context.cookies(baseURL)).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();

    await page.goto("/project/compute/instances");
    await expect(page).toHaveURL(onLoginPage);
    expect(new URL(page.url()).searchParams.get("next")).toBe("/project/compute/instances");
  });

  test.describe(() => {
    test.use({ storageState: storageStateOf("demo") });

    test("sends a visitor already logged in from the login page to the load balancers", async ({ page }) => {
      await page.goto("/auth/login");
      await expect(page).toHaveURL((url) => url.pathname === LOAD_BALANCERS);
      await expect(page.getByRole("heading", { level: 1, name: "Load Balancers" })).toBeVisible();
    });
  });

  test("sends a visitor whose cookie names no session (expired, logged out) to the login page", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: SESSION_COOKIE, value: "no-such-session", url: baseURL }]);
    const response = await page.goto("/project/compute/instances?x=1");
    await expect(page).toHaveURL(onLoginPage);
    expect(new URL(page.url()).searchParams.get("next")).toBe("/project/compute/instances?x=1");
    expect(response?.ok()).toBe(true);
    await expect(loginForm(page)).toBeVisible();
  });

  test("shows the limiter's message after too many failed logins of one user", async ({ page, api }) => {
    const name = `locked-${randomUUID().slice(0, 8)}`;
    // The form is ready first: past three free failures the wait is a second or two, and the
    // browser's attempt must come within it.
    await page.goto("/auth/login");
    await page.getByLabel("User Name").fill(name);
    await page.getByLabel("Password").fill("wrong-password");
    const codes: (string | undefined)[] = [];
    while (codes.length < 10 && codes.at(-1) !== "TOO_MANY_REQUESTS") {
      codes.push((await api.call("auth.login", { name, password: "wrong-password" }, { mutation: true, as: null })).error?.data.code);
    }
    expect(codes.slice(0, 3)).toEqual(["UNAUTHORIZED", "UNAUTHORIZED", "UNAUTHORIZED"]);
    expect(codes.at(-1)).toBe("TOO_MANY_REQUESTS");
    await page.getByRole("button", { name: "Sign In" }).click();
    await expect(loginForm(page).getByRole("alert")).toHaveText(/^Too many failed logins\. Try again in \d+ (second|minute)\(s\)\.$/);
  });
});

test.describe("a reader (viewer, reader of demo)", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("is offered no create, edit, delete, start or stop, and the API refuses a create", async ({ page, api, saveScreenshot }) => {
    const lb = await createBare(api, "e2e-viewer");

    const table = await openList(page);
    await expect(rowOf(table, lb.id)).toBeVisible();
    await expect(page.getByTestId("current-user")).toHaveText("viewer");
    await expect(page.getByRole("button", { name: /Create Load Balancer/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Delete Load Balancers/ })).toHaveCount(0);
    await expect(table.getByRole("columnheader", { name: "Actions" })).toHaveCount(0);
    await expect(table.getByRole("checkbox")).toHaveCount(0);
    await saveScreenshot("viewer-list");

    await page.goto(`${LOAD_BALANCERS}/${lb.id}`);
    await expect(page.getByRole("heading", { level: 1, name: lb.name })).toBeVisible();
    await expect(page.getByRole("tab", { name: /Listeners/ })).toBeVisible();
    for (const action of ["Edit Load Balancer", "Delete Load Balancer", "Associate Floating IP"]) {
      await expect(page.getByRole("button", { name: action }), action).toHaveCount(0);
    }
    await page.getByRole("tab", { name: /Listeners/ }).click();
    await expectLoaded(page.getByRole("table", { name: "Listeners" }));
    await expect(page.getByRole("button", { name: /Create Listener/ })).toHaveCount(0);

    await page.goto("/project/compute/instances");
    await expect(page.getByRole("table", { name: "Instances" }).getByRole("cell", { name: "web1", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: /^(Start|Stop) / })).toHaveCount(0);

    const refused = await api.call("loadBalancer.create", { name: "viewer-lb", vip_subnet_id: randomUUID() }, { mutation: true, as: "viewer" });
    expect(refused.status).toBe(403);
    expect(refused.error?.data.code).toBe("FORBIDDEN");
    expect(refused.error?.message).toBe(POLICY_DENIED);
  });
});

test.describe("projects", () => {
  test.use({ storageState: ANONYMOUS });

  test("switches the admin from demo to alt in the top bar, and the load balancer list changes with it", async ({ page, context, api, saveScreenshot }) => {
    const demoMe = await api.query<Me>("auth.me", undefined, { as: "demo" });
    const inDemo = await createBare(api, "e2e-in-demo", "demo");
    const inAlt = await createBare(api, "e2e-in-alt", "alt");
    // A session of this test's own (a switch changes the session), scoped to demo at login.
    await useSession(context, await api.logIn("admin", { projectId: demoMe.project.id }));

    const table = await openList(page);
    await expect(page.getByTestId("current-project")).toHaveText("demo");
    await expect(rowOf(table, inDemo.id)).toBeVisible();
    await expect(rowOf(table, inAlt.id)).toHaveCount(0);

    await page.getByRole("button", { name: "Project: demo" }).click();
    const projects = page.getByRole("menu", { name: "Projects" });
    await expect(projects.getByRole("menuitemradio", { name: "demo" })).toHaveAttribute("aria-checked", "true");
    await projects.getByRole("menuitemradio", { name: "alt" }).click();

    await expect(page.getByTestId("current-project")).toHaveText("alt");
    await expect(rowOf(table, inAlt.id)).toBeVisible();
    await expect(rowOf(table, inDemo.id)).toHaveCount(0);
    await expect(page).toHaveURL((url) => url.pathname === LOAD_BALANCERS);
    // The status stream was opened again, in the new project.
    await expect(liveIndicator(page)).toBeAttached();
    await saveScreenshot("switched-to-alt");

    // A reload keeps the project: the session holds it.
    await page.reload();
    await expect(rowOf(table, inAlt.id)).toBeVisible();
    await expect(page.getByTestId("current-project")).toHaveText("alt");
  });

  test.describe(() => {
    test.use({ storageState: storageStateOf("alt") });

    test("shows the Not Found page to alt for a demo load balancer opened by its address", async ({ page, api }) => {
      const inDemo = await createBare(api, "e2e-not-alts", "demo");
      const response = await page.goto(`${LOAD_BALANCERS}/${inDemo.id}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "Not Found" })).toBeVisible();
      await expect(page.getByTestId("current-project")).toHaveText("alt");
      await expect(page.getByText(inDemo.name)).toHaveCount(0);

      const answer = await api.call("loadBalancer.get", { id: inDemo.id }, { as: "alt" });
      expect(answer.error?.data.code).toBe("NOT_FOUND");
    });
  });
});
