// Run by start.sh before the server: migrates and seeds the database as the server would at its
// start, so a first start prints its generated passwords right above the Dashboard line rather
// than whenever the server's runtime comes up. Later starts say where the passwords are.
import fs from "node:fs";
import { assertNetworkHost, credentialsFile, openDatabase, seedDatabase } from "@/server/runtime";

async function main() {
  // Before anything is written: a host that cannot carry the cloud's network says so now, with
  // what to do, instead of a server that starts and fails at its first load balancer.
  await assertNetworkHost();
  const database = await openDatabase();
  try {
    const { generated } = await seedDatabase(database);
    if (generated) return;
    // Seeded before: with the passwords of that first start.
    console.log(
      fs.existsSync(credentialsFile())
        ? `Passwords: generated at first start, in ${credentialsFile()}`
        : "Passwords: those ADMIN_PASSWORD and DEMO_PASSWORD had at first start",
    );
  } finally {
    // PGlite admits one opener: the server opens it next.
    await database.close();
  }
}

void main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error && err.message.startsWith("Cannot start") ? err.message : err);
    process.exit(1);
  },
);
