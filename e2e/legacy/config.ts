/** Where the e2e tests find the dashboard: E2E_BASE_URL, or the server global-setup.ts starts. */
export const DEFAULT_E2E_BASE_URL = "http://127.0.0.1:3100";

export function e2eBaseUrl(): string {
  return (process.env.E2E_BASE_URL ?? DEFAULT_E2E_BASE_URL).replace(/\/+$/, "");
}

/**
 * The passwords the test servers seed their users with (ADMIN_PASSWORD, DEMO_PASSWORD), so the
 * tests can log in. A server given by E2E_BASE_URL must have been started with the same.
 */
export const E2E_PASSWORDS = { admin: "admin-secret-1", demo: "demo-secret-1" } as const;

/** The environment that makes a test server seed those passwords. */
export const E2E_SERVER_ENV: Record<string, string> = { ADMIN_PASSWORD: E2E_PASSWORDS.admin, DEMO_PASSWORD: E2E_PASSWORDS.demo };

/**
 * The seeded users (db/seed-identities.ts): admin (admin of demo and alt), demo (member of demo),
 * viewer (reader of demo), alt (member of alt).
 */
export type E2EUser = "admin" | "demo" | "viewer" | "alt";

/** The user the tests act as unless they say otherwise: a member of the demo project. */
export const DEFAULT_E2E_USER: E2EUser = "demo";

export const passwordOf = (user: E2EUser): string => (user === "admin" ? E2E_PASSWORDS.admin : E2E_PASSWORDS.demo);
