import { openDatabase, startConfiguredDataPlane } from "@/server/runtime";
import { StatusFeed } from "@/server/events/statusFeed";

// A controller worker as its own process (`npm run worker`), for deployments on PostgreSQL where
// the web tier runs with CONTROLLER=external. Several may run: each load balancer is driven by
// one worker at a time (claims with leases, server/orchestrator/claims.ts), and their status events reach every web server through
// LISTEN/NOTIFY.

async function main() {
  const database = await openDatabase();
  if (database.kind === "pglite") {
    console.error("The worker needs DATABASE_URL: an embedded PGlite database belongs to the web server's process.");
    process.exit(2);
  }
  const feed = await StatusFeed.start(database);
  // The worker owns this host's network (the web server then runs none); one worker per host.
  // …and its amphora agents, through which the controller drives every HAProxy.
  const dataPlane = await startConfiguredDataPlane(database, feed, null);
  console.log("controller worker running");
  const shutdown = async () => {
    // A pass stuck on a hung call must not keep the worker alive: another one takes over.
    setTimeout(() => process.exit(1), 15_000).unref();
    await dataPlane.stop();
    await feed.stop();
    await database.close();
    process.exit(0);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

void main();
