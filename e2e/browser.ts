import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { e2eBaseUrl } from "./config";

// The browser harness every e2e file shares: Debian's Chromium (never a downloaded one), one
// browser per file, a fresh context and page per test.

export const BASE_URL = e2eBaseUrl();
export const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
export const UI_TIMEOUT_MS = 15_000;

/** Registers the hooks; `onPage` receives each test's page and context. */
export function openBrowserPerTest(onPage: (page: Page, context: BrowserContext) => void, viewport = { width: 1280, height: 900 }): void {
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
    context = await browser.newContext({ baseURL: BASE_URL, viewport });
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    onPage(await context.newPage(), context);
  });
  afterEach(async () => {
    await context?.close();
  });
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
