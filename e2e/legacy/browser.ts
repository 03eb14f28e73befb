import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { type Session, sessionOf } from "./api";
import { DEFAULT_E2E_USER, type E2EUser, e2eBaseUrl, passwordOf } from "./config";

// The browser harness every e2e file shares: Debian's Chromium (never a downloaded one), one
// browser per file, a fresh context and page per test, logged in unless the test says not.

export const BASE_URL = e2eBaseUrl();
export const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
export const UI_TIMEOUT_MS = 15_000;

export interface BrowserLogin {
  /**
   * Who the context is logged in as (`demo`, a member of the demo project, by default); null
   * for an anonymous visitor. The session is the user's one for the test file (logged in once
   * through `auth.login`), its cookie put in each new context: a test that logs out or switches
   * projects logs in on its own (`logInThroughPage`, or `logIn` from api.ts and `addSessionCookie`).
   */
  as?: E2EUser | null;
  /** The server the session is for, when the file starts its own (read when each test starts). */
  baseUrl?: () => string;
}

/** Puts `session`'s cookie in the context, as the login response would have. */
export async function addSessionCookie(context: BrowserContext, session: Session): Promise<void> {
  await context.addCookies([{ name: "lbaas_session", value: session.secret, url: session.baseUrl, httpOnly: true, sameSite: "Lax" }]);
}

/** Registers the hooks; `onPage` receives each test's page and context. */
export function openBrowserPerTest(
  onPage: (page: Page, context: BrowserContext) => void,
  viewport = { width: 1280, height: 900 },
  login: BrowserLogin = {},
): void {
  let browser: Browser;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    const baseUrl = login.baseUrl?.() ?? BASE_URL;
    context = await browser.newContext({ baseURL: baseUrl, viewport });
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    const user = login.as === undefined ? DEFAULT_E2E_USER : login.as;
    if (user !== null) await addSessionCookie(context, await sessionOf(user, baseUrl));
    onPage(await context.newPage(), context);
  });
  afterEach(async () => {
    await context?.close();
  });
}

/**
 * Logs in the way a person does: the login page, user name, password, Enter. Starts from
 * `from` (a page behind login, which sends the visitor to the login page and back after).
 */
export async function logInThroughPage(page: Page, user: E2EUser, from = "/auth/login"): Promise<void> {
  await page.goto(from);
  await page.waitForURL((url) => url.pathname === "/auth/login");
  await page.getByLabel("User Name").fill(user);
  await page.getByLabel("Password").fill(passwordOf(user));
  await page.getByLabel("Password").press("Enter");
  await page.waitForURL((url) => url.pathname !== "/auth/login");
}

/** The whole page: the shell scrolls inside <main>, so the window grows to its content for the picture. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const size = page.viewportSize();
  const height = await page.evaluate(() => (document.querySelector("main")?.scrollHeight ?? 0) + 44);
  if (size && height > size.height) await page.setViewportSize({ width: size.width, height });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  if (size) await page.setViewportSize(size);
}
