import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres-server";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

/**
 * With TEST_DB=postgres the integration suite runs against a real PostgreSQL: the one at
 * TEST_DATABASE_URL, or one started here for the run. Otherwise every test file uses PGlite.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DB !== "postgres") {
    project.provide("postgresUrl", null);
    return;
  }
  if (process.env.TEST_DATABASE_URL) {
    project.provide("postgresUrl", process.env.TEST_DATABASE_URL);
    return;
  }
  const server = await startPostgres(Number(process.env.TEST_PG_PORT ?? 55432));
  project.provide("postgresUrl", server.url);
  return () => server.stop();
}
