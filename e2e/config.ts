import path from "node:path";
import { fileURLToPath } from "node:url";
import { LIFTED_QUOTAS_ENV } from "../server/testing/lifted-quotas";

// The e2e settings every part of the harness reads (playwright.config.ts, the launcher, the
// fixtures), from the environment, so that several runs on one host keep out of each other's way:
// each has its port (E2E_PORT), its build directory (NEXT_DIST_DIR) and its output folder.

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The port of the server the launcher starts (E2E_PORT, 3100 by default). */
export function e2ePort(): number {
  const raw = process.env.E2E_PORT ?? "3100";
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error(`E2E_PORT must be a port number from 1024 to 65535, not "${raw}"`);
  return port;
}

/** Where the tests find the dashboard: E2E_BASE_URL (a server started by hand), or the launcher's. */
export function e2eBaseUrl(): string {
  return (process.env.E2E_BASE_URL ?? `http://127.0.0.1:${e2ePort()}`).replace(/\/+$/, "");
}

/**
 * The Next.js build directory (NEXT_DIST_DIR, read by next.config.ts): `.next`, or `.next-<name>`
 * for a run that must not share the build of the working tree's other runs. Only these names are
 * ignored by git, TypeScript and ESLint.
 */
export function nextDistDir(): string {
  const dir = process.env.NEXT_DIST_DIR || ".next";
  if (!/^\.next(-[A-Za-z0-9_.-]+)?$/.test(dir)) throw new Error(`NEXT_DIST_DIR must be .next or .next-<name> (letters, digits, _ . -), not "${dir}"`);
  return dir;
}

/**
 * This run's git-ignored output: Playwright's per-test output (traces, failure screenshots), the
 * HTML report, the JSON results and the logged-in state of each role. One folder per port, because
 * Playwright empties its output folder when a run starts.
 */
export function e2eOutputDir(): string {
  const key = process.env.E2E_BASE_URL ? new URL(e2eBaseUrl()).port || "external" : String(e2ePort());
  return path.join(REPO_ROOT, "test-results", `e2e-${key}`);
}

/** Screenshots the tests take on purpose (not only on failure), kept across runs for people to look at. */
export const ARTIFACTS = path.join(REPO_ROOT, "e2e", "artifacts");

/**
 * The passwords the test servers seed their users with (ADMIN_PASSWORD, DEMO_PASSWORD), so the
 * tests can log in. A server given by E2E_BASE_URL must have been started with the same.
 */
export const E2E_PASSWORDS = { admin: "admin-secret-1", demo: "demo-secret-1" } as const;

/** The servers' settings: the seeded passwords, and unlimited default quotas (the suite creates many load balancers in demo). */
export const E2E_SERVER_ENV: Record<string, string> = { ADMIN_PASSWORD: E2E_PASSWORDS.admin, DEMO_PASSWORD: E2E_PASSWORDS.demo, ...LIFTED_QUOTAS_ENV };

/**
 * The seeded users (server/identity/seed.ts): admin (the cloud admin, and admin of demo and alt), demo (member of demo),
 * viewer (reader of demo), alt (member of alt).
 */
export const E2E_USERS = ["admin", "demo", "viewer", "alt"] as const;
export type E2EUser = (typeof E2E_USERS)[number];

/** The user the tests act as unless they say otherwise: a member of the demo project. */
export const DEFAULT_E2E_USER: E2EUser = "demo";

export const passwordOf = (user: E2EUser): string => (user === "admin" ? E2E_PASSWORDS.admin : E2E_PASSWORDS.demo);

/** The logged-in browser state of `user` (its session cookie), written by auth.setup.ts. */
export const storageStateOf = (user: E2EUser): string => path.join(e2eOutputDir(), "auth", `${user}.json`);

/** What a test that starts logged out uses as its storageState. */
export const ANONYMOUS = { cookies: [], origins: [] };
