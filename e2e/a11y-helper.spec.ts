import { ANONYMOUS, expect, expectNoSeriousA11yViolations, test } from "./fixtures";

// The accessibility helper of fixtures.ts, checked on one real page and on a page made to fail,
// so the specs that rely on it know that it passes a clean page and names what is wrong.

test.describe("expectNoSeriousA11yViolations", () => {
  test.use({ storageState: ANONYMOUS });

  test("passes the login page", async ({ page }) => {
    await page.goto("/auth/login");
    await expect(page.getByRole("form", { name: "Log in" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test("fails on serious and critical violations and lists them", async ({ page }) => {
    await page.goto("/auth/login");
    await expect(page.getByRole("form", { name: "Log in" })).toBeVisible();
    // A button with no name (critical) and an image with no text alternative (critical).
    await page.evaluate(() => {
      const button = document.createElement("button");
      button.id = "nameless";
      const image = document.createElement("img");
      image.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
      document.body.append(button, image);
    });
    const failure = await expectNoSeriousA11yViolations(page).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(failure).toContain("button-name (critical)");
    expect(failure).toContain("#nameless");
    expect(failure).toContain("image-alt (critical)");

    // What is excluded is not looked at.
    await page.evaluate(() => document.querySelector("img")?.remove());
    await expectNoSeriousA11yViolations(page, { exclude: ["#nameless"] });
  });
});
