import type { AddressInfo } from "node:net";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { openPostgres } from "@/db/client";
import { StatusFeed } from "@/server/events/statusFeed";
import { createInnerContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/router";

// A web tier as its own process, for tests that kill it (`kill -9` mid-request): the tRPC API
// on PostgreSQL with no controller (CONTROLLER=external, as in production), acting in
// PROJECT_ID. Prints `{"url": …}` on stdout once it listens.

async function main() {
  const url = process.env.DATABASE_URL;
  const projectId = process.env.PROJECT_ID;
  if (!url || !projectId) throw new Error("DATABASE_URL and PROJECT_ID are required");
  const database = await openPostgres(url);
  const feed = await StatusFeed.start(database);
  const ctx = createInnerContext({ db: database.db, projectId, feed, isAdmin: true });
  const server = createHTTPServer({ router: appRouter, basePath: "/api/trpc/", createContext: () => ctx });
  server.listen(0, "127.0.0.1", () => {
    console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc` }));
  });
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
