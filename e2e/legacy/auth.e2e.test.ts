import { randomUUID } from "node:crypto";
import { type BrowserContext, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { logIn, sessionOf, trpcCall, trpcMutation, trpcQuery } from "./api";
import { BASE_URL, logInThroughPage, openBrowserPerTest, screenshot, addSessionCookie } from "./browser";
import { type E2EUser, passwordOf } from "./config";

// Login, logout, roles and projects in Debian's Chromium against the started production server:
// the login page (and its refusals), the redirect of an anonymous visitor and the way back, a
// reader offered no changes (and refused them by the API), a project switch that changes the
// lists, and a load balancer of another project that is not there. Each test picks its user.

let page: Page;
let context: BrowserContext;
openBrowserPerTest(
  (p, c) => {
    page = p;
    context = c;
  },
  { width: 1280, height: 900 },
  { as: null },
);

const LIST = "/project/network/load-balancers";
const INVALID = "Invalid credentials. Check the user name and password and try again.";
const POLICY_DENIED = "Policy does not allow this request to be performed.";

interface LoadBalancer {
  id: string;
  name: string;
}
interface Me {
  user: { id: string; name: string };
  project: { id: string; name: string };
  roles: string[];
  projects: { id: string; name: string }[];
}

/** The browser context as `user`, with that user's session for this file. */
async function actAs(user: E2EUser): Promise<void> {
  await addSessionCookie(context, await sessionOf(user));
}

/** A load balancer without listeners (the cheapest kind) in `user`'s project. */
async function createBare(user: E2EUser, prefix: string): Promise<LoadBalancer> {
  const subnets = await trpcQuery<Array<{ id: string; name: string }>>("subnet.list", undefined, { as: user });
  const subnet = subnets.find((s) => s.name === (user === "alt" ? "alt-subnet" : "selfservice-subnet"));
  expect(subnet, `${user} sees its project's subnet`).toBeDefined();
  return trpcMutation<LoadBalancer>("loadBalancer.create", { name: `${prefix}-${randomUUID().slice(0, 8)}`, vip_subnet_id: subnet?.id }, { as: user });
}

const loginForm = () => page.getByRole("form", { name: "Log in" });
const alert = () => loginForm().getByRole("alert");
const isFocused = (label: string) => page.getByLabel(label).evaluate((el) => el === document.activeElement);

async function openList() {
  await page.goto(LIST);
  const table = page.getByRole("table", { name: "Load Balancers" });
  await table.and(page.locator('[aria-busy="false"]')).waitFor();
  return table;
}

describe("login and logout", () => {
  it("sends an anonymous visitor of a deep link to the login page, refuses a wrong password, and comes back after the login", async () => {
    const lb = await createBare("demo", "e2e-deep");
    const deepLink = `/project/network/load-balancers/${lb.id}?from=e2e`;

    await page.goto(deepLink);
    await page.waitForURL((url) => url.pathname === "/auth/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe(deepLink);
    expect(await page.title()).toBe("Login - LBaaS Dashboard");
    await loginForm().waitFor();
    expect(await isFocused("User Name")).toBe(true);

    // A wrong password and an unknown user read the same: nothing tells whether the user exists.
    await page.getByLabel("User Name").fill("demo");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByLabel("Password").press("Enter");
    await alert().getByText(INVALID).waitFor();
    expect(await page.getByLabel("Password").inputValue()).toBe("");
    expect(await isFocused("Password")).toBe(true);
    await screenshot(page, "login-refused");

    await page.getByLabel("User Name").fill(`nobody-${randomUUID().slice(0, 8)}`);
    await page.getByLabel("Password").fill("whatever-it-is");
    await page.getByRole("button", { name: "Sign In" }).click();
    await expect.poll(() => alert().textContent()).toBe(INVALID);
    expect(new URL(page.url()).pathname).toBe("/auth/login");

    await page.getByLabel("User Name").fill("demo");
    await page.getByLabel("Password").fill(passwordOf("demo"));
    await page.getByLabel("Password").press("Enter");
    await page.waitForURL((url) => `${url.pathname}${url.search}` === deepLink);
    await page.getByRole("heading", { level: 1, name: lb.name }).waitFor();
    expect(await page.getByTestId("current-user").textContent()).toBe("demo");
    expect(await page.getByTestId("current-project").textContent()).toBe("demo");
    // The session cookie is for the server only: no script reads it.
    const cookie = (await context.cookies(BASE_URL)).find((c) => c.name === "lbaas_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toContain("lbaas_session");
  });

  it("signs out from the user menu: back at the login page, and the pages ask for a login again", async () => {
    await logInThroughPage(page, "demo");
    await page.waitForURL((url) => url.pathname === LIST);
    await page.getByRole("button", { name: "User menu for demo" }).click();
    await page.getByRole("menu", { name: "User demo" }).getByRole("menuitem", { name: "Sign Out" }).click();
    await page.waitForURL((url) => url.pathname === "/auth/login");
    await loginForm().waitFor();
    expect((await context.cookies(BASE_URL)).find((c) => c.name === "lbaas_session")).toBeUndefined();

    await page.goto("/project/compute/instances");
    await page.waitForURL((url) => url.pathname === "/auth/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/project/compute/instances");
  });

  it("sends a visitor already logged in from the login page to the load balancers", async () => {
    await actAs("demo");
    await page.goto("/auth/login");
    await page.waitForURL((url) => url.pathname === LIST);
    await page.getByRole("heading", { level: 1, name: "Load Balancers" }).waitFor();
  });

  it("sends a visitor whose cookie names no session (expired, logged out) to the login page", async () => {
    await context.addCookies([{ name: "lbaas_session", value: "no-such-session", url: BASE_URL }]);
    const response = await page.goto("/project/compute/instances?x=1");
    await page.waitForURL((url) => url.pathname === "/auth/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/project/compute/instances?x=1");
    expect(response?.ok()).toBe(true);
    await loginForm().waitFor();
  });

  it("shows the limiter's message after too many failed logins of one user", async () => {
    const name = `locked-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 5; i += 1) {
      const answer = await trpcCall("auth.login", { name, password: "wrong-password" }, { mutation: true, as: null });
      expect(answer.error?.data.code).toBe("UNAUTHORIZED");
    }
    await page.goto("/auth/login");
    await page.getByLabel("User Name").fill(name);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign In" }).click();
    await alert().getByText(/^Too many failed logins\. Try again in \d+ minute\(s\)\.$/).waitFor();
  });
});

describe("a reader (viewer, reader of demo)", () => {
  it("is offered no create, edit, delete, start or stop, and the API refuses a create", async () => {
    const lb = await createBare("demo", "e2e-viewer");
    await actAs("viewer");

    const table = await openList();
    await table.locator(`tbody tr[data-row-key="${lb.id}"]`).waitFor();
    expect(await page.getByTestId("current-user").textContent()).toBe("viewer");
    expect(await page.getByRole("button", { name: /Create Load Balancer/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Delete Load Balancers/ }).count()).toBe(0);
    expect(await table.getByRole("columnheader", { name: "Actions" }).count()).toBe(0);
    expect(await table.getByRole("checkbox").count()).toBe(0);
    await screenshot(page, "viewer-list");

    await page.goto(`${LIST}/${lb.id}`);
    await page.getByRole("heading", { level: 1, name: lb.name }).waitFor();
    await page.getByRole("tab", { name: /Listeners/ }).waitFor();
    for (const action of ["Edit Load Balancer", "Delete Load Balancer", "Associate Floating IP"]) {
      expect(await page.getByRole("button", { name: action }).count(), action).toBe(0);
    }
    await page.getByRole("tab", { name: /Listeners/ }).click();
    await page.getByRole("table", { name: "Listeners" }).and(page.locator('[aria-busy="false"]')).waitFor();
    expect(await page.getByRole("button", { name: /Create Listener/ }).count()).toBe(0);

    await page.goto("/project/compute/instances");
    await page.getByRole("table", { name: "Instances" }).getByRole("cell", { name: "web1", exact: true }).waitFor();
    expect(await page.getByRole("button", { name: /^(Start|Stop) / }).count()).toBe(0);

    const refused = await trpcCall("loadBalancer.create", { name: "viewer-lb", vip_subnet_id: randomUUID() }, { mutation: true, as: "viewer" });
    expect(refused.status).toBe(403);
    expect(refused.error?.data.code).toBe("FORBIDDEN");
    expect(refused.error?.message).toBe(POLICY_DENIED);
  });
});

describe("projects", () => {
  it("switches the admin from demo to alt in the top bar, and the load balancer list changes with it", async () => {
    const demoMe = await trpcQuery<Me>("auth.me", undefined, { as: "demo" });
    const inDemo = await createBare("demo", "e2e-in-demo");
    const inAlt = await createBare("alt", "e2e-in-alt");
    // A session of this test's own (a switch changes the session), scoped to demo at login.
    await addSessionCookie(context, await logIn("admin", { projectId: demoMe.project.id }));

    const table = await openList();
    expect(await page.getByTestId("current-project").textContent()).toBe("demo");
    await table.locator(`tbody tr[data-row-key="${inDemo.id}"]`).waitFor();
    expect(await table.locator(`tbody tr[data-row-key="${inAlt.id}"]`).count()).toBe(0);

    await page.getByRole("button", { name: "Project: demo" }).click();
    const projects = page.getByRole("menu", { name: "Projects" });
    expect(await projects.getByRole("menuitemradio", { name: "demo" }).getAttribute("aria-checked")).toBe("true");
    await projects.getByRole("menuitemradio", { name: "alt" }).click();

    await expect.poll(() => page.getByTestId("current-project").textContent()).toBe("alt");
    await table.locator(`tbody tr[data-row-key="${inAlt.id}"]`).waitFor();
    expect(await table.locator(`tbody tr[data-row-key="${inDemo.id}"]`).count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe(LIST);
    // The status stream was opened again, in the new project.
    await page.locator('[data-testid="live-indicator"][data-feed-status="pending"]').waitFor();
    await screenshot(page, "switched-to-alt");

    // A reload keeps the project: the session holds it.
    await page.reload();
    await table.locator(`tbody tr[data-row-key="${inAlt.id}"]`).waitFor();
    expect(await page.getByTestId("current-project").textContent()).toBe("alt");
  });

  it("shows the Not Found page to alt for a demo load balancer opened by its address", async () => {
    const inDemo = await createBare("demo", "e2e-not-alts");
    await actAs("alt");
    const response = await page.goto(`${LIST}/${inDemo.id}`);
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { level: 1, name: "Not Found" }).waitFor();
    expect(await page.getByTestId("current-project").textContent()).toBe("alt");
    expect(await page.getByText(inDemo.name).count()).toBe(0);

    const answer = await trpcCall("loadBalancer.get", { id: inDemo.id }, { as: "alt" });
    expect(answer.error?.data.code).toBe("NOT_FOUND");
  });
});
