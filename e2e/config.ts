/** Where the e2e tests find the dashboard: E2E_BASE_URL, or the server global-setup.ts starts. */
export const DEFAULT_E2E_BASE_URL = "http://127.0.0.1:3100";

export function e2eBaseUrl(): string {
  return (process.env.E2E_BASE_URL ?? DEFAULT_E2E_BASE_URL).replace(/\/+$/, "");
}
