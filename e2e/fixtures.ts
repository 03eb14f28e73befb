import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { Api } from "./api";
import { ARTIFACTS, e2eBaseUrl } from "./config";

// What every spec shares, as Playwright fixtures: `api` (tRPC calls as a role, demo unless a call
// says otherwise) and `saveScreenshot` (a picture of the whole page into e2e/artifacts). The browser
// context is logged in as demo (a member of demo) through playwright.config.ts's storageState; a
// spec or describe picks another role with `test.use({ storageState: storageStateOf("viewer") })`,
// or none with `test.use({ storageState: ANONYMOUS })`.

export interface E2EFixtures {
  api: Api;
  /** Saves the whole page (the shell scrolls inside <main>) as e2e/artifacts/<name>.png. */
  saveScreenshot: (name: string) => Promise<void>;
}

export const test = base.extend<E2EFixtures>({
  api: async ({ baseURL }, provide) => {
    await provide(new Api(baseURL ?? e2eBaseUrl()));
  },
  saveScreenshot: async ({ page }, provide) => {
    await provide((name) => screenshotOf(page, name));
  },
});

export { expect };
export { ANONYMOUS, storageStateOf } from "./config";
export { useSession } from "./api";

async function screenshotOf(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const size = page.viewportSize();
  // The window grows to the content for the picture, then goes back.
  const height = await page.evaluate(() => (document.querySelector("main")?.scrollHeight ?? 0) + 44);
  if (size && height > size.height) await page.setViewportSize({ width: size.width, height });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  if (size) await page.setViewportSize(size);
}

/**
 * Runs axe on the page as it is and fails listing every violation of impact serious or critical
 * (rule, impact, help and the elements it found), so the failure says what to fix.
 */
export async function expectNoSeriousA11yViolations(page: Page, opts: { exclude?: string[] } = {}): Promise<void> {
  let builder = new AxeBuilder({ page });
  for (const selector of opts.exclude ?? []) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const listed = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}`).join("\n")}`);
  expect(listed, `serious or critical accessibility violations on ${page.url()}:\n${listed.join("\n")}`).toEqual([]);
}
