import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Two projects: `unit` is pure and fast (no database, no processes); `integration` uses a real
// database (PGlite, or PostgreSQL when TEST_DB=postgres) and real HAProxy processes. The browser
// suite is Playwright Test's (playwright.config.ts).
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["**/*.unit.test.ts"], exclude: ["node_modules/**"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**"],
          globalSetup: ["./server/testing/global-setup.ts"],
          // The test process sends only to loopback and the cloud's external bridges.
          setupFiles: ["./server/testing/host-traffic-guard.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
