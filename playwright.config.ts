import path from "node:path";
import { defineConfig } from "@playwright/test";
import { e2eBaseUrl, e2eOutputDir, storageStateOf } from "./e2e/config";

// The browser suite (e2e/*.spec.ts) in Debian's Chromium (never a downloaded browser) against the
// production build: e2e/serve.ts builds it when stale and starts it on E2E_PORT with a fresh
// database, and stops it (with every HAProxy it started) at the end. With E2E_BASE_URL set, the
// tests use that server as it is. One worker: the tests share one server and its demo cloud.
// docs/testing.md says how to run it, and how to run several at once on one host.

const output = e2eOutputDir();
const external = Boolean(process.env.E2E_BASE_URL);

export default defineConfig({
  testDir: "e2e",
  outputDir: path.join(output, "results"),
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // One test may create a load balancer, wait for its HAProxy and send traffic through it.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [
    ["list"],
    ["html", { outputFolder: path.join(output, "report"), open: "never" }],
    ["json", { outputFile: path.join(output, "results.json") }],
  ],
  use: {
    baseURL: e2eBaseUrl(),
    viewport: { width: 1280, height: 900 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    },
  },
  projects: [
    { name: "setup", testMatch: "auth.setup.ts" },
    {
      name: "chromium",
      testMatch: "*.spec.ts",
      dependencies: ["setup"],
      use: { storageState: storageStateOf("demo") },
    },
  ],
  webServer: external
    ? undefined
    : {
        // exec: the launcher is the runner's own child, so it notices when the runner dies.
        command: "exec node --import tsx e2e/serve.ts",
        url: `${e2eBaseUrl()}/auth/login`,
        reuseExistingServer: false,
        // A build on a busy machine takes minutes; the start itself seconds.
        timeout: 20 * 60_000,
        stdout: "ignore",
        stderr: "pipe",
        // The launcher stops next and the HAProxies on SIGTERM (killing the group would leave the HAProxies).
        gracefulShutdown: { signal: "SIGTERM", timeout: 60_000 },
      },
});
